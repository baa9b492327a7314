import {
  availableActions,
  TICKET_ACTIONS,
  ZActionSchemas,
  ZCreateTicketSchema,
  ZListTicketsQuery,
  type TTicketDetailResponse,
} from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { auditConfidentialView } from '../audit/confidential-view';
import type { TUserActor } from '../auth/actor';
import {
  getAssignments,
  getDeadlines,
  getTimeline,
  getVisibleTicket,
  listTickets,
} from './ticket.repository';
import { readsConfidential } from './ticket-visibility';
import { createTicket } from './use-cases/create-ticket';
import { performTicketAction } from './use-cases/perform-ticket-action';

const ZId = z.object({ id: z.uuid() });

/** Detail + timeline + what this user may do next: one round trip for the ticket screen. */
export async function ticketDetail(
  ctx: TAppContext,
  actor: TUserActor,
  id: string,
): Promise<TTicketDetailResponse> {
  const ticket = await getVisibleTicket(ctx.db, actor, id, ctx.pii);
  const hide = ticket.confidential && !readsConfidential(actor);
  const [timeline, assignments, deadlines] = await Promise.all([
    getTimeline(ctx.db, ticket, hide, actor.unitId),
    getAssignments(ctx.db, id, hide, actor.unitId),
    getDeadlines(ctx.db, id),
  ]);
  // 审核签发: the user's own unit holds a reply awaiting its manager (ancestors do not sign for it).
  const awaiting = assignments.find((a) => a.unitId === actor.unitId && a.status === 'awaiting_signoff');
  let actions = availableActions({ ...ticket, signoffPending: Boolean(awaiting) }, actor.role);
  // Passing down belongs to a dispatching unit (district branch) holding an open assignment itself.
  const holdsOwn = assignments.some(
    (a) => a.unitId === actor.unitId && (a.status === 'pending' || a.status === 'signed'),
  );
  if (!(actor.unitCanDispatch === true && holdsOwn)) actions = actions.filter((a) => a !== 'subdispatch');
  if (actor.role === 'unit_handler' || actor.role === 'unit_manager') {
    // Unit actions also need an open assignment of this user's unit in the right state.
    const mine = assignments.filter((a) => a.status === 'pending' || a.status === 'signed');
    const lead = mine.find((a) => a.role === 'lead');
    actions = actions.filter((a) => {
      if (a === 'sign') return mine.some((m) => m.status === 'pending');
      if (a === 'return') return lead?.status === 'pending';
      if (a === 'reply') return mine.some((m) => m.status === 'signed');
      if (a === 'request-extension') return lead?.status === 'signed';
      return true;
    });
    // An assisting unit signs and replies on its own assignment whatever the ticket's status.
    if (!lead) for (const m of mine) actions.push(m.status === 'pending' ? 'sign' : 'reply');
    if (awaiting?.role === 'assist' && actor.role === 'unit_manager')
      actions.push('signoff-reply', 'return-draft');
    actions = [...new Set(actions)];
  }
  return { ticket, timeline, assignments, deadlines, availableActions: actions };
}

export function ticketRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/tickets',
      summary: 'List tickets (cursor pagination)',
      tag: 'tickets',
      permission: 'ticket.read',
      query: ZListTicketsQuery,
      statuses: [400],
    },
    async ({ actor, query }) => listTickets(ctx.db, actor, query, ctx.clock()),
  );

  route(
    r,
    {
      method: 'post',
      path: '/tickets',
      summary: 'Create a ticket',
      tag: 'tickets',
      permission: 'ticket.create',
      // The centre takes tickets in: a district branch's desk would create one it cannot see.
      requireScope: 'all',
      body: ZCreateTicketSchema,
      statuses: [201, 400, 403, 422],
    },
    async ({ actor, body, res }) => {
      const { ticket, created, detail } = await createTicket(ctx, actor, body);
      res.status(created ? 201 : 200);
      return { ticket: detail ?? (await getVisibleTicket(ctx.db, actor, ticket.id, ctx.pii)) };
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/tickets/:id',
      summary: 'A ticket with its timeline, assignments and deadlines',
      tag: 'tickets',
      permission: 'ticket.read',
      params: ZId,
      statuses: [404],
    },
    async ({ actor, params, req }) => {
      const detail = await ticketDetail(ctx, actor, params.id);
      await auditConfidentialView(ctx, actor, detail.ticket, 'detail', req);
      return detail;
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/tickets/:id/timeline',
      summary: 'The timeline of a ticket',
      tag: 'tickets',
      permission: 'ticket.read',
      params: ZId,
      statuses: [404],
    },
    async ({ actor, params, req }) => {
      const ticket = await getVisibleTicket(ctx.db, actor, params.id);
      const items = await getTimeline(
        ctx.db,
        ticket,
        ticket.confidential && !readsConfidential(actor),
        actor.unitId,
      );
      await auditConfidentialView(ctx, actor, ticket, 'timeline', req);
      return { items };
    },
  );

  for (const action of TICKET_ACTIONS) {
    route(
      r,
      {
        method: 'post',
        path: `/tickets/:id/${action}`,
        summary: `Lifecycle action: ${action}`,
        tag: 'ticket actions',
        permission: `ticket.${action}`,
        params: ZId,
        body: ZActionSchemas[action],
        statuses: [400, 403, 404, 409, 422],
      },
      async ({ actor, params, req }) => {
        await performTicketAction(ctx, actor, params.id, action, req.body ?? {});
        return { ticket: await getVisibleTicket(ctx.db, actor, params.id, ctx.pii) };
      },
    );
  }
  return r;
}
