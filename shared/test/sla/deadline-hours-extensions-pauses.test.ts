import {
  computeDue,
  createWorkCalendar,
  workingMinutesBetween,
  type TDuration,
  type TPause,
} from '../../src/sla';
import { calendarDaysFromChineseDays } from '../../src/sla/chinese-days-source';

const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const local = (instant: Date | null): string | null =>
  instant === null
    ? null
    : new Date(instant.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);

const calendar = createWorkCalendar(calendarDaysFromChineseDays(2004, 2026));
const days = (amount: number): TDuration => ({ unit: 'working_days', amount });
const hours = (amount: number): TDuration => ({ unit: 'working_hours', amount });
const pause = (from: string, to: string | null): TPause => ({
  from: at(from),
  to: to === null ? null : at(to),
});

describe('working-hour deadlines', () => {
  const due = (start: string, amount: number) =>
    local(computeDue({ start: at(start), duration: hours(amount) }, calendar));

  it('skips the lunch break: 11:00 + 2 working hours is 14:30', () => {
    expect(due('2026-03-04 11:00', 2)).toBe('2026-03-04 14:30');
  });

  it('skips the night: 16:30 + 2 working hours is 09:30 on the next working day', () => {
    expect(due('2026-03-04 16:30', 2)).toBe('2026-03-05 09:30');
  });

  it('skips the weekend: Friday 16:30 + 2 working hours is Monday 09:30', () => {
    expect(due('2026-03-06 16:30', 2)).toBe('2026-03-09 09:30');
  });

  it('continues on the make-up Saturday before the Spring Festival break', () => {
    expect(due('2026-02-13 16:30', 2)).toBe('2026-02-14 09:30');
  });

  it('ends at 12:00 when the morning uses the working time up exactly', () => {
    expect(due('2026-03-04 08:30', 3.5)).toBe('2026-03-04 12:00');
  });
});

describe('extensions', () => {
  const due = (start: string, duration: TDuration, extensions: TDuration[]) =>
    local(computeDue({ start: at(start), duration, extensions }, calendar));

  it('moves the due by the extension in working days', () => {
    expect(due('2026-03-02 10:00', days(5), [])).toBe('2026-03-09 10:00');
    expect(due('2026-03-02 10:00', days(5), [days(3)])).toBe('2026-03-12 10:00');
  });

  it('applies several extensions one after another, each in working time', () => {
    expect(due('2026-03-02 10:00', days(5), [hours(2)])).toBe('2026-03-09 12:00');
    expect(due('2026-03-02 10:00', days(5), [hours(2), days(1)])).toBe('2026-03-10 12:00');
  });

  it('carries an extension across the Spring Festival break', () => {
    expect(due('2026-02-09 10:00', days(3), [])).toBe('2026-02-12 10:00');
    expect(due('2026-02-09 10:00', days(3), [days(2)])).toBe('2026-02-14 10:00');
    expect(due('2026-02-09 10:00', days(3), [days(3)])).toBe('2026-02-24 10:00');
  });

  it('adds a calendar-hours extension in wall time', () => {
    expect(due('2026-03-02 10:00', days(5), [{ unit: 'calendar_hours', amount: 24 }])).toBe(
      '2026-03-10 10:00',
    );
  });
});

describe('suspensions', () => {
  const start = at('2026-03-02 10:00');
  const due = (pauses: TPause[], extensions: TDuration[] = []) =>
    local(computeDue({ start, duration: days(1), pauses, extensions }, calendar));

  it('is due at 10:00 the next day without a suspension', () => {
    expect(due([])).toBe('2026-03-03 10:00');
  });

  it('moves the due by the working time spent suspended', () => {
    // 14:00–17:30 and 08:30–09:00 are 240 suspended working minutes.
    const pauses = [pause('2026-03-02 14:00', '2026-03-03 09:00')];
    expect(due(pauses)).toBe('2026-03-03 15:30');
    expect(workingMinutesBetween(start, at('2026-03-03 15:30'), calendar, pauses)).toBe(450);
  });

  it('ignores a suspension that lies entirely outside working hours', () => {
    expect(due([pause('2026-03-02 18:00', '2026-03-03 08:00')])).toBe('2026-03-03 10:00');
  });

  it('counts overlapping suspensions once', () => {
    const pauses = [
      pause('2026-03-02 14:00', '2026-03-02 16:00'),
      pause('2026-03-02 15:00', '2026-03-02 17:30'),
    ];
    expect(due(pauses)).toBe('2026-03-03 15:00');
  });

  it('starts the clock when a suspension covering the registration ends', () => {
    expect(due([pause('2026-03-02 09:00', '2026-03-02 11:00')])).toBe('2026-03-03 11:00');
  });

  it('has no due time while a suspension that began before the deadline is still open', () => {
    expect(due([pause('2026-03-02 14:00', null)])).toBeNull();
    expect(due([pause('2026-03-02 11:00', '2026-03-02 11:30'), pause('2026-03-03 09:00', null)])).toBeNull();
  });

  it('has no due time when a suspension opened before an extension ran out', () => {
    expect(due([pause('2026-03-03 11:00', null)], [hours(2)])).toBeNull();
  });

  it('keeps the due of a ticket that was suspended only after it was overdue', () => {
    expect(due([pause('2026-03-04 09:00', null)])).toBe('2026-03-03 10:00');
  });

  it('rejects a suspension that ends before it starts', () => {
    expect(() => due([pause('2026-03-02 14:00', '2026-03-02 13:00')])).toThrow(RangeError);
  });
});
