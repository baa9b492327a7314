import { eq } from 'drizzle-orm';
import { assignments } from '../../../infra/db/schema';
import { closeDeadlines } from '../../sla/deadlines';
import type { TActionHandler } from './action-types';

/** 回复: the lead unit's answer goes to the hotline for review; the reply clock is met. */
export const replyTicket: TActionHandler<'reply'> = async ({ tx, assignment, input, now, ticket }) => {
  const a = assignment!;
  await tx
    .update(assignments)
    .set({ status: 'replied', repliedAt: now, replyContent: input.content, replySolved: input.solved })
    .where(eq(assignments.id, a.id));
  await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [a.id] }, 'met', now);
  return { payload: { content: input.content, solved: input.solved }, unitId: a.unitId };
};
