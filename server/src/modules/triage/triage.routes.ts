import {
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
import { getConversationDetail, getConversationSummary, listConversations } from './triage.repository';
import { closeConversation } from './use-cases/close-conversation';
import { convertConversation } from './use-cases/convert-conversation';
import { replyToConversation } from './use-cases/reply-to-conversation';

const ZId = z.object({ id: z.uuid() });

/**
 * The WeChat and Weibo accounts are the city centre's: district branches with the same roles
 * work their own tickets, not the centre's inbox (requireScope 'all').
 */

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
      permission: 'triage.handle',
      requireScope: 'all',
      query: ZListConversationsQuery,
      statuses: [400, 403],
    },
    async ({ actor, query }) => {
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
      permission: 'triage.handle',
      requireScope: 'all',
      params: ZId,
      statuses: [403, 404],
    },
    async ({ actor, params }) => {
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
      permission: 'triage.handle',
      requireScope: 'all',
      params: ZId,
      body: ZReplyToConversationSchema,
      statuses: [201, 400, 403, 404, 409],
    },
    async ({ actor, params, body, res }) => {
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
      permission: 'triage.handle',
      requireScope: 'all',
      params: ZId,
      body: ZConvertConversationSchema,
      statuses: [201, 400, 403, 404, 409, 422],
    },
    async ({ actor, params, body, res }): Promise<TConvertConversationResponse> => {
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
      permission: 'triage.handle',
      requireScope: 'all',
      params: ZId,
      body: ZCloseConversationSchema,
      statuses: [400, 403, 404, 409],
    },
    async ({ actor, params, body }) => {
      await closeConversation(ctx, actor, params.id, body);
      return { conversation: await getConversationSummary(ctx.db, actor, params.id) };
    },
  );

  return r;
}
