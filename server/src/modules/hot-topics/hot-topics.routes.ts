import { AppError, HOT_TOPIC_STATUSES } from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../infra/http/keyset-cursor';
import { route } from '../../infra/http/route-table';
import { alertsByIds, alertTickets, listAlerts, setAlertStatus } from './hot-topics.repository';

const ZListQuery = z.object({
  status: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
      z.array(z.enum(HOT_TOPIC_STATUSES)),
    )
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
const ZIdParams = z.object({ id: z.uuid() });

/**
 * Hot-topic alerts (热点预警) for supervisors and admins: list and detail (from the read replica),
 * acknowledge and close (on the primary).
 */
export function hotTopicRoutes(ctx: TAppContext): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/hot-topics',
      summary: 'Hot-topic alerts, newest first',
      tag: 'supervision',
      permission: 'hot_topics.read',
      query: ZListQuery,
      statuses: [400, 403],
    },
    async ({ query }) => {
      const items = await listAlerts(ctx.readDb, {
        ...(query.status ? { statuses: query.status } : {}),
        ...(query.cursor ? { after: decodeKeysetCursor(query.cursor) } : {}),
        limit: query.limit + 1,
      });
      const page = items.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor: items.length > query.limit && last ? encodeKeysetCursor(last.raisedAt, last.id) : null,
      };
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/hot-topics/:id',
      summary: 'A hot-topic alert with its tickets (never a confidential one)',
      tag: 'supervision',
      permission: 'hot_topics.read',
      params: ZIdParams,
      statuses: [400, 403, 404],
    },
    async ({ params }) => {
      const [alert] = await alertsByIds(ctx.readDb, [params.id]);
      if (!alert) throw new AppError('NOT_FOUND', 'No such hot-topic alert');
      return { alert, ...(await alertTickets(ctx.readDb, params.id)) };
    },
  );
  for (const [verb, to] of [
    ['ack', 'acknowledged'],
    ['close', 'closed'],
  ] as const) {
    route(
      r,
      {
        method: 'post',
        path: `/hot-topics/:id/${verb}`,
        summary: verb === 'ack' ? 'Acknowledge a hot-topic alert' : 'Close a hot-topic alert',
        tag: 'supervision',
        permission: 'hot_topics.handle',
        params: ZIdParams,
        statuses: [400, 403, 404, 409],
      },
      async ({ params, actor }) => {
        const alert = await setAlertStatus(ctx.db, params.id, to, ctx.clock());
        if (alert) {
          ctx.logger.info({ alertId: alert.id, status: to, userId: actor.id }, 'hot-topic alert status');
          return { alert };
        }
        const [current] = await alertsByIds(ctx.db, [params.id]);
        if (!current) throw new AppError('NOT_FOUND', 'No such hot-topic alert');
        throw new AppError('ILLEGAL_TRANSITION', `The alert is ${current.status}`, {
          status: current.status,
        });
      },
    );
  }
  return r;
}
