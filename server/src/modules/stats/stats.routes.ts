import { ZStatsOverviewQuery } from '@hotline/shared';
import { Router } from 'express';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { getOverview } from './use-cases/get-overview';

/**
 * Supervision figures for the hotline's desks (监督总览), read from the read replica. Units watch
 * their own inbox instead.
 */
export function statsRoutes(ctx: TAppContext): Router {
  const r = Router();
  const read = { db: ctx.readDb, clock: ctx.clock };
  route(
    r,
    {
      method: 'get',
      path: '/stats/overview',
      summary: "The day's intake, on-time and satisfaction rates, and the open workload now",
      tag: 'stats',
      permission: 'stats.overview',
      query: ZStatsOverviewQuery,
      statuses: [400, 403],
    },
    async ({ actor, query }) => getOverview(read, actor, query.date),
  );
  return r;
}
