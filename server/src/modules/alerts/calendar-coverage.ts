import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../app-context';
import { systemAlerts } from '../../infra/db/schema';
import { toShanghaiDate } from '@hotline/shared';

export const CALENDAR_ALERT_KIND = 'calendar_missing';
/** Deadlines reach this far ahead (15 working days plus a 10-day extension, with holidays). */
const LOOKAHEAD_DAYS = 60;

/**
 * Raises an alert for each year a deadline may fall in that has no holiday calendar (the
 * State Council notice not entered yet) and resolves it once the days are there. Meanwhile
 * the calendar counts Monday–Friday as working days, which it does for any year without rows.
 */
export async function checkCalendarCoverage(
  ctx: TUseCaseContext,
  now: Date,
): Promise<{ missing: number[]; raised: number[]; resolved: number[] }> {
  ctx.calendar.invalidate();
  const cal = await ctx.calendar.get(now.getTime());
  const thisYear = Number(toShanghaiDate(now).slice(0, 4));
  const horizonYear = Number(
    toShanghaiDate(new Date(now.getTime() + LOOKAHEAD_DAYS * 86_400_000)).slice(0, 4),
  );
  const years = [...new Set([thisYear, horizonYear])];
  const missing = years.filter((y) => !cal.hasDataFor(y));
  const raised: number[] = [];
  for (const year of missing) {
    const current = year === thisYear;
    const rows = await ctx.db
      .insert(systemAlerts)
      .values({
        kind: CALENDAR_ALERT_KIND,
        key: String(year),
        level: current ? 'critical' : 'warning',
        message: `${year} 年节假日安排尚未录入：请按国务院办公厅通知补录放假和调休日期；录入前按周一至周五计算工作日。`,
        details: { year, fallback: 'monday-friday' },
        raisedAt: now,
      })
      .onConflictDoNothing({
        target: [systemAlerts.kind, systemAlerts.key],
        where: sql`${systemAlerts.resolvedAt} is null`,
      })
      .returning({ id: systemAlerts.id });
    if (rows.length) raised.push(year);
  }
  const covered = years.filter((y) => cal.hasDataFor(y)).map(String);
  const resolvedRows = covered.length
    ? await ctx.db
        .update(systemAlerts)
        .set({ resolvedAt: now })
        .where(
          and(
            eq(systemAlerts.kind, CALENDAR_ALERT_KIND),
            inArray(systemAlerts.key, covered),
            isNull(systemAlerts.resolvedAt),
          ),
        )
        .returning({ key: systemAlerts.key })
    : [];
  if (raised.length) ctx.logger.warn({ years: raised }, 'holiday calendar missing');
  return { missing, raised, resolved: resolvedRows.map((r) => Number(r.key)) };
}
