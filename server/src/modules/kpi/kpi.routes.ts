import {
  AppError,
  dataQualityRate,
  isChannelMetric,
  kpiRangeOf,
  unitRates,
  zeroCounters,
  CHANNEL_COUNTERS,
  ZKpiChannelsQuery,
  ZKpiTicketsQuery,
  ZKpiTrendQuery,
  ZKpiUnitsQuery,
  type TChannel,
  type TKpiChannelsResponse,
  type TKpiRebuildResponse,
  type TKpiTicketsResponse,
  type TKpiTrendResponse,
  type TKpiUnitsResponse,
  type TLine,
  type TScreenLive,
  toShanghaiDate,
} from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { requestMaintenance } from '../maintenance/maintenance';
import { readsConfidential } from '../tickets/ticket-visibility';
import { assertCityScope, kpiScopeOf, unitInScope } from './kpi-scope';
import { callTotals, channelRows, drillDown, trendDays, unitRows } from './kpi.repository';
import { screenTickets } from './screen.repository';
import { getScreenLive } from './use-cases/get-screen-live';

const ZScreenTicketsQuery = z.object({
  kind: z.enum(['district', 'category', 'hotTopic']),
  id: z.uuid().optional(),
});

/**
 * KPI figures from the roll-up tables, their tickets, and the big screen's snapshot. Every read
 * goes to the read replica (ctx.readDb): dashboards are most of the read load and may lag a second.
 */
export function kpiRoutes(ctx: TAppContext): Router {
  const r = Router();
  const read = { db: ctx.readDb, clock: ctx.clock };
  route(
    r,
    {
      method: 'get',
      path: '/kpi/units',
      summary: 'KPI counters and rates per unit, per district (unit subtree) or for the city',
      tag: 'kpi',
      permission: 'kpi.read',
      query: ZKpiUnitsQuery,
      statuses: [400, 403, 404],
    },
    async ({ actor, query }): Promise<TKpiUnitsResponse> => {
      const scope = await kpiScopeOf(ctx.readDb, actor);
      const unit = query.unitId ? await unitInScope(ctx.readDb, scope, query.unitId) : null;
      const { from, to } = kpiRangeOf(query);
      const rows = await unitRows(ctx.readDb, scope, { from, to, level: query.level, unit });
      return { from, to, level: query.level, rows };
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/kpi/trend',
      summary: 'KPI counters and rates day by day, for a unit subtree or everything visible',
      tag: 'kpi',
      permission: 'kpi.read',
      query: ZKpiTrendQuery,
      statuses: [400, 403, 404],
    },
    async ({ actor, query }): Promise<TKpiTrendResponse> => {
      const scope = await kpiScopeOf(ctx.readDb, actor);
      const unit = query.unitId ? await unitInScope(ctx.readDb, scope, query.unitId) : null;
      const days = await trendDays(ctx.readDb, scope, { from: query.from, to: query.to, unit });
      return {
        from: query.from,
        to: query.to,
        unitId: unit?.id ?? null,
        days: [...days].map(([day, counters]) => ({ day, counters, rates: unitRates(counters) })),
      };
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/kpi/channels',
      summary:
        'Tickets by channel and line, calls answered, answer rate, wait, three-way calls, data quality',
      tag: 'kpi',
      permission: 'kpi.city',
      query: ZKpiChannelsQuery,
      statuses: [400, 403],
    },
    async ({ actor, query }): Promise<TKpiChannelsResponse> => {
      assertCityScope(await kpiScopeOf(ctx.readDb, actor));
      const rows = await channelRows(ctx.readDb, query.from, query.to);
      const total = zeroCounters(CHANNEL_COUNTERS);
      const byChannel: Partial<Record<TChannel, number>> = {};
      const byLine: Partial<Record<TLine, number>> = {};
      for (const row of rows) {
        for (const k of CHANNEL_COUNTERS) total[k] += row[k];
        byChannel[row.channel as TChannel] = (byChannel[row.channel as TChannel] ?? 0) + row.tickets;
        byLine[row.line as TLine] = (byLine[row.line as TLine] ?? 0) + row.tickets;
      }
      return {
        from: query.from,
        to: query.to,
        tickets: total.tickets,
        byChannel,
        byLine,
        rows: rows as TKpiChannelsResponse['rows'],
        calls: await callTotals(ctx.readDb, query.from, query.to),
        dataQualityRate: dataQualityRate(total),
      };
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/kpi/tickets',
      summary: 'The tickets (events) behind a KPI counter, newest first',
      tag: 'kpi',
      permission: 'kpi.read',
      query: ZKpiTicketsQuery,
      statuses: [400, 403, 404, 422],
    },
    async ({ actor, query }): Promise<TKpiTicketsResponse> => {
      const scope = await kpiScopeOf(ctx.readDb, actor);
      if (isChannelMetric(query.metric)) assertCityScope(scope);
      else if (query.line || query.channel)
        throw new AppError('VALIDATION_FAILED', 'line and channel narrow channel metrics only', {
          fields: { line: ['only with a channel metric'] },
        });
      const unit = query.unitId ? await unitInScope(ctx.readDb, scope, query.unitId) : null;
      return drillDown(ctx.readDb, scope, {
        metric: query.metric,
        from: query.from,
        to: query.to,
        unit,
        subtree: query.level === 'district',
        line: query.line,
        channel: query.channel,
        cursor: query.cursor,
        limit: query.limit,
        readsConfidential: readsConfidential(actor),
      });
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/kpi/rebuild',
      summary: 'Recompute every KPI roll-up from the event log (runs on a worker)',
      tag: 'kpi',
      permission: 'kpi.rebuild',
      statuses: [202, 403],
    },
    async ({ res }): Promise<TKpiRebuildResponse> => {
      const requestId = await requestMaintenance(ctx.db, 'kpi-rebuild');
      res.status(202);
      return { requestId };
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/screen/live',
      summary: "The big screen's snapshot: today's intake and calls, rates and trend, open workload, ranking",
      tag: 'kpi',
      permission: 'kpi.city',
      statuses: [403],
    },
    async ({ actor }): Promise<TScreenLive> => getScreenLive(read, actor),
  );
  route(
    r,
    {
      method: 'get',
      path: '/screen/tickets',
      summary: "The tickets behind a district or category of today's big screen, or a hot-topic alert",
      tag: 'kpi',
      permission: 'kpi.city',
      query: ZScreenTicketsQuery,
      statuses: [400, 403],
    },
    async ({ actor, query }): Promise<TKpiTicketsResponse> => {
      assertCityScope(await kpiScopeOf(ctx.readDb, actor));
      if (query.kind === 'hotTopic' && !query.id)
        throw new AppError('VALIDATION_FAILED', 'A hot topic needs its id', { fields: { id: ['required'] } });
      const filter =
        query.kind === 'hotTopic'
          ? { kind: 'hotTopic' as const, id: query.id! }
          : { kind: query.kind, id: query.id ?? null };
      const items = await screenTickets(
        ctx.readDb,
        toShanghaiDate(ctx.clock()),
        filter,
        readsConfidential(actor),
      );
      return { items, nextCursor: null };
    },
  );
  return r;
}
