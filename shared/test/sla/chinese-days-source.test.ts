import { dayOfWeek } from '../../src/sla';
import { calendarDaysFromChineseDays } from '../../src/sla/chinese-days-source';

describe('calendarDaysFromChineseDays', () => {
  const rows = calendarDaysFromChineseDays(2004, 2026);
  const byDate = new Map(rows.map((row) => [row.date, row]));

  it('has rows for every year from 2004 to 2026', () => {
    const years = new Set(rows.map((row) => Number(row.date.slice(0, 4))));
    for (let year = 2004; year <= 2026; year++) expect(years.has(year)).toBe(true);
    expect(years.size).toBe(23);
  });

  it('marks the 2026-02-14 make-up Saturday as working and the Spring Festival Monday as a day off', () => {
    expect(byDate.get('2026-02-14')).toEqual({ date: '2026-02-14', isWorkingDay: true, name: '春节调休' });
    expect(byDate.get('2026-02-16')).toEqual({ date: '2026-02-16', isWorkingDay: false, name: '春节' });
    expect(byDate.get('2026-02-28')?.isWorkingDay).toBe(true);
  });

  it('keeps holidays that fall on a weekend so the UI can label them', () => {
    expect(dayOfWeek('2026-02-15')).toBe(0);
    expect(byDate.get('2026-02-15')).toEqual({ date: '2026-02-15', isWorkingDay: false, name: '春节' });
  });

  it('contains exceptions only: no rows for ordinary weekdays or ordinary weekends', () => {
    expect(byDate.has('2026-03-03')).toBe(false);
    expect(byDate.has('2026-03-07')).toBe(false);
    for (const row of rows) {
      const weekend = [0, 6].includes(dayOfWeek(row.date));
      // A working row is only worth having on a weekend; a day off may be on any day.
      if (row.isWorkingDay) expect(weekend).toBe(true);
      expect(row.name).toBeTruthy();
    }
  });

  it('includes one-off days off such as the 2015 victory anniversary and the extended 2020 Spring Festival', () => {
    expect(byDate.get('2015-09-03')?.isWorkingDay).toBe(false);
    expect(byDate.get('2020-01-31')).toEqual({ date: '2020-01-31', isWorkingDay: false, name: '春节' });
  });

  it('returns only the requested years, sorted by date', () => {
    const only2026 = calendarDaysFromChineseDays(2026, 2026);
    expect(only2026.every((row) => row.date.startsWith('2026-'))).toBe(true);
    expect(only2026[0]?.date).toBe('2026-01-01');
    const dates = only2026.map((row) => row.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('returns no rows for a year the package does not cover', () => {
    expect(calendarDaysFromChineseDays(2027, 2030)).toEqual([]);
  });

  it('rejects an inverted year range', () => {
    expect(() => calendarDaysFromChineseDays(2026, 2025)).toThrow(RangeError);
  });
});
