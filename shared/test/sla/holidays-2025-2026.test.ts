/**
 * Every public holiday and 调休 make-up working day of 2025 and 2026, as published by the State
 * Council (国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, and the 2026 notice,
 * 国办发明电〔2025〕7号), written out by hand. The first part checks the chinese-days data
 * against it; the second checks deadlines around each break against expectations worked out by
 * hand from the same table (the working days are listed in the comments), not by the calculator.
 */
import { computeDue, createWorkCalendar, dayOfWeek, type TDuration } from '../../src/sla';
import { calendarDaysFromChineseDays } from '../../src/sla/chinese-days-source';

type TBreak = {
  year: number;
  name: string;
  /** First and last day off, inclusive, with their weekdays as the notice gives them. */
  off: [from: string, fromWeekday: string, to: string, toWeekday: string];
  /** Make-up working days (调休上班), with their weekdays. */
  makeUp: [date: string, weekday: string][];
};

const BREAKS: TBreak[] = [
  { year: 2025, name: '元旦', off: ['2025-01-01', '三', '2025-01-01', '三'], makeUp: [] },
  {
    year: 2025,
    name: '春节',
    off: ['2025-01-28', '二', '2025-02-04', '二'],
    makeUp: [
      ['2025-01-26', '日'],
      ['2025-02-08', '六'],
    ],
  },
  { year: 2025, name: '清明', off: ['2025-04-04', '五', '2025-04-06', '日'], makeUp: [] },
  {
    year: 2025,
    name: '劳动节',
    off: ['2025-05-01', '四', '2025-05-05', '一'],
    makeUp: [['2025-04-27', '日']],
  },
  { year: 2025, name: '端午', off: ['2025-05-31', '六', '2025-06-02', '一'], makeUp: [] },
  {
    year: 2025,
    name: '国庆节、中秋节',
    off: ['2025-10-01', '三', '2025-10-08', '三'],
    makeUp: [
      ['2025-09-28', '日'],
      ['2025-10-11', '六'],
    ],
  },
  { year: 2026, name: '元旦', off: ['2026-01-01', '四', '2026-01-03', '六'], makeUp: [['2026-01-04', '日']] },
  {
    year: 2026,
    name: '春节',
    off: ['2026-02-15', '日', '2026-02-23', '一'],
    makeUp: [
      ['2026-02-14', '六'],
      ['2026-02-28', '六'],
    ],
  },
  { year: 2026, name: '清明', off: ['2026-04-04', '六', '2026-04-06', '一'], makeUp: [] },
  {
    year: 2026,
    name: '劳动节',
    off: ['2026-05-01', '五', '2026-05-05', '二'],
    makeUp: [['2026-05-09', '六']],
  },
  { year: 2026, name: '端午', off: ['2026-06-19', '五', '2026-06-21', '日'], makeUp: [] },
  { year: 2026, name: '中秋', off: ['2026-09-25', '五', '2026-09-27', '日'], makeUp: [] },
  {
    year: 2026,
    name: '国庆节',
    off: ['2026-10-01', '四', '2026-10-07', '三'],
    makeUp: [
      ['2026-09-20', '日'],
      ['2026-10-10', '六'],
    ],
  },
];

const WEEKDAYS = '日一二三四五六';
/** Weekday of a date by plain UTC arithmetic, independent of calendar.ts. */
const weekdayOf = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
const datesFromTo = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

const DAYS_OFF = new Set(BREAKS.flatMap((b) => datesFromTo(b.off[0], b.off[2])));
const MAKE_UP_DAYS = new Set(BREAKS.flatMap((b) => b.makeUp.map(([date]) => date)));

const rows = calendarDaysFromChineseDays(2004, 2026);
const calendar = createWorkCalendar(rows);

describe('the 2025 and 2026 schedules in the chinese-days data', () => {
  it('has the weekdays the notices give (a typo in the table above would show here)', () => {
    for (const b of BREAKS) {
      expect([weekdayOf(b.off[0]), weekdayOf(b.off[2])]).toEqual([b.off[1], b.off[3]]);
      for (const [date, weekday] of b.makeUp) expect(weekdayOf(date)).toBe(weekday);
      for (const [date] of b.makeUp) expect(['六', '日']).toContain(weekdayOf(date));
    }
    expect(DAYS_OFF.size).toBe(1 + 8 + 3 + 5 + 3 + 8 + 3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(MAKE_UP_DAYS.size).toBe(5 + 6);
  });

  it('has exactly these days off and make-up days in 2025–2026, no more, no fewer', () => {
    const inYears = rows.filter((r) => r.date >= '2025-01-01' && r.date <= '2026-12-31');
    expect(inYears.filter((r) => !r.isWorkingDay).map((r) => r.date)).toEqual([...DAYS_OFF].sort());
    expect(inYears.filter((r) => r.isWorkingDay).map((r) => r.date)).toEqual([...MAKE_UP_DAYS].sort());
  });

  it('labels each day with its festival', () => {
    const byDate = new Map(rows.map((r) => [r.date, r.name]));
    for (const b of BREAKS) {
      // 2025-10-06 is labelled 中秋 inside the combined National Day break.
      const allowed = b.name === '国庆节、中秋节' ? ['国庆节', '中秋'] : [b.name];
      for (const date of datesFromTo(b.off[0], b.off[2])) expect(allowed).toContain(byDate.get(date));
      for (const [date] of b.makeUp) expect(allowed.map((n) => `${n}调休`)).toContain(byDate.get(date));
    }
  });

  it('makes every day of 2025–2026 a working day exactly when the table and the week say so', () => {
    for (const date of datesFromTo('2025-01-01', '2026-12-31')) {
      const weekend = weekdayOf(date) === '六' || weekdayOf(date) === '日';
      const expected = MAKE_UP_DAYS.has(date) || (!DAYS_OFF.has(date) && !weekend);
      expect([date, calendar.isWorkingDay(date)]).toEqual([date, expected]);
      expect(dayOfWeek(date)).toBe(WEEKDAYS.indexOf(weekdayOf(date)!));
    }
  });
});

const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}+08:00`);
const local = (instant: Date | null): string | null =>
  instant === null
    ? null
    : new Date(instant.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
const days = (amount: number): TDuration => ({ unit: 'working_days', amount });
const hours = (amount: number): TDuration => ({ unit: 'working_hours', amount });

type TRow = [label: string, start: string, duration: TDuration, expectedDue: string];

/*
 * Working days around each break, worked out from the table (M = make-up day, | = the break):
 * 2025 元旦      2024-12-27 Fri, 12-30 Mon, 12-31 Tue | 01-02 Thu, 01-03 Fri, 01-06 Mon
 * 2025 春节      01-24 Fri, 01-26 Sun M, 01-27 Mon | 02-05 Wed, 02-06 Thu, 02-07 Fri, 02-08 Sat M, 02-10 Mon
 * 2025 清明      04-01 Tue, 04-02 Wed, 04-03 Thu | 04-07 Mon, 04-08 Tue, 04-09 Wed
 * 2025 劳动节    04-25 Fri, 04-27 Sun M, 04-28 Mon, 04-29 Tue, 04-30 Wed | 05-06 Tue, 05-07 Wed, 05-08 Thu
 * 2025 端午      05-28 Wed, 05-29 Thu, 05-30 Fri | 06-03 Tue, 06-04 Wed, 06-05 Thu
 * 2025 国庆中秋  09-26 Fri, 09-28 Sun M, 09-29 Mon, 09-30 Tue | 10-09 Thu, 10-10 Fri, 10-11 Sat M, 10-13 Mon
 * 2026 元旦      2025-12-29 Mon, 12-30 Tue, 12-31 Wed | 01-04 Sun M, 01-05 Mon, 01-06 Tue
 * 2026 春节      02-12 Thu, 02-13 Fri, 02-14 Sat M | 02-24 Tue, 02-25 Wed, 02-26 Thu, 02-27 Fri, 02-28 Sat M, 03-02 Mon
 * 2026 清明      04-01 Wed, 04-02 Thu, 04-03 Fri | 04-07 Tue, 04-08 Wed, 04-09 Thu
 * 2026 劳动节    04-28 Tue, 04-29 Wed, 04-30 Thu | 05-06 Wed, 05-07 Thu, 05-08 Fri, 05-09 Sat M, 05-11 Mon
 * 2026 端午      06-16 Tue, 06-17 Wed, 06-18 Thu | 06-22 Mon, 06-23 Tue, 06-24 Wed
 * 2026 中秋      09-18 Fri, 09-20 Sun M, 09-21 Mon, 09-22 Tue, 09-23 Wed, 09-24 Thu | 09-28 Mon, 09-29 Tue, 09-30 Wed
 * 2026 国庆      09-28 Mon, 09-29 Tue, 09-30 Wed | 10-08 Thu, 10-09 Fri, 10-10 Sat M, 10-12 Mon
 *
 * A working day is a day's worth of working time (450 minutes): registered at 15:00 inside
 * working hours, N working days later is 15:00 on the Nth working day; registered outside
 * working hours, the clock starts at the next opening and 1 working day ends at 17:30.
 */
const TABLE: TRow[] = [
  // 2025 元旦
  ['2025 元旦: afternoon before, 1 day', '2024-12-31 15:00', days(1), '2025-01-02 15:00'],
  ['2025 元旦: afternoon before, 3 days', '2024-12-31 15:00', days(3), '2025-01-06 15:00'],
  ['2025 元旦: due on the last day before', '2024-12-27 10:00', days(2), '2024-12-31 10:00'],
  ['2025 元旦: 2 working hours at 16:30 before', '2024-12-31 16:30', hours(2), '2025-01-02 09:30'],
  ['2025 元旦: registered on the holiday', '2025-01-01 10:00', days(1), '2025-01-02 17:30'],
  // 2025 春节
  ['2025 春节: make-up Sunday counts', '2025-01-24 10:00', days(1), '2025-01-26 10:00'],
  ['2025 春节: due on the last day before', '2025-01-24 10:00', days(2), '2025-01-27 10:00'],
  ['2025 春节: afternoon before, 1 day', '2025-01-27 15:00', days(1), '2025-02-05 15:00'],
  ['2025 春节: afternoon before, 3 days', '2025-01-27 15:00', days(3), '2025-02-07 15:00'],
  [
    '2025 春节: afternoon before, 4 days, make-up Saturday after',
    '2025-01-27 15:00',
    days(4),
    '2025-02-08 15:00',
  ],
  ['2025 春节: afternoon before, 5 days', '2025-01-27 15:00', days(5), '2025-02-10 15:00'],
  ['2025 春节: evening before, 1 day', '2025-01-27 20:00', days(1), '2025-02-05 17:30'],
  ['2025 春节: registered during the break', '2025-01-30 10:00', days(1), '2025-02-05 17:30'],
  // 2025 清明
  ['2025 清明: due on the last day before', '2025-04-01 10:00', days(2), '2025-04-03 10:00'],
  ['2025 清明: afternoon before, 1 day', '2025-04-03 15:00', days(1), '2025-04-07 15:00'],
  ['2025 清明: afternoon before, 3 days', '2025-04-03 15:00', days(3), '2025-04-09 15:00'],
  // 2025 劳动节
  ['2025 劳动节: make-up Sunday counts', '2025-04-25 10:00', days(1), '2025-04-27 10:00'],
  ['2025 劳动节: make-up Sunday then Monday', '2025-04-25 10:00', days(2), '2025-04-28 10:00'],
  ['2025 劳动节: due on the last day before', '2025-04-28 10:00', days(2), '2025-04-30 10:00'],
  ['2025 劳动节: afternoon before, 1 day', '2025-04-30 15:00', days(1), '2025-05-06 15:00'],
  ['2025 劳动节: afternoon before, 3 days', '2025-04-30 15:00', days(3), '2025-05-08 15:00'],
  ['2025 劳动节: 2 working hours at 16:30 before', '2025-04-30 16:30', hours(2), '2025-05-06 09:30'],
  // 2025 端午
  ['2025 端午: due on the last day before', '2025-05-28 10:00', days(2), '2025-05-30 10:00'],
  ['2025 端午: afternoon before, 1 day', '2025-05-30 15:00', days(1), '2025-06-03 15:00'],
  ['2025 端午: afternoon before, 3 days', '2025-05-30 15:00', days(3), '2025-06-05 15:00'],
  // 2025 国庆节、中秋节
  ['2025 国庆: make-up Sunday counts', '2025-09-26 10:00', days(1), '2025-09-28 10:00'],
  ['2025 国庆: due on the last day before', '2025-09-26 10:00', days(3), '2025-09-30 10:00'],
  ['2025 国庆: afternoon before, 1 day', '2025-09-30 15:00', days(1), '2025-10-09 15:00'],
  [
    '2025 国庆: afternoon before, 3 days, make-up Saturday after',
    '2025-09-30 15:00',
    days(3),
    '2025-10-11 15:00',
  ],
  ['2025 国庆: afternoon before, 4 days', '2025-09-30 15:00', days(4), '2025-10-13 15:00'],
  ['2025 国庆: registered during the break (中秋 day)', '2025-10-06 10:00', days(1), '2025-10-09 17:30'],
  // 2026 元旦
  ['2026 元旦: due on the last day before', '2025-12-29 10:00', days(2), '2025-12-31 10:00'],
  [
    '2026 元旦: afternoon before, 1 day, make-up Sunday after',
    '2025-12-31 15:00',
    days(1),
    '2026-01-04 15:00',
  ],
  ['2026 元旦: afternoon before, 3 days', '2025-12-31 15:00', days(3), '2026-01-06 15:00'],
  ['2026 元旦: 2 working hours at 16:30 before', '2025-12-31 16:30', hours(2), '2026-01-04 09:30'],
  ['2026 元旦: registered on the holiday Saturday', '2026-01-03 10:00', days(1), '2026-01-04 17:30'],
  // 2026 春节 (break from Sunday: the make-up Saturday is the last day before it)
  ['2026 春节: due on the make-up Saturday before', '2026-02-12 10:00', days(2), '2026-02-14 10:00'],
  ['2026 春节: Friday afternoon, 1 day', '2026-02-13 15:00', days(1), '2026-02-14 15:00'],
  ['2026 春节: Friday afternoon, 3 days', '2026-02-13 15:00', days(3), '2026-02-25 15:00'],
  ['2026 春节: make-up Saturday afternoon, 1 day', '2026-02-14 15:00', days(1), '2026-02-24 15:00'],
  ['2026 春节: make-up Saturday afternoon, 3 days', '2026-02-14 15:00', days(3), '2026-02-26 15:00'],
  ['2026 春节: make-up Saturday after counts', '2026-02-26 10:00', days(2), '2026-02-28 10:00'],
  ['2026 春节: then Monday', '2026-02-26 10:00', days(3), '2026-03-02 10:00'],
  // 2026 清明
  ['2026 清明: due on the last day before', '2026-04-01 10:00', days(2), '2026-04-03 10:00'],
  ['2026 清明: afternoon before, 1 day', '2026-04-03 15:00', days(1), '2026-04-07 15:00'],
  ['2026 清明: afternoon before, 3 days', '2026-04-03 15:00', days(3), '2026-04-09 15:00'],
  // 2026 劳动节
  ['2026 劳动节: due on the last day before', '2026-04-28 10:00', days(2), '2026-04-30 10:00'],
  ['2026 劳动节: afternoon before, 1 day', '2026-04-30 15:00', days(1), '2026-05-06 15:00'],
  ['2026 劳动节: afternoon before, 3 days', '2026-04-30 15:00', days(3), '2026-05-08 15:00'],
  [
    '2026 劳动节: afternoon before, 4 days, make-up Saturday after',
    '2026-04-30 15:00',
    days(4),
    '2026-05-09 15:00',
  ],
  ['2026 劳动节: afternoon before, 5 days', '2026-04-30 15:00', days(5), '2026-05-11 15:00'],
  // 2026 端午
  ['2026 端午: due on the last day before', '2026-06-16 10:00', days(2), '2026-06-18 10:00'],
  ['2026 端午: afternoon before, 1 day', '2026-06-18 15:00', days(1), '2026-06-22 15:00'],
  ['2026 端午: afternoon before, 3 days', '2026-06-18 15:00', days(3), '2026-06-24 15:00'],
  // 2026 中秋 (the National Day make-up Sunday 09-20 comes just before)
  ['2026 中秋: make-up Sunday counts', '2026-09-18 10:00', days(1), '2026-09-20 10:00'],
  ['2026 中秋: make-up Sunday then Monday', '2026-09-18 10:00', days(2), '2026-09-21 10:00'],
  ['2026 中秋: due on the last day before', '2026-09-22 10:00', days(2), '2026-09-24 10:00'],
  ['2026 中秋: afternoon before, 1 day', '2026-09-24 15:00', days(1), '2026-09-28 15:00'],
  ['2026 中秋: afternoon before, 3 days', '2026-09-24 15:00', days(3), '2026-09-30 15:00'],
  ['2026 中秋: afternoon before, 4 days, over 国庆 too', '2026-09-24 15:00', days(4), '2026-10-08 15:00'],
  // 2026 国庆节
  ['2026 国庆: due on the last day before', '2026-09-28 10:00', days(2), '2026-09-30 10:00'],
  ['2026 国庆: afternoon before, 1 day', '2026-09-30 15:00', days(1), '2026-10-08 15:00'],
  [
    '2026 国庆: afternoon before, 3 days, make-up Saturday after',
    '2026-09-30 15:00',
    days(3),
    '2026-10-10 15:00',
  ],
  ['2026 国庆: afternoon before, 4 days', '2026-09-30 15:00', days(4), '2026-10-12 15:00'],
  ['2026 国庆: 2 working hours at 16:30 before', '2026-09-30 16:30', hours(2), '2026-10-08 09:30'],
  ['2026 国庆: registered during the break', '2026-10-03 10:00', days(1), '2026-10-08 17:30'],
];

describe('deadlines around every 2025 and 2026 break', () => {
  it('covers every break and every make-up day in the table', () => {
    const touched = (date: string) =>
      TABLE.some(([, start, , due]) => start.startsWith(date) || due.startsWith(date));
    for (const date of MAKE_UP_DAYS) expect([date, touched(date)]).toEqual([date, true]);
    for (const b of BREAKS)
      expect(TABLE.some(([label]) => label.startsWith(`${b.year} ${b.name.slice(0, 2)}`))).toBe(true);
  });

  it.each(TABLE)('%s: %s + %j is due %s', (_label, start, duration, expectedDue) => {
    expect(local(computeDue({ start: at(start), duration }, calendar))).toBe(expectedDue);
  });
});
