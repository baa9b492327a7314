import {
  AppError,
  ticketScopeOf,
  ZCloseConversationSchema,
  ZConvertConversationSchema,
  ZListConversationsQuery,
  ZReplyToConversationSchema,
  type TConvertConversationResponse,
} from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import type { TUserActor } from '../auth/actor';
import { getConversationDetail, getConversationSummary, listConversations } from './triage.repository';
import { TRIAGE_ROLES } from './triage-access';
import { closeConversation } from './use-cases/close-conversation';
import { convertConversation } from './use-cases/convert-conversation';
import { replyToConversation } from './use-cases/reply-to-conversation';

const ZId = z.object({ id: z.uuid() });

/**
 * The WeChat and Weibo accounts are the city centre's: district branches with the same roles
 * work their own tickets, not the centre's inbox.
 */
function assertCentreStaff(actor: TUserActor): void {
  if (ticketScopeOf(actor).kind !== 'all')
    throw new AppError('FORBIDDEN', 'The triage inbox belongs to the city hotline centre');
}

/** The agents' triage inbox of WeChat / Weibo conversations that are not tickets yet. */
export function triageRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/conversations',
      summary: 'Triage inbox: WeChat / Weibo conversations by status (cursor pagination)',
      tag: 'triage',
      access: TRIAGE_ROLES,
      query: ZListConversationsQuery,
      statuses: [400, 403],
    },
    async ({ actor, query }) => {
      assertCentreStaff(actor);
      return listConversations(ctx.db, actor, query);
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/conversations/:id',
      summary: "A conversation's messages (oldest first) and the citizen's history",
      tag: 'triage',
      access: TRIAGE_ROLES,
      params: ZId,
      statuses: [403, 404],
    },
    async ({ actor, params }) => {
      assertCentreStaff(actor);
      return getConversationDetail(ctx.db, actor, params.id);
    },
  );

  route(
    r,
    {
      method: 'post',
      path: '/conversations/:id/reply',
      summary: 'Reply to the citizen through the channel provider',
      tag: 'triage',
      access: TRIAGE_ROLES,
      params: ZId,
      body: ZReplyToConversationSchema,
      statuses: [201, 400, 403, 404, 409],
    },
    async ({ actor, params, body, res }) => {
      assertCentreStaff(actor);
      const message = await replyToConversation(ctx, actor, params.id, body);
      res.status(201);
      return { message };
    },
  );

  route(
    r,
    {
      method: 'post',
      path: '/conversations/:id/ticket',
      summary: 'Turn the conversation into a ticket and confirm its number to the citizen',
      tag: 'triage',
      access: TRIAGE_ROLES,
      params: ZId,
      body: ZConvertConversationSchema,
      statuses: [201, 400, 403, 404, 409, 422],
    },
    async ({ actor, params, body, res }): Promise<TConvertConversationResponse> => {
      assertCentreStaff(actor);
      const { ticket } = await convertConversation(ctx, actor, params.id, body);
      res.status(201);
      return {
        conversation: await getConversationSummary(ctx.db, actor, params.id),
        ticket: {
          id: ticket.id,
          no: ticket.no,
          status: ticket.status as TConvertConversationResponse['ticket']['status'],
        },
      };
    },
  );

  route(
    r,
    {
      method: 'post',
      path: '/conversations/:id/close',
      summary: 'Close a conversation that needs no ticket',
      tag: 'triage',
      access: TRIAGE_ROLES,
      params: ZId,
      body: ZCloseConversationSchema,
      statuses: [400, 403, 404, 409],
    },
    async ({ actor, params, body }) => {
      assertCentreStaff(actor);
      await closeConversation(ctx, actor, params.id, body);
      return { conversation: await getConversationSummary(ctx.db, actor, params.id) };
    },
  );

  return r;
}
