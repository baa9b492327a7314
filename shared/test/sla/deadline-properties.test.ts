/**
 * Property tests of the deadline calculator over random starts (2004–2026, weighted towards
 * 2025–2026), random amounts and both working units, with the real chinese-days calendar.
 *
 * What "working instant" means here, from deadline.ts: a positive amount of working time
 * always ends strictly after the start of a working period and at or before its end, so a
 * due lies in (08:30, 12:00] or (13:30, 17:30] of a working day. It can be 12:00 or 17:30
 * exactly (the period was used up: deadline.ts keeps it there rather than moving it to the
 * next opening), never 08:30 or 13:30 and never in the lunch break, a night, a weekend or a
 * holiday. An amount of zero is the one exception: the due is the start itself, wherever it is.
 *
 * The working-day oracle below reads the chinese-days JSON directly and does its own China-time
 * arithmetic, so it shares no code with calendar.ts.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import fc from 'fast-check';
import {
  computeDue,
  computeWarnAt,
  createWorkCalendar,
  workingMinutesBetween,
  type TDuration,
  type TPause,
} from '../../src/sla';
import { calendarDaysFromChineseDays } from '../../src/sla/chinese-days-source';

const calendar = createWorkCalendar(calendarDaysFromChineseDays(2004, 2026));

// Fixed seed: a failure reproduces; the runs are enough to hit every boundary kind many times.
const RUNS = { seed: 12345, numRuns: 1000 } as const;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const MINUTES_PER_WORKING_DAY = 450;

// ---------- the independent oracle ----------

const HOLIDAYS = new Set(Object.keys(chineseDaysData.holidays));
const MAKE_UP_DAYS = new Set(Object.keys(chineseDaysData.workdays));

function oracleIsWorkingDay(date: string): boolean {
  if (MAKE_UP_DAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** China-time date and (fractional) minute of day of an instant. */
function chinaLocal(ms: number): { date: string; minute: number } {
  const shifted = ms + CHINA_OFFSET_MS;
  return {
    date: new Date(shifted).toISOString().slice(0, 10),
    minute: (((shifted % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE,
  };
}

/** Where a due may be: (08:30, 12:00] or (13:30, 17:30] of a working day. */
function isDueInstant(instant: Date): boolean {
  const { date, minute } = chinaLocal(instant.getTime());
  if (!oracleIsWorkingDay(date)) return false;
  return (minute > 510 && minute <= 720) || (minute > 810 && minute <= 1050);
}

/** China-time midnight of a date, as epoch ms. */
const chinaMidnight = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const nextDate = (date: string) =>
  new Date(chinaMidnight(date) + MS_PER_DAY + CHINA_OFFSET_MS).toISOString().slice(0, 10);

// ---------- generators ----------

const FIRST_DAY = chinaMidnight('2004-01-01');
const RECENT_FIRST_DAY = chinaMidnight('2025-01-01');
const LAST_DAY = chinaMidnight('2026-12-31');
const dayCount = (from: number) => (LAST_DAY - from) / MS_PER_DAY;

const instantIn = (firstDay: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: dayCount(firstDay) }), fc.integer({ min: 0, max: MS_PER_DAY - 1 }))
    .map(([day, ms]) => firstDay + day * MS_PER_DAY + ms);

/** Exactly on (or a millisecond off) an opening, a closing or midnight: where off-by-one bugs live. */
const boundaryInstant = fc
  .tuple(
    fc.integer({ min: 0, max: dayCount(RECENT_FIRST_DAY) }),
    fc.constantFrom(0, 510, 720, 810, 1050),
    fc.constantFrom(-1, 0, 1),
  )
  .map(([day, minute, nudge]) => RECENT_FIRST_DAY + day * MS_PER_DAY + minute * MS_PER_MINUTE + nudge);

/** Whole minutes, as imported tickets, tests and chained deadlines (an extension starts at the old due) have. */
const wholeMinuteInstant = fc
  .tuple(fc.integer({ min: 0, max: dayCount(RECENT_FIRST_DAY) }), fc.integer({ min: 0, max: 1439 }))
  .map(([day, minute]) => RECENT_FIRST_DAY + day * MS_PER_DAY + minute * MS_PER_MINUTE);

const startArb = fc
  .oneof(
    { arbitrary: instantIn(FIRST_DAY), weight: 1 },
    { arbitrary: instantIn(RECENT_FIRST_DAY), weight: 2 },
    { arbitrary: boundaryInstant, weight: 1 },
    { arbitrary: wholeMinuteInstant, weight: 1 },
  )
  .map((ms) => new Date(ms));

/** A working-time duration and the whole working minutes it stands for. */
type TWorkingAmount = { duration: TDuration; minutes: number };

const amount = (unit: TDuration['unit'], value: number, minutes: number): TWorkingAmount => ({
  duration: { unit, amount: value },
  minutes,
});

/** The amounts policies use: whole days, whole minutes written as (inexact) fractions of hours or days. */
const workingAmountArb = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((n) => amount('working_days', n, n * MINUTES_PER_WORKING_DAY)),
  fc
    .integer({ min: 1, max: 30 * MINUTES_PER_WORKING_DAY })
    .map((m) => amount('working_days', m / MINUTES_PER_WORKING_DAY, m)),
  fc.integer({ min: 1, max: 10 * MINUTES_PER_WORKING_DAY }).map((m) => amount('working_hours', m / 60, m)),
  // Decimal hours as a policy editor would type them: 2.2 h is 132 minutes.
  fc.integer({ min: 1, max: 400 }).map((tenths) => amount('working_hours', tenths / 10, tenths * 6)),
);

const hours = (minutes: number): TDuration => ({ unit: 'working_hours', amount: minutes / 60 });
const days = (amount: number): TDuration => ({ unit: 'working_days', amount });

function due(start: Date, duration: TDuration, pauses?: TPause[], extensions?: TDuration[]): Date {
  const result = computeDue({ start, duration, pauses, extensions }, calendar);
  if (result === null) throw new Error('unexpected null due without an open pause');
  return result;
}

/** A fraction in [0, 1) for picking a point inside a span. */
const fraction = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);

// ---------- properties ----------

describe('the oracle itself', () => {
  it('agrees with hand-checked days (so a wrong oracle cannot pass everything)', () => {
    expect(oracleIsWorkingDay('2026-02-14')).toBe(true); // 春节调休, a Saturday
    expect(oracleIsWorkingDay('2026-02-16')).toBe(false); // 春节, a Monday
    expect(oracleIsWorkingDay('2026-03-07')).toBe(false); // an ordinary Saturday
    expect(oracleIsWorkingDay('2026-03-09')).toBe(true); // an ordinary Monday
    expect(isDueInstant(new Date('2026-03-09T12:00:00+08:00'))).toBe(true);
    expect(isDueInstant(new Date('2026-03-09T13:30:00+08:00'))).toBe(false);
    expect(isDueInstant(new Date('2026-03-09T13:30:00.001+08:00'))).toBe(true);
    expect(isDueInstant(new Date('2026-03-09T17:30:00.001+08:00'))).toBe(false);
  });
});

describe('(a) a working-time deadline lies in working time', () => {
  it('lands in (08:30, 12:00] or (13:30, 17:30] of a working day, after exactly the working minutes asked for', () => {
    fc.assert(
      fc.property(startArb, workingAmountArb, (start, { duration, minutes }) => {
        const d = due(start, duration);
        expect(isDueInstant(d)).toBe(true);
        expect(d.getTime()).toBeGreaterThan(start.getTime());
        expect(workingMinutesBetween(start, d, calendar)).toBe(minutes);
      }),
      RUNS,
    );
  });

  it('is the start itself for an amount of zero, even outside working hours', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.constantFrom<TDuration['unit']>('working_days', 'working_hours'),
        (start, unit) => {
          expect(due(start, { unit, amount: 0 }).getTime()).toBe(start.getTime());
        },
      ),
      { ...RUNS, numRuns: 200 },
    );
  });

  it('puts the warning point in working time too, at the rounded share of the working time', () => {
    fc.assert(
      fc.property(
        startArb,
        workingAmountArb,
        fc.constantFrom(0.5, 0.75, 0.8, 0.9),
        (start, { duration, minutes }, ratio) => {
          const d = due(start, duration);
          const warn = computeWarnAt(start, d, ratio, calendar)!;
          expect(warn.getTime()).toBeGreaterThan(start.getTime());
          expect(warn.getTime()).toBeLessThanOrEqual(d.getTime());
          expect(isDueInstant(warn)).toBe(true);
          // Whole milliseconds on both sides: the minutes are ms / 60 000 and need not be exact.
          expect(Math.round(workingMinutesBetween(start, warn, calendar) * MS_PER_MINUTE)).toBe(
            Math.round(minutes * MS_PER_MINUTE * ratio),
          );
        },
      ),
      RUNS,
    );
  });
});

/** The instant `minutes` working minutes before a closing time, walking back with the oracle. */
function oracleStartBefore(closing: number, minutes: number): number {
  let { date } = chinaLocal(closing);
  let end = chinaLocal(closing).minute;
  let left = minutes;
  for (;;) {
    if (oracleIsWorkingDay(date)) {
      for (const [open, close] of [
        [810, 1050],
        [510, 720],
      ] as const) {
        if (close > end) continue;
        if (left <= close - open) return chinaMidnight(date) + (close - left) * MS_PER_MINUTE;
        left -= close - open;
      }
    }
    date = new Date(chinaMidnight(date) - MS_PER_DAY + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    end = 1440;
  }
}

describe('(a) deadlines that use up a working period exactly', () => {
  it('keeps 2.2 working hours from 09:48 at 12:00 (the amount is 7 920 000.000000001 ms in binary)', () => {
    const start = new Date('2026-03-04T09:48:00+08:00');
    expect(due(start, { unit: 'working_hours', amount: 2.2 })).toEqual(new Date('2026-03-04T12:00:00+08:00'));
  });

  it('end at that closing time (12:00 or 17:30), not at the next opening, whatever the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: dayCount(RECENT_FIRST_DAY) }),
        fc.constantFrom(720, 1050),
        fc.integer({ min: 1, max: 20 * MINUTES_PER_WORKING_DAY }),
        (day, closeMinute, minutes) => {
          let date = new Date(RECENT_FIRST_DAY + day * MS_PER_DAY + CHINA_OFFSET_MS)
            .toISOString()
            .slice(0, 10);
          while (!oracleIsWorkingDay(date)) date = nextDate(date);
          const closing = chinaMidnight(date) + closeMinute * MS_PER_MINUTE;
          const start = new Date(oracleStartBefore(closing, minutes));
          expect(due(start, hours(minutes)).getTime()).toBe(closing);
          expect(due(start, days(minutes / MINUTES_PER_WORKING_DAY)).getTime()).toBe(closing);
        },
      ),
      RUNS,
    );
  });
});

describe('(b) monotonic', () => {
  it('never gives an earlier due for more working time (and a strictly later one for strictly more)', () => {
    fc.assert(
      fc.property(startArb, workingAmountArb, workingAmountArb, (start, a, b) => {
        const [less, more] = a.minutes <= b.minutes ? [a, b] : [b, a];
        const dLess = due(start, less.duration).getTime();
        const dMore = due(start, more.duration).getTime();
        if (less.minutes === more.minutes) expect(dMore).toBe(dLess);
        else expect(dMore).toBeGreaterThan(dLess);
      }),
      RUNS,
    );
  });

  it('never gives an earlier due for a later start', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 0, max: 5 * MS_PER_DAY }),
        workingAmountArb,
        (start, shift, a) => {
          const later = new Date(start.getTime() + shift);
          expect(due(later, a.duration).getTime()).toBeGreaterThanOrEqual(due(start, a.duration).getTime());
        },
      ),
      RUNS,
    );
  });

  it('treats n working days and 7.5·n working hours as the same amount', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 60 }), (start, halfDays) => {
        expect(due(start, days(halfDays / 2))).toEqual(
          due(start, { unit: 'working_hours', amount: halfDays * 3.75 }),
        );
      }),
      RUNS,
    );
  });
});

describe('(c) additive', () => {
  // No exception: a first leg that ends exactly at 12:00 or 17:30 resumes at the next opening,
  // which is where the single leg carries on too. Only mixed bases (wall time then working time)
  // are not additive, and no policy adds them.
  it('due(start, a + b) = due(due(start, a), b) in working time, across units', () => {
    fc.assert(
      fc.property(startArb, workingAmountArb, workingAmountArb, (start, a, b) => {
        const oneLeg = due(start, hours(a.minutes + b.minutes));
        expect(due(due(start, a.duration), b.duration)).toEqual(oneLeg);
        expect(due(start, a.duration, [], [b.duration])).toEqual(oneLeg);
      }),
      RUNS,
    );
  });

  it('adds calendar hours in wall time', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (start, a, b) => {
          const cal = (n: number): TDuration => ({ unit: 'calendar_hours', amount: n });
          expect(due(due(start, cal(a)), cal(b))).toEqual(due(start, cal(a + b)));
          expect(due(start, cal(a + b)).getTime()).toBe(start.getTime() + (a + b) * 3_600_000);
        },
      ),
      { ...RUNS, numRuns: 300 },
    );
  });
});

/** A closed pause somewhere from three days before the start to just before the due. */
const pausedCaseArb = fc
  .tuple(startArb, workingAmountArb, fraction, fc.integer({ min: 0, max: 10 * MS_PER_DAY }))
  .map(([start, amount, where, length]) => {
    const plainDue = due(start, amount.duration);
    const lower = start.getTime() - 3 * MS_PER_DAY;
    const from = lower + Math.floor(where * (plainDue.getTime() - lower));
    return { start, amount, plainDue, pause: { from: new Date(from), to: new Date(from + length) } };
  });

/** A stretch without working time: a lunch break, or a night running on over weekends and holidays. */
const nonWorkingGapArb = fc
  .tuple(fc.integer({ min: 0, max: dayCount(FIRST_DAY) - 40 }), fc.boolean(), fraction, fraction)
  .map(([day, lunch, u, v]) => {
    const date = new Date(FIRST_DAY + day * MS_PER_DAY + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    const working = oracleIsWorkingDay(date);
    let from: number;
    let to: number;
    if (lunch && working) {
      from = chinaMidnight(date) + 720 * MS_PER_MINUTE;
      to = chinaMidnight(date) + 810 * MS_PER_MINUTE;
    } else {
      from = chinaMidnight(date) + (working ? 1050 * MS_PER_MINUTE : 0);
      let next = nextDate(date);
      while (!oracleIsWorkingDay(next)) next = nextDate(next);
      to = chinaMidnight(next) + 510 * MS_PER_MINUTE;
    }
    const [a, b] = u <= v ? [u, v] : [v, u];
    const span = to - from;
    return { from: new Date(from + Math.floor(a * span)), to: new Date(from + Math.floor(b * span)) };
  });

describe('(d) suspensions', () => {
  it('move the due by exactly the working minutes suspended after the start', () => {
    fc.assert(
      fc.property(pausedCaseArb, ({ start, amount, plainDue, pause }) => {
        const pausedDue = due(start, amount.duration, [pause]);
        const clip = (d: Date) => new Date(Math.max(d.getTime(), start.getTime()));
        const suspended = workingMinutesBetween(clip(pause.from), clip(pause.to), calendar);
        expect(workingMinutesBetween(plainDue, pausedDue, calendar)).toBe(suspended);
        expect(isDueInstant(pausedDue)).toBe(true);
        // The clock ran for the same working time, only around the pause.
        expect(workingMinutesBetween(start, pausedDue, calendar, [pause])).toBe(amount.minutes);
      }),
      RUNS,
    );
  });

  it('shift nothing when they lie entirely in non-working time', () => {
    fc.assert(
      fc.property(
        nonWorkingGapArb,
        fc.integer({ min: 0, max: 5 * MS_PER_DAY }),
        workingAmountArb,
        (gap, before, amount) => {
          expect(workingMinutesBetween(gap.from, gap.to, calendar)).toBe(0);
          const start = new Date(gap.from.getTime() - before);
          expect(due(start, amount.duration, [gap])).toEqual(due(start, amount.duration));
        },
      ),
      RUNS,
    );
  });

  it('shift nothing when they start at or after the due, and stop the clock when still open before it', () => {
    fc.assert(
      fc.property(
        startArb,
        workingAmountArb,
        fc.integer({ min: 0, max: 5 * MS_PER_DAY }),
        (start, amount, gap) => {
          const plain = due(start, amount.duration);
          const after = new Date(plain.getTime() + gap);
          expect(
            due(start, amount.duration, [{ from: after, to: new Date(after.getTime() + MS_PER_DAY) }]),
          ).toEqual(plain);
          expect(due(start, amount.duration, [{ from: after, to: null }])).toEqual(plain);
          const before = new Date(plain.getTime() - 1 - (gap % (plain.getTime() - start.getTime())));
          expect(
            computeDue({ start, duration: amount.duration, pauses: [{ from: before, to: null }] }, calendar),
          ).toBeNull();
        },
      ),
      RUNS,
    );
  });
});

describe('(e) extensions', () => {
  it('equal adding their working days to the duration, with or without a suspension', () => {
    fc.assert(
      fc.property(
        pausedCaseArb,
        fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 3 }),
        ({ start, amount, pause }, extensionDays) => {
          const extensions = extensionDays.map(days);
          const total = amount.minutes + extensionDays.reduce((s, n) => s + n, 0) * MINUTES_PER_WORKING_DAY;
          expect(due(start, amount.duration, [], extensions)).toEqual(due(start, hours(total)));
          expect(due(start, amount.duration, [pause], extensions)).toEqual(due(start, hours(total), [pause]));
        },
      ),
      { ...RUNS, numRuns: 500 },
    );
  });

  it('run in working time after a calendar-hours due', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 1, max: 240 }),
        fc.integer({ min: 1, max: 15 }),
        (start, h, n) => {
          const wallDue = new Date(start.getTime() + h * 3_600_000);
          expect(due(start, { unit: 'calendar_hours', amount: h }, [], [days(n)])).toEqual(
            due(wallDue, days(n)),
          );
        },
      ),
      { ...RUNS, numRuns: 300 },
    );
  });
});
