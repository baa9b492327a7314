/**
 * The deadline calculator: (start, duration, pauses, extensions, calendar) → due. Pure and
 * clock-free; callers pass `now` where it matters. Internally everything is counted in
 * milliseconds on a "timeline" of the stretches where the SLA clock runs: working periods
 * of working days (or all wall time for calendar_hours), minus suspensions.
 */
import { addDays, fromShanghaiLocal, toShanghaiDate, type TWorkCalendar } from './calendar';

export type TDurationUnit = 'working_days' | 'working_hours' | 'calendar_hours';
export type TDuration = { unit: TDurationUnit; amount: number };

/** A suspension (挂起): the clock stops from `from` until `to`; `to: null` means still suspended. */
export type TPause = { from: Date; to: Date | null };

export type TDeadlineState = 'ok' | 'warning' | 'breached';

/** Whether the SLA clock runs in working time or in wall time. */
export type TClockBasis = 'working' | 'calendar';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
// A calendar whose rows declare ten years without a working day is broken data; stop instead of looping forever.
const MAX_DAYS_WITHOUT_WORK = 3660;

type TSpan = { from: number; to: number };

export function clockBasisOf(unit: TDurationUnit): TClockBasis {
  return unit === 'calendar_hours' ? 'calendar' : 'working';
}

function durationMs(duration: TDuration, calendar: TWorkCalendar): number {
  if (!Number.isFinite(duration.amount) || duration.amount < 0) {
    throw new RangeError(`Duration amount must be a finite number >= 0, got ${duration.amount}`);
  }
  // Whole milliseconds, as a Date has them: a decimal amount is inexact in binary (2.2 h is
  // 7 920 000.000000001 ms), and that stray fraction would push a due that uses up a period
  // exactly past its end into the next one (12:00 becoming 13:30).
  return Math.round(rawDurationMs(duration, calendar));
}

function rawDurationMs(duration: TDuration, calendar: TWorkCalendar): number {
  switch (duration.unit) {
    case 'working_days':
      // A working day is a day's worth of working time, not "the same clock time N days later":
      // a ticket registered at 20:00 then gets a full working day, not one that is already over.
      return duration.amount * calendar.workingMinutesPerDay * MS_PER_MINUTE;
    case 'working_hours':
    case 'calendar_hours':
      return duration.amount * MS_PER_HOUR;
    default:
      return assertUnreachable(duration.unit);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unexpected duration unit: ${String(value)}`);
}

/** Sorted, merged pause spans clipped to nothing; an open pause runs to +Infinity. */
function normalizePauses(pauses: readonly TPause[] = []): TSpan[] {
  const spans = pauses.map((p) => {
    const from = p.from.getTime();
    const to = p.to === null ? Infinity : p.to.getTime();
    if (!(to >= from)) throw new RangeError('A pause cannot end before it starts');
    return { from, to };
  });
  spans.sort((a, b) => a.from - b.from);
  const merged: TSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

/** Working periods of working days from `fromMs` on, in order, forever. */
function* workingSpans(fromMs: number, calendar: TWorkCalendar): Generator<TSpan> {
  let date = toShanghaiDate(new Date(fromMs));
  let daysWithoutWork = 0;
  for (;;) {
    if (calendar.isWorkingDay(date)) {
      daysWithoutWork = 0;
      for (const period of calendar.workingHours) {
        const start = fromShanghaiLocal(date, period.startMinute).getTime();
        const end = fromShanghaiLocal(date, period.endMinute).getTime();
        if (end > fromMs) yield { from: Math.max(start, fromMs), to: end };
      }
    } else if (++daysWithoutWork > MAX_DAYS_WITHOUT_WORK) {
      throw new RangeError(`No working day in the ${MAX_DAYS_WITHOUT_WORK} days after ${date}`);
    }
    date = addDays(date, 1);
  }
}

/** The spans where the SLA clock runs, from `fromMs` on. Ends at an open pause (the clock never restarts). */
function* runningSpans(
  fromMs: number,
  basis: TClockBasis,
  calendar: TWorkCalendar,
  pauses: readonly TSpan[],
): Generator<TSpan> {
  const base = basis === 'calendar' ? [{ from: fromMs, to: Infinity }] : workingSpans(fromMs, calendar);
  let next = 0;
  for (const span of base) {
    while (next < pauses.length && (pauses[next] as TSpan).to <= span.from) next++;
    let cursor = span.from;
    for (let i = next; cursor < span.to; i++) {
      const pause = pauses[i];
      if (!pause || pause.from >= span.to) {
        yield { from: cursor, to: span.to };
        break;
      }
      if (pause.from > cursor) yield { from: cursor, to: pause.from };
      if (pause.to === Infinity) return;
      cursor = Math.max(cursor, pause.to);
    }
  }
}

/** The instant at which `amountMs` of running clock has elapsed since `fromMs`; null if an open pause stops it first. */
function advance(
  fromMs: number,
  amountMs: number,
  basis: TClockBasis,
  calendar: TWorkCalendar,
  pauses: readonly TSpan[],
): number | null {
  if (amountMs <= 0) return fromMs;
  let remaining = amountMs;
  for (const span of runningSpans(fromMs, basis, calendar, pauses)) {
    const length = span.to - span.from;
    // `<=` so a deadline that uses up a period exactly lands on its end (12:00, 17:30), not on the next start.
    if (remaining <= length) return span.from + remaining;
    remaining -= length;
  }
  return null;
}

function elapsedMs(
  fromMs: number,
  toMs: number,
  basis: TClockBasis,
  calendar: TWorkCalendar,
  pauses: readonly TSpan[],
): number {
  if (toMs < fromMs) return -elapsedMs(toMs, fromMs, basis, calendar, pauses);
  let total = 0;
  for (const span of runningSpans(fromMs, basis, calendar, pauses)) {
    if (span.from >= toMs) break;
    total += Math.min(span.to, toMs) - span.from;
  }
  return total;
}

export type TComputeDueInput = {
  start: Date;
  duration: TDuration;
  pauses?: readonly TPause[];
  /** Granted extensions (延期), each added after the previous due in its own unit. */
  extensions?: readonly TDuration[];
};

/**
 * The due instant, or null while a suspension that began before the deadline is still open:
 * the clock is stopped, so no due time exists yet. A suspension opened after the due
 * (an overdue ticket being suspended) leaves the due as it was.
 */
export function computeDue(input: TComputeDueInput, calendar: TWorkCalendar): Date | null {
  const pauses = normalizePauses(input.pauses);
  let due: number | null = input.start.getTime();
  for (const duration of [input.duration, ...(input.extensions ?? [])]) {
    due = advance(due, durationMs(duration, calendar), clockBasisOf(duration.unit), calendar, pauses);
    if (due === null) return null;
  }
  return new Date(due);
}

/** Working minutes the clock ran between `a` and `b` (negative when `b` is before `a`). */
export function workingMinutesBetween(
  a: Date,
  b: Date,
  calendar: TWorkCalendar,
  pauses?: readonly TPause[],
): number {
  return elapsedMs(a.getTime(), b.getTime(), 'working', calendar, normalizePauses(pauses)) / MS_PER_MINUTE;
}

/**
 * The instant when `ratio` of the clock time between start and due has elapsed (75 % → 0.75).
 * `basis` follows the policy: pass `clockBasisOf(duration.unit)` so calendar_hours warn in wall time.
 * Null only when an open pause stops the clock before the warning point.
 */
export function computeWarnAt(
  start: Date,
  due: Date,
  ratio: number,
  calendar: TWorkCalendar,
  pauses?: readonly TPause[],
  basis: TClockBasis = 'working',
): Date | null {
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`Warning ratio must be within 0..1, got ${ratio}`);
  const spans = normalizePauses(pauses);
  const total = elapsedMs(start.getTime(), due.getTime(), basis, calendar, spans);
  const at = advance(start.getTime(), Math.round(total * ratio), basis, calendar, spans);
  return at === null ? null : new Date(at);
}

/**
 * Where a deadline stands at `now`. `due` is the last on-time instant, so finishing exactly
 * at it is on time and the breach starts just after. A null due (suspended) is never breached.
 */
export function deadlineState(input: {
  start: Date;
  due: Date | null;
  warnAt: Date | null;
  now: Date;
}): TDeadlineState {
  const now = input.now.getTime();
  if (now < input.start.getTime() || input.due === null) return 'ok';
  if (now > input.due.getTime()) return 'breached';
  if (input.warnAt && now >= input.warnAt.getTime()) return 'warning';
  return 'ok';
}

/** Working minutes left until `due` for countdowns; negative once overdue. */
export function remainingWorkingMinutes(now: Date, due: Date, calendar: TWorkCalendar): number {
  return workingMinutesBetween(now, due, calendar);
}
