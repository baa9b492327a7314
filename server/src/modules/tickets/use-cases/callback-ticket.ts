import { closeDeadlines } from '../../sla/deadlines';
import type { TActionHandler } from './action-types';
import { redoAtLeadUnit } from './review-reply';

/**
 * 回访: the hotline calls the citizen back. Satisfied (or basically satisfied) keeps the ticket
 * resolved and ready to close; unsatisfied sends it back to the lead unit as a redo.
 */
export const callbackTicket: TActionHandler<'callback'> = async (c) => {
  const { tx, ticket, input, now } = c;
  await closeDeadlines(tx, { ticketId: ticket.id, kinds: ['callback'] }, 'met', now);
  const payload = {
    satisfaction: input.satisfaction,
    resolved: input.resolved,
    comment: input.comment ?? null,
    // The unit whose work was rated (满意率 and 解决率 are the lead unit's).
    leadUnitId: ticket.leadUnitId,
  };
  if (input.satisfaction === 'unsatisfied') {
    const lead = await redoAtLeadUnit(c);
    return {
      patch: { satisfaction: input.satisfaction, resolvedAt: null, callbackDone: false },
      payload: { ...payload, redo: lead?.redoCount ?? null },
      unitId: lead?.unitId ?? null,
    };
  }
  return { patch: { satisfaction: input.satisfaction, callbackDone: true }, payload };
};
