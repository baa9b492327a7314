import { closeDeadlines } from '../../sla/deadlines';
import type { TActionHandler } from './action-types';
import { redoAtLeadUnit } from './review-reply';

/** 归档: the case is finished; nothing keeps running. */
export const closeTicket: TActionHandler<'close'> = async ({ tx, ticket, now }) => {
  await closeDeadlines(tx, { ticketId: ticket.id }, 'cancelled', now);
  return { patch: { closedAt: now } };
};

/** 重办: a resolved or closed ticket turns out not to be solved; the lead unit takes it up again. */
export const reopenTicket: TActionHandler<'reopen'> = async (c) => {
  const lead = await redoAtLeadUnit(c);
  return {
    patch: { closedAt: null, resolvedAt: null, callbackDone: false, satisfaction: null },
    payload: { reason: c.input.reason, redo: lead?.redoCount ?? null },
    unitId: lead?.unitId ?? null,
  };
};
