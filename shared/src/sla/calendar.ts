/**
 * The working-day calendar behind every SLA clock. Pure: rows come in as data (from
 * chinese-days, the database or a test), nothing here reads the clock or the host's
 * time zone. All local dates and times are China time, a fixed UTC+8 with no DST, so
 * the conversions below are plain arithmetic instead of Intl look-ups.
 */

/** One calendar row. Rows exist only for exceptions (holidays, 调休 make-up days); other days follow the week. */
export type TCalendarDay = {
  /** YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  isWorkingDay: boolean;
  /** Label for the UI, e.g. '春节' or '春节调休'. */
  name?: string | null;
};

/** A span of working time within a day, in minutes since local midnight; `endMinute` is exclusive. */
export type TWorkingPeriod = { startMinute: number; endMinute: number };
export type TWorkingHours = readonly TWorkingPeriod[];

/** 08:30–12:00 and 13:30–17:30, the usual office hours of government units (450 minutes a day). */
export const DEFAULT_WORKING_HOURS: TWorkingHours = Object.freeze([
  Object.freeze({ startMinute: 8 * 60 + 30, endMinute: 12 * 60 }),
  Object.freeze({ startMinute: 13 * 60 + 30, endMinute: 17 * 60 + 30 }),
]);

export type TWorkCalendar = {
  /** Explicit rows win; a date without a row is a working day from Monday to Friday. */
  isWorkingDay(date: string): boolean;
  /** The row's label (holiday or make-up day), null for an ordinary day. */
  dayName(date: string): string | null;
  /** True when at least one row of that year exists; without rows the year silently falls back to Mon–Fri. */
  hasDataFor(year: number): boolean;
  /** Years that have at least one row, ascending. */
  yearsCovered(): number[];
  readonly workingHours: TWorkingHours;
  readonly workingMinutesPerDay: number;
};

export const SHANGHAI_UTC_OFFSET_MINUTES = 8 * 60;
export const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;
const OFFSET_MS = SHANGHAI_UTC_OFFSET_MINUTES * MS_PER_MINUTE;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Every clock walks the same few hundred dates again and again (each deadline of each ticket is
 * recomputed from its start on every change): the conversions are remembered, a bounded map each.
 */
const MEMO_LIMIT = 20_000;
const epochDays = new Map<string, number>();
const datesOfEpochDay = new Map<number, string>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Days since 1970-01-01 for a YYYY-MM-DD string; throws on anything that is not a real date. */
function epochDay(date: string): number {
  return epochDays.get(date) ?? remember(epochDays, date, parseEpochDay(date));
}

function parseEpochDay(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`Expected a YYYY-MM-DD date, got "${date}"`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches that instead of shifting silently.
  if (new Date(ms).toISOString().slice(0, 10) !== date)
    throw new RangeError(`Not a calendar date: "${date}"`);
  return ms / MS_PER_DAY;
}

function dateFromEpochDay(day: number): string {
  return (
    datesOfEpochDay.get(day) ??
    remember(datesOfEpochDay, day, new Date(day * MS_PER_DAY).toISOString().slice(0, 10))
  );
}

/** The local (Shanghai) calendar date of an instant, YYYY-MM-DD. */
export function toShanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since local (Shanghai) midnight; has a fractional part when the instant has seconds. */
export function toShanghaiMinuteOfDay(instant: Date): number {
  const localMs = instant.getTime() + OFFSET_MS;
  return (((localMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE;
}

/** The instant of a Shanghai local date and minute of day (minute 1440 is the next midnight). */
export function fromShanghaiLocal(date: string, minuteOfDay: number): Date {
  return new Date(epochDay(date) * MS_PER_DAY - OFFSET_MS + minuteOfDay * MS_PER_MINUTE);
}

export function addDays(date: string, days: number): string {
  return dateFromEpochDay(epochDay(date) + days);
}

/** 0 = Sunday … 6 = Saturday, like Date#getDay but without the host time zone. */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday.
  return (((epochDay(date) + 4) % 7) + 7) % 7;
}

/** Sorts the periods and rejects overlaps or empty hours, which would make every deadline wrong or endless. */
export function normalizeWorkingHours(hours: TWorkingHours): TWorkingHours {
  if (hours.length === 0) throw new RangeError('Working hours need at least one period');
  const sorted = [...hours].sort((a, b) => a.startMinute - b.startMinute);
  let previousEnd = 0;
  for (const period of sorted) {
    const { startMinute, endMinute } = period;
    if (!Number.isFinite(startMinute) || !Number.isFinite(endMinute)) {
      throw new RangeError('Working period bounds must be finite numbers');
    }
    if (startMinute < previousEnd || startMinute >= endMinute || endMinute > MINUTES_PER_DAY) {
      throw new RangeError(`Invalid or overlapping working period ${startMinute}–${endMinute}`);
    }
    previousEnd = endMinute;
  }
  return Object.freeze(
    sorted.map((p) => Object.freeze({ startMinute: p.startMinute, endMinute: p.endMinute })),
  );
}

export function createWorkCalendar(
  days: readonly TCalendarDay[],
  opts: { workingHours?: TWorkingHours } = {},
): TWorkCalendar {
  const workingHours = normalizeWorkingHours(opts.workingHours ?? DEFAULT_WORKING_HOURS);
  const workingMinutesPerDay = workingHours.reduce((sum, p) => sum + p.endMinute - p.startMinute, 0);

  const rows = new Map<string, TCalendarDay>();
  const years = new Set<number>();
  for (const day of days) {
    epochDay(day.date); // a malformed date would never match a lookup and be ignored without a word
    // Later rows win so that local overrides can simply be appended to the national data.
    rows.set(day.date, day);
    years.add(Number(day.date.slice(0, 4)));
  }
  const sortedYears = [...years].sort((a, b) => a - b);

  return {
    isWorkingDay(date) {
      const row = rows.get(date);
      if (row) return row.isWorkingDay;
      const weekday = dayOfWeek(date);
      return weekday !== 0 && weekday !== 6;
    },
    dayName(date) {
      return rows.get(date)?.name ?? null;
    },
    hasDataFor(year) {
      return years.has(year);
    },
    yearsCovered() {
      return [...sortedYears];
    },
    workingHours,
    workingMinutesPerDay,
  };
}
