import {
  clockBasisOf,
  computeDue,
  computeWarnAt,
  createWorkCalendar,
  deadlineState,
  remainingWorkingMinutes,
} from '../../src/sla';
import { calendarDaysFromChineseDays } from '../../src/sla/chinese-days-source';

const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const local = (instant: Date | null): string | null =>
  instant === null
    ? null
    : new Date(instant.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);

const calendar = createWorkCalendar(calendarDaysFromChineseDays(2004, 2026));

describe('computeWarnAt', () => {
  it('warns once 75 % of the working time has elapsed, skipping the night', () => {
    // 900 working minutes; 675 in is 13:45 on the second day.
    expect(local(computeWarnAt(at('2026-03-02 08:30'), at('2026-03-03 17:30'), 0.75, calendar))).toBe(
      '2026-03-03 13:45:00',
    );
  });

  it('can land on a fraction of a minute', () => {
    expect(local(computeWarnAt(at('2026-03-02 08:30'), at('2026-03-02 17:30'), 0.75, calendar))).toBe(
      '2026-03-02 15:37:30',
    );
  });

  it('spreads the warning over the Spring Festival break in working time only', () => {
    const start = at('2026-02-13 10:00');
    const due = computeDue({ start, duration: { unit: 'working_days', amount: 3 } }, calendar);
    expect(local(due)).toBe('2026-02-25 10:00:00');
    // 1350 working minutes; 1012.5 in: 360 on Feb 13, 450 on the make-up Saturday, 202.5 on Feb 24.
    expect(local(computeWarnAt(start, due as Date, 0.75, calendar))).toBe('2026-02-24 11:52:30');
  });

  it('leaves suspended working time out of the warning point too', () => {
    const pauses = [{ from: at('2026-03-02 08:30'), to: at('2026-03-02 12:00') }];
    // 690 running minutes between 08:30 Monday and 17:30 Tuesday; 75 % is 517.5, i.e. 240 + 277.5.
    expect(local(computeWarnAt(at('2026-03-02 08:30'), at('2026-03-03 17:30'), 0.75, calendar, pauses))).toBe(
      '2026-03-03 14:37:30',
    );
  });

  it('uses wall time for calendar-hours policies', () => {
    const start = at('2026-03-02 00:00');
    const due = at('2026-03-03 00:00');
    expect(local(computeWarnAt(start, due, 0.75, calendar, [], clockBasisOf('calendar_hours')))).toBe(
      '2026-03-02 18:00:00',
    );
    // The same span in working time is one 450-minute day, so 75 % falls mid-afternoon instead.
    expect(local(computeWarnAt(start, due, 0.75, calendar, [], clockBasisOf('working_hours')))).toBe(
      '2026-03-02 15:37:30',
    );
  });

  it('rejects a ratio outside 0..1', () => {
    expect(() => computeWarnAt(at('2026-03-02 08:30'), at('2026-03-02 17:30'), 1.5, calendar)).toThrow(
      RangeError,
    );
  });
});

describe('deadlineState', () => {
  const start = at('2026-03-02 08:30');
  const due = at('2026-03-03 17:30');
  const warnAt = at('2026-03-03 13:45');
  const stateAt = (now: Date) => deadlineState({ start, due, warnAt, now });

  it('is ok before the warning point', () => {
    expect(stateAt(at('2026-03-02 09:00'))).toBe('ok');
    expect(stateAt(new Date(warnAt.getTime() - 1))).toBe('ok');
  });

  it('turns to warning at the warning point and stays there up to the due instant', () => {
    expect(stateAt(warnAt)).toBe('warning');
    expect(stateAt(at('2026-03-03 17:00'))).toBe('warning');
    expect(stateAt(due)).toBe('warning');
  });

  it('is breached just after the due instant and afterwards', () => {
    expect(stateAt(new Date(due.getTime() + 1))).toBe('breached');
    expect(stateAt(at('2026-03-10 09:00'))).toBe('breached');
  });

  it('is never breached while suspended (no due time)', () => {
    expect(deadlineState({ start, due: null, warnAt: null, now: at('2026-04-01 09:00') })).toBe('ok');
  });

  it('goes straight from ok to breached when there is no warning point', () => {
    expect(deadlineState({ start, due, warnAt: null, now: at('2026-03-03 17:00') })).toBe('ok');
    expect(deadlineState({ start, due, warnAt: null, now: at('2026-03-03 18:00') })).toBe('breached');
  });
});

describe('remainingWorkingMinutes', () => {
  const due = at('2026-03-03 17:30');

  it('counts only the working time left, so the countdown stands still over lunch', () => {
    expect(remainingWorkingMinutes(at('2026-03-02 12:00'), due, calendar)).toBe(690);
    expect(remainingWorkingMinutes(at('2026-03-02 13:30'), due, calendar)).toBe(690);
    expect(remainingWorkingMinutes(at('2026-03-02 14:30'), due, calendar)).toBe(630);
  });

  it('goes negative by the working time overdue', () => {
    expect(remainingWorkingMinutes(at('2026-03-04 09:30'), due, calendar)).toBe(-60);
  });
});
