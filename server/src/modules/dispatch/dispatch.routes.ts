import {
  AppError,
  ZDispatchRuleInput,
  ZDispatchRulesQuery,
  ZDispatchRuleUpdate,
  ZDispatchSettingsPatch,
  ZRoutingSuggestInput,
  type TChannel,
  type TRoutingSuggestions,
} from '@hotline/shared';
import { sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import type { TUserActor } from '../auth/actor';
import { requestMaintenance } from '../maintenance/maintenance';
import { getDispatchSettings, updateDispatchSettings } from '../settings/settings.repository';
import { visibleTicketsCondition } from '../tickets/ticket-visibility';
import { getDispatchRule, listDispatchRules, listRuleVersions } from './dispatch-rules.repository';
import { adviseRouting } from './routing-advice';
import { currentRoutingModels, listRoutingModels } from './routing-model.store';
import { createDispatchRule } from './use-cases/create-dispatch-rule';
import { deleteDispatchRule } from './use-cases/delete-dispatch-rule';
import { updateDispatchRule } from './use-cases/update-dispatch-rule';

const ZId = z.object({ id: z.uuid() });
const ZDeleteQuery = z.object({ expectedVersion: z.coerce.number().int().positive().optional() });

/** Suggestions for a ticket the user can see. A confidential ticket gets none: they would be read off its text. */
async function ticketSuggestions(
  ctx: TAppContext,
  actor: TUserActor,
  id: string,
): Promise<TRoutingSuggestions> {
  const res = await ctx.db.execute(sql`
    select t.title, t.description, t.category_id, t.district_id, t.line, t.channel, t.confidential
    from tickets t where t.id = ${id} and ${visibleTicketsCondition(actor)}`);
  const t = res.rows[0] as Record<string, string | boolean | null> | undefined;
  if (!t) throw new AppError('NOT_FOUND', 'Ticket not found');
  if (t.confidential) {
    const models = await currentRoutingModels(ctx.db);
    const trainedAt = models.unit?.trainedAt ?? models.category?.trainedAt ?? null;
    return { units: [], categories: [], modelTrainedAt: trainedAt?.toISOString() ?? null };
  }
  const { units, categories, modelTrainedAt } = await adviseRouting(ctx, {
    text: `${t.title as string} ${t.description as string}`,
    categoryId: (t.category_id as string) ?? null,
    districtId: (t.district_id as string) ?? null,
    line: t.line as string,
    channel: t.channel as TChannel,
  });
  return { units, categories, modelTrainedAt };
}

/** 派单目录, dispatch settings and the smart routing suggestions. */
export function dispatchRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/dispatch-rules',
      summary: '派单目录: category × district (× line) → lead and assisting units',
      tag: 'dispatch',
      permission: 'dispatch_rules.read',
      query: ZDispatchRulesQuery,
      statuses: [400],
    },
    async ({ query }) => ({ items: await listDispatchRules(ctx.db, query) }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/dispatch-rules',
      summary: 'Add a dispatch rule',
      tag: 'dispatch',
      permission: 'dispatch_rules.manage',
      body: ZDispatchRuleInput,
      statuses: [201, 400, 403, 409, 422],
    },
    async ({ actor, body, res }) => {
      const rule = await createDispatchRule(ctx, actor, body);
      res.status(201);
      return rule;
    },
  );
  route(
    r,
    {
      method: 'put',
      path: '/dispatch-rules/:id',
      summary: 'Change a dispatch rule (optimistic concurrency with expectedVersion)',
      tag: 'dispatch',
      permission: 'dispatch_rules.manage',
      params: ZId,
      body: ZDispatchRuleUpdate,
      statuses: [400, 403, 404, 409, 422],
    },
    async ({ actor, params, body }) => updateDispatchRule(ctx, actor, params.id, body),
  );
  route(
    r,
    {
      method: 'delete',
      path: '/dispatch-rules/:id',
      summary: 'Delete a dispatch rule (kept with its history)',
      tag: 'dispatch',
      permission: 'dispatch_rules.manage',
      params: ZId,
      query: ZDeleteQuery,
      statuses: [400, 403, 404, 409],
    },
    async ({ actor, params, query }) => deleteDispatchRule(ctx, actor, params.id, query.expectedVersion),
  );
  route(
    r,
    {
      method: 'get',
      path: '/dispatch-rules/:id',
      summary: 'One dispatch rule',
      tag: 'dispatch',
      permission: 'dispatch_rules.read',
      params: ZId,
      statuses: [400, 404],
    },
    async ({ params }) => getDispatchRule(ctx.db, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/dispatch-rules/:id/versions',
      summary: 'Change history of a dispatch rule, newest first',
      tag: 'dispatch',
      permission: 'dispatch_rules.read',
      params: ZId,
      statuses: [400, 404],
    },
    async ({ params }) => ({ items: await listRuleVersions(ctx.db, params.id) }),
  );

  route(
    r,
    {
      method: 'get',
      path: '/settings/dispatch',
      summary: 'Dispatch settings (auto-dispatch threshold, return window, caps)',
      tag: 'dispatch',
      permission: 'settings.read',
    },
    async () => getDispatchSettings(ctx.db),
  );
  route(
    r,
    {
      method: 'put',
      path: '/settings/dispatch',
      summary: 'Change dispatch settings (any subset)',
      tag: 'dispatch',
      permission: 'settings.manage',
      body: ZDispatchSettingsPatch,
      statuses: [400, 403],
    },
    async ({ actor, body }) => updateDispatchSettings(ctx.db, body, actor.id, ctx.clock()),
  );

  route(
    r,
    {
      method: 'post',
      path: '/routing/suggest',
      summary: 'Units and categories for what the agent has typed so far',
      tag: 'dispatch',
      permission: 'routing.suggest',
      body: ZRoutingSuggestInput,
      statuses: [400],
    },
    async ({ body }): Promise<TRoutingSuggestions> => {
      const { units, categories, modelTrainedAt } = await adviseRouting(ctx, {
        text: `${body.title} ${body.description}`.trim(),
        categoryId: body.categoryId ?? null,
        districtId: body.districtId ?? null,
        line: body.line,
        channel: null,
      });
      return { units, categories, modelTrainedAt };
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/tickets/:id/suggestions',
      summary: 'Routing suggestions for a ticket',
      tag: 'dispatch',
      permission: 'routing.suggest',
      params: ZId,
      statuses: [400, 404],
    },
    async ({ actor, params }) => ticketSuggestions(ctx, actor, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/routing/models',
      summary: 'Trained routing models with their held-out accuracy, newest first',
      tag: 'dispatch',
      permission: 'routing.models.read',
      statuses: [403],
    },
    async () => ({ items: await listRoutingModels(ctx.db) }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/routing/models/train',
      summary: 'Retrain the routing models now (runs on a worker)',
      tag: 'dispatch',
      permission: 'routing.models.train',
      statuses: [202, 403],
    },
    async ({ res }) => {
      const requestId = await requestMaintenance(ctx.db, 'routing-train');
      res.status(202);
      return { requestId };
    },
  );
  return r;
}
