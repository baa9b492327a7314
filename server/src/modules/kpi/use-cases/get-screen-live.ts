import {
  addDays,
  rate,
  toShanghaiDate,
  unitRates,
  type TChannel,
  type TLine,
  type TScreenLive,
} from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { liveFiguresCacheFor } from '../../../infra/cache/live-figures-cache';
import type { TUserActor } from '../../auth/actor';
import { assertCityScope, kpiScopeOf } from '../kpi-scope';
import { callTotals, channelRows, trendDays, unitRows } from '../kpi.repository';
import { openHotTopics, openStates, todayByCategory, todayByDistrict } from '../screen.repository';

export const SCREEN_TREND_DAYS = 30;
const RANKING_SIZE = 10;

/**
 * 大屏: one read-only snapshot of today and the month, from the roll-ups (a couple of seconds
 * behind the events) plus the live open workload, so the figures agree with each other.
 */
export async function getScreenLive(
  ctx: Pick<TUseCaseContext, 'db' | 'clock'>,
  actor: TUserActor,
): Promise<TScreenLive> {
  const asOf = ctx.clock();
  const today = toShanghaiDate(asOf);
  const monthStart = `${today.slice(0, 8)}01`;
  const trendFrom = addDays(today, -(SCREEN_TREND_DAYS - 1));
  const scope = await kpiScopeOf(ctx.db, actor);
  assertCityScope(scope);
  // The same city-wide snapshot for every big screen and every reader allowed to see it.
  return liveFiguresCacheFor(ctx.db).get(`screen|${today}`, () =>
    ctx.db.transaction(
      async (tx) => {
        const channels = await channelRows(tx, today, today);
        const byChannel: Partial<Record<TChannel, number>> = {};
        const byLine: Partial<Record<TLine, number>> = {};
        for (const r of channels) {
          byChannel[r.channel as TChannel] = (byChannel[r.channel as TChannel] ?? 0) + r.tickets;
          byLine[r.line as TLine] = (byLine[r.line as TLine] ?? 0) + r.tickets;
        }
        const days = await trendDays(tx, scope, { from: trendFrom, to: today, unit: null });
        const ticketsByDay = await tx.execute(
          sql`select to_char(day, 'YYYY-MM-DD') as day, sum(tickets)::int as n from kpi_channel_daily
            where day >= ${trendFrom}::date and day <= ${today}::date group by day`,
        );
        const filed = new Map((ticketsByDay.rows as { day: string; n: number }[]).map((r) => [r.day, r.n]));
        const todayCounters = days.get(today)!;
        const todayRates = unitRates(todayCounters);
        const month = await unitRows(tx, scope, { from: monthStart, to: today, level: 'unit', unit: null });
        return {
          asOf: asOf.toISOString(),
          today,
          month: { from: monthStart, to: today },
          tickets: { total: channels.reduce((n, r) => n + r.tickets, 0), byChannel, byLine },
          calls: await callTotals(tx, today, today),
          rates: {
            onTimeRate: todayRates.onTimeRate,
            satisfactionRate: todayRates.satisfactionRate,
            signOnTimeRate: todayRates.signOnTimeRate,
            replied: todayCounters.replied,
            rated: todayCounters.rated,
          },
          trend: [...days].map(([day, c]) => ({
            day,
            tickets: Number(filed.get(day) ?? 0),
            replied: c.replied,
            onTimeRate: rate(c.repliedOnTime, c.replied),
            satisfactionRate: rate(c.satisfied + c.basicallySatisfied, c.rated),
            signOnTimeRate: rate(c.signedOnTime, c.signed),
          })),
          open: await openStates(tx, asOf.toISOString()),
          ranking: month
            .filter((u) => u.counters.replied > 0)
            .sort(
              (a, b) =>
                (b.rates.onTimeRate ?? 0) - (a.rates.onTimeRate ?? 0) ||
                b.counters.replied - a.counters.replied ||
                a.unitName.localeCompare(b.unitName, 'zh'),
            )
            .slice(0, RANKING_SIZE)
            .map((u) => ({
              unitId: u.unitId,
              unitName: u.unitName,
              replied: u.counters.replied,
              onTimeRate: u.rates.onTimeRate,
            })),
          byDistrict: await todayByDistrict(tx, today),
          byCategory: await todayByCategory(tx, today),
          hotTopics: await openHotTopics(tx),
        };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    ),
  );
}
