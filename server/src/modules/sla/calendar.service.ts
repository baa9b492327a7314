import { createWorkCalendar, type TWorkCalendar } from '@hotline/shared';
import type { TDb } from '../../infra/db/client';
import { calendarDays } from '../../infra/db/schema';

/**
 * The working-day calendar, loaded from calendar_days and kept for a minute: deadlines are
 * computed on every state change, and admins edit the calendar a few times a year.
 */
export class CalendarService {
  private cached: { at: number; calendar: TWorkCalendar } | null = null;

  constructor(
    private readonly db: TDb,
    private readonly ttlMs = 60_000,
  ) {}

  async get(now = Date.now()): Promise<TWorkCalendar> {
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.calendar;
    const rows = await this.db
      .select({ date: calendarDays.date, isWorkingDay: calendarDays.isWorkingDay, name: calendarDays.name })
      .from(calendarDays);
    const calendar = createWorkCalendar(rows);
    this.cached = { at: now, calendar };
    return calendar;
  }

  invalidate(): void {
    this.cached = null;
  }
}
