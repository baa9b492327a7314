import { z } from 'zod';

/**
 * A reporting period in China time, as the consoles and the API name it:
 * `2018-03-05` (a day), `2018-03` (a month), `2018-Q1`, `2018-H1`, `2018` or a custom
 * `2018-01-01..2018-06-30` (inclusive). `from` and `to` are inclusive China-time days.
 */
export type TPeriod = {
  key: string;
  kind: 'day' | 'month' | 'quarter' | 'half' | 'year' | 'custom';
  from: string;
  to: string;
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthRange = (y: number, m1: number, m2: number) => ({
  from: `${y}-${pad(m1)}-01`,
  to: `${y}-${pad(m2)}-${pad(lastDay(y, m2))}`,
});
const isDay = (s: string) => z.iso.date().safeParse(s).success;

export function parsePeriod(key: string): TPeriod | null {
  let m: RegExpMatchArray | null;
  if (isDay(key)) return { key, kind: 'day', from: key, to: key };
  if ((m = key.match(/^(\d{4})-(\d{2})$/)) && +m[2]! >= 1 && +m[2]! <= 12)
    return { key, kind: 'month', ...monthRange(+m[1]!, +m[2]!, +m[2]!) };
  if ((m = key.match(/^(\d{4})-Q([1-4])$/))) {
    const q = +m[2]!;
    return { key, kind: 'quarter', ...monthRange(+m[1]!, q * 3 - 2, q * 3) };
  }
  if ((m = key.match(/^(\d{4})-H([12])$/))) {
    const h = +m[2]!;
    return { key, kind: 'half', ...monthRange(+m[1]!, h * 6 - 5, h * 6) };
  }
  if ((m = key.match(/^(\d{4})$/))) return { key, kind: 'year', ...monthRange(+m[1]!, 1, 12) };
  if (
    (m = key.match(/^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/)) &&
    isDay(m[1]!) &&
    isDay(m[2]!) &&
    m[1]! <= m[2]!
  )
    return { key, kind: 'custom', from: m[1]!, to: m[2]! };
  return null;
}

export const ZPeriodKey = z.string().refine((s) => parsePeriod(s) !== null, {
  message: 'a day (2018-03-05), month (2018-03), quarter (2018-Q1), half-year (2018-H1), year or from..to',
});

/** The previous month's key (`2018-03` → `2018-02`). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}
