/**
 * National holidays and 调休 make-up days from the `chinese-days` package (State Council
 * schedules, 2004–2026 in 1.5.7). Kept out of `./index` so the browser bundle does not
 * carry the data; import it from `@hotline/shared/src/sla/chinese-days-source`.
 *
 * We read the package's published JSON instead of calling isWorkday/getDayDetail: those
 * build their tables by parsing dates as UTC and formatting them in the host's time zone,
 * so on a host west of UTC every date is off by one (2026-02-14 reports as 2026-02-13).
 * The JSON is the same data keyed by plain date strings and does not depend on the host.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { dayOfWeek, type TCalendarDay } from './calendar';

type TChineseDaysData = {
  /** Days off: date → "English name,中文名,days of leave". Includes holidays that fall on weekends. */
  holidays: Record<string, string>;
  /** Make-up working days (调休上班), always on a weekend. */
  workdays: Record<string, string>;
};

const DATA: TChineseDaysData = chineseDaysData;

/** The Chinese name from "Spring Festival,春节,4" (the English part never contains a comma, but read from the end anyway). */
function chineseName(value: string): string {
  const parts = value.split(',');
  return parts[parts.length - 2] ?? value;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * Calendar rows for the years fromYear..toYear, exceptions only: every official day off
 * (weekend ones too, so the UI can label them) and every make-up working day. Years the
 * package has no data for yield no rows; check `hasDataFor` on the calendar.
 */
export function calendarDaysFromChineseDays(fromYear: number, toYear: number): TCalendarDay[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`Invalid year range ${fromYear}..${toYear}`);
  }
  const inRange = (date: string) => yearOf(date) >= fromYear && yearOf(date) <= toYear;
  const rows: TCalendarDay[] = [];
  for (const [date, value] of Object.entries(DATA.holidays)) {
    if (inRange(date)) rows.push({ date, isWorkingDay: false, name: chineseName(value) });
  }
  for (const [date, value] of Object.entries(DATA.workdays)) {
    if (!inRange(date)) continue;
    // A make-up day on a weekday would change nothing; skip it rather than label an ordinary day.
    const weekday = dayOfWeek(date);
    if (weekday !== 0 && weekday !== 6) continue;
    rows.push({ date, isWorkingDay: true, name: `${chineseName(value)}调休` });
  }
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
