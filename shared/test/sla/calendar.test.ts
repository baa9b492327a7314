import {
  addDays,
  createWorkCalendar,
  dayOfWeek,
  DEFAULT_WORKING_HOURS,
  fromShanghaiLocal,
  toShanghaiDate,
  toShanghaiMinuteOfDay,
} from '../../src/sla';
import { calendarDaysFromChineseDays } from '../../src/sla/chinese-days-source';

describe('Shanghai local time helpers', () => {
  it('puts a UTC afternoon instant on the next Shanghai date', () => {
    const instant = new Date('2026-02-13T16:30:00Z');
    expect(toShanghaiDate(instant)).toBe('2026-02-14');
    expect(toShanghaiMinuteOfDay(instant)).toBe(30);
  });

  it('turns a Shanghai date and minute of day into the matching UTC instant', () => {
    expect(fromShanghaiLocal('2026-02-13', 8 * 60 + 30).toISOString()).toBe('2026-02-13T00:30:00.000Z');
    // Minute 1440 is the next local midnight, which is 16:00 UTC the same UTC day.
    expect(fromShanghaiLocal('2026-02-13', 24 * 60).toISOString()).toBe('2026-02-13T16:00:00.000Z');
  });

  it('keeps seconds as a fraction of the minute', () => {
    expect(toShanghaiMinuteOfDay(new Date('2026-03-02T15:37:30+08:00'))).toBe(15 * 60 + 37.5);
  });

  it('adds days across month and year ends and knows the weekday without the host time zone', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayOfWeek('2026-02-14')).toBe(6);
    expect(dayOfWeek('2026-02-15')).toBe(0);
    expect(dayOfWeek('2027-01-01')).toBe(5);
  });

  it('rejects dates that do not exist instead of rolling them over', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => dayOfWeek('2026-2-3')).toThrow(RangeError);
  });
});

describe('createWorkCalendar', () => {
  it('treats Monday to Friday as working and the weekend as rest when there are no rows', () => {
    const calendar = createWorkCalendar([]);
    expect(calendar.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true); // Monday
  });

  it('lets explicit rows override the weekday rule in both directions', () => {
    const calendar = createWorkCalendar([
      { date: '2026-03-06', isWorkingDay: false, name: '本地假日' },
      { date: '2026-03-07', isWorkingDay: true, name: '补班' },
    ]);
    expect(calendar.isWorkingDay('2026-03-06')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-07')).toBe(true);
    expect(calendar.dayName('2026-03-07')).toBe('补班');
    expect(calendar.dayName('2026-03-09')).toBeNull();
  });

  it('lets a later row for the same date replace an earlier one', () => {
    const calendar = createWorkCalendar([
      { date: '2026-03-06', isWorkingDay: false },
      { date: '2026-03-06', isWorkingDay: true },
    ]);
    expect(calendar.isWorkingDay('2026-03-06')).toBe(true);
  });

  it('rejects a row whose date is not YYYY-MM-DD, since it would never match', () => {
    expect(() => createWorkCalendar([{ date: '2026/02/14', isWorkingDay: true }])).toThrow(RangeError);
  });

  it('uses 08:30–12:00 and 13:30–17:30 by default, 450 working minutes a day', () => {
    const calendar = createWorkCalendar([]);
    expect(calendar.workingHours).toEqual(DEFAULT_WORKING_HOURS);
    expect(calendar.workingMinutesPerDay).toBe(450);
  });

  it('accepts custom working hours given in any order', () => {
    const calendar = createWorkCalendar([], {
      workingHours: [
        { startMinute: 14 * 60, endMinute: 18 * 60 },
        { startMinute: 9 * 60, endMinute: 12 * 60 },
      ],
    });
    expect(calendar.workingHours[0]).toEqual({ startMinute: 540, endMinute: 720 });
    expect(calendar.workingMinutesPerDay).toBe(420);
  });

  it('refuses empty, inverted or overlapping working hours', () => {
    expect(() => createWorkCalendar([], { workingHours: [] })).toThrow(RangeError);
    expect(() => createWorkCalendar([], { workingHours: [{ startMinute: 600, endMinute: 540 }] })).toThrow(
      RangeError,
    );
    expect(() =>
      createWorkCalendar([], {
        workingHours: [
          { startMinute: 540, endMinute: 720 },
          { startMinute: 700, endMinute: 800 },
        ],
      }),
    ).toThrow(RangeError);
    expect(() => createWorkCalendar([], { workingHours: [{ startMinute: 1000, endMinute: 1500 }] })).toThrow(
      RangeError,
    );
  });

  describe('with the chinese-days rows for 2004–2026', () => {
    const calendar = createWorkCalendar(calendarDaysFromChineseDays(2004, 2026));

    it('reports every year from 2004 to 2026 as covered and nothing else', () => {
      const expected = Array.from({ length: 23 }, (_, i) => 2004 + i);
      expect(calendar.yearsCovered()).toEqual(expected);
      expect(calendar.hasDataFor(2026)).toBe(true);
      expect(calendar.hasDataFor(2003)).toBe(false);
    });

    it('falls back to Monday–Friday in 2027, for which there is no data', () => {
      expect(calendar.hasDataFor(2027)).toBe(false);
      // 2027-01-01 is New Year's Day in reality, but without data it is just a Friday.
      expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
      expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
      expect(calendar.isWorkingDay('2027-01-04')).toBe(true);
    });

    it('knows the 2026 Spring Festival break and its make-up Saturdays', () => {
      expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
      expect(calendar.dayName('2026-02-14')).toBe('春节调休');
      for (let d = 15; d <= 23; d++) expect(calendar.isWorkingDay(`2026-02-${d}`)).toBe(false);
      expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
      expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
      expect(calendar.isWorkingDay('2026-03-01')).toBe(false);
    });
  });
});
