import { AppError, ZCallStatsQuery, ZListCallsQuery, ZRegisterExtensionSchema } from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { extensionOf, registerExtension } from './agent-extensions';
import { callStats, listCalls, listMissedCalls, markCallbackDone } from './call-records';

const ZId = z.object({ id: z.uuid() });
const ZMissedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) });

/**
 * REST for call records (from the CTI channel; the city centre's) and the agent desk's extension
 * (any hotline desk, district branches' too).
 */
export function callRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/calls',
      summary: 'Recent calls (caller masked), newest first',
      tag: 'calls',
      permission: 'calls.handle',
      requireScope: 'all',
      query: ZListCallsQuery,
      statuses: [400],
    },
    async ({ query }) => listCalls(ctx.db, query),
  );

  route(
    r,
    {
      method: 'get',
      path: '/calls/missed',
      summary: 'Inbound calls that ended unanswered and have not been called back',
      tag: 'calls',
      permission: 'calls.handle',
      requireScope: 'all',
      query: ZMissedQuery,
      statuses: [400],
    },
    async ({ query }) => listMissedCalls(ctx.db, query.limit),
  );

  route(
    r,
    {
      method: 'post',
      path: '/calls/:id/callback-done',
      summary: 'Mark a missed call as called back',
      tag: 'calls',
      permission: 'calls.handle',
      requireScope: 'all',
      params: ZId,
      statuses: [404],
    },
    async ({ params }) => ({ call: await markCallbackDone(ctx.db, params.id, ctx.clock()) }),
  );

  route(
    r,
    {
      method: 'get',
      path: '/calls/stats',
      summary: 'Calls, answer rate, average wait and three-way calls in [from, to)',
      tag: 'calls',
      permission: 'calls.handle',
      requireScope: 'all',
      query: ZCallStatsQuery,
      statuses: [400],
    },
    async ({ query }) => {
      const from = new Date(query.from);
      const to = new Date(query.to);
      if (to <= from) throw new AppError('VALIDATION_FAILED', '`to` must be after `from`');
      return callStats(ctx.db, from, to);
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/calls/extension',
      summary: "The extension this agent's desk registered",
      tag: 'calls',
      permission: 'calls.desk',
    },
    async ({ actor }) => ({ ext: await extensionOf(ctx.redis, ctx.config.REDIS_PREFIX, actor.id) }),
  );

  route(
    r,
    {
      method: 'post',
      path: '/calls/extension',
      summary: "Register this agent's telephone extension (screen pops for calls ringing there)",
      tag: 'calls',
      permission: 'calls.desk',
      body: ZRegisterExtensionSchema,
      statuses: [400],
    },
    async ({ actor, body }) => {
      await registerExtension(ctx.redis, ctx.config.REDIS_PREFIX, actor, body.ext);
      return { ext: body.ext };
    },
  );

  return r;
}
