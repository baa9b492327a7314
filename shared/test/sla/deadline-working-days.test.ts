import {
  computeDue,
  createWorkCalendar,
  workingMinutesBetween,
  type TDuration,
  type TPause,
} from '../../src/sla';
import { calendarDaysFromChineseDays } from '../../src/sla/chinese-days-source';

/** '2026-02-13 10:00' in China time. */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
/** Back to China-time 'YYYY-MM-DD HH:mm', with seconds only when there are some. */
const local = (instant: Date | null): string | null => {
  if (instant === null) return null;
  const text = new Date(instant.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ');
  return text.slice(17, 19) === '00' ? text.slice(0, 16) : text.slice(0, 19);
};

const calendar = createWorkCalendar(calendarDaysFromChineseDays(2004, 2026));
const weekdaysOnly = createWorkCalendar([]);
const days = (amount: number): TDuration => ({ unit: 'working_days', amount });
const due = (start: string, duration: TDuration, pauses?: TPause[], cal = calendar) =>
  local(computeDue({ start: at(start), duration, pauses }, cal));

describe('working-day deadlines for a ticket registered on Friday 2026-02-13, before the Spring Festival break', () => {
  it('lands 1 working day on the make-up Saturday 2026-02-14', () => {
    expect(due('2026-02-13 10:00', days(1))).toBe('2026-02-14 10:00');
  });

  it('lands 3 working days on Wednesday 2026-02-25, skipping the break Feb 15–23', () => {
    expect(due('2026-02-13 10:00', days(3))).toBe('2026-02-25 10:00');
  });

  it('lands 5 working days on Friday 2026-02-27 and 6 on the make-up Saturday 2026-02-28', () => {
    expect(due('2026-02-13 10:00', days(5))).toBe('2026-02-27 10:00');
    expect(due('2026-02-13 10:00', days(6))).toBe('2026-02-28 10:00');
  });

  it('gives a ticket registered after hours the whole next working day, even the make-up Saturday', () => {
    expect(due('2026-02-13 20:00', days(1))).toBe('2026-02-14 17:30');
    expect(due('2026-02-13 20:00', days(2))).toBe('2026-02-24 17:30');
  });

  it('starts the clock of a ticket registered during the break on the first day back', () => {
    expect(due('2026-02-18 10:00', days(1))).toBe('2026-02-24 17:30');
  });

  it('carries what is left of the make-up Saturday over to the first day after the break', () => {
    // 09:00 on Feb 14 leaves 420 working minutes that day; the other 30 are Feb 24 08:30–09:00.
    expect(due('2026-02-14 09:00', days(1))).toBe('2026-02-24 09:00');
  });
});

describe('make-up Saturdays count as working days', () => {
  it('counts Saturday 2026-02-14 as the second working day after Thursday 2026-02-12', () => {
    expect(due('2026-02-12 10:00', days(2))).toBe('2026-02-14 10:00');
  });

  it('counts Saturday 2026-02-28, one day earlier than a plain Monday–Friday week would', () => {
    expect(due('2026-02-26 10:00', days(3))).toBe('2026-03-02 10:00');
    expect(due('2026-02-26 10:00', days(3), [], weekdaysOnly)).toBe('2026-03-03 10:00');
  });

  it('measures a full working day of working time on each make-up Saturday', () => {
    expect(workingMinutesBetween(at('2026-02-27 17:30'), at('2026-03-02 08:30'), calendar)).toBe(450);
    expect(workingMinutesBetween(at('2026-02-13 08:30'), at('2026-02-24 08:30'), calendar)).toBe(900);
  });
});

describe('working-day semantics on ordinary weeks', () => {
  it('gives the same clock time on the next working day for a ticket registered during working hours', () => {
    expect(due('2026-03-04 10:00', days(1))).toBe('2026-03-05 10:00');
  });

  it('gives the end of Monday for a ticket registered on Friday evening', () => {
    expect(due('2026-03-06 20:00', days(1))).toBe('2026-03-09 17:30');
  });

  it('gives the end of the same day for a ticket registered before the office opens', () => {
    expect(due('2026-03-02 08:00', days(1))).toBe('2026-03-02 17:30');
  });

  it('ends on 12:00 rather than 13:30 when the working time runs out at the lunch break', () => {
    expect(due('2026-03-02 12:30', days(1))).toBe('2026-03-03 12:00');
  });

  it('handles half a working day as 225 working minutes', () => {
    expect(due('2026-03-02 08:30', days(0.5))).toBe('2026-03-02 13:45');
  });

  it('returns the start itself for a zero duration and rejects a negative one', () => {
    expect(due('2026-03-02 20:00', days(0))).toBe('2026-03-02 20:00');
    expect(() => due('2026-03-02 10:00', days(-1))).toThrow(RangeError);
  });

  it('falls back to Monday–Friday in 2027, counting Friday 2027-01-01 for lack of data', () => {
    expect(calendar.hasDataFor(2027)).toBe(false);
    expect(due('2026-12-31 10:00', days(2))).toBe('2027-01-04 10:00');
  });
});

describe('calendar-hour deadlines', () => {
  const hours = (amount: number): TDuration => ({ unit: 'calendar_hours', amount });

  it('runs on wall time straight through nights, weekends and holidays', () => {
    expect(due('2026-02-13 20:00', hours(48))).toBe('2026-02-15 20:00');
  });

  it('stops during a suspension like any other clock', () => {
    const pause = { from: at('2026-02-14 08:00'), to: at('2026-02-14 10:00') };
    expect(due('2026-02-13 20:00', hours(48), [pause])).toBe('2026-02-15 22:00');
  });
});
