import { eq } from 'drizzle-orm';
import { assignments } from '../../../infra/db/schema';
import { closeDeadlines } from '../../sla/deadlines';
import type { TActionHandler } from './action-types';
import { cancelOpenAssignments } from './assignments';

/** 退单: the lead unit says the ticket is not theirs; it goes back to the dispatcher with the reason. */
export const returnTicket: TActionHandler<'return'> = async ({ tx, assignment, input, now, ticket }) => {
  const a = assignment!;
  await tx
    .update(assignments)
    .set({ status: 'returned', returnedAt: now, returnReason: input.reason })
    .where(eq(assignments.id, a.id));
  await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [a.id] }, 'cancelled', now);
  // Assisting units wait for the new dispatch instead of working on a ticket without a lead.
  await cancelOpenAssignments(tx, ticket.id, now);
  return { payload: { reason: input.reason }, unitId: a.unitId };
};
