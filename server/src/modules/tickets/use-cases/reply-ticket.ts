import { eq } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { assignments } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { closeDeadlines, metOnTime } from '../../sla/deadlines';
import type { TActionHandler, TAssignmentRow } from './action-types';
import { attachmentsPayload, replyAttachments } from './reply-attachments';
import { replyNeedsSignoff, submitReplyDraft, type TReplyText } from './submit-reply-draft';

/** The unit's answer leaves the unit: the assignment is replied, its clocks met, any draft spent. */
export async function deliverReply(
  tx: TTx,
  ticketId: string,
  a: TAssignmentRow,
  reply: TReplyText,
  now: Date,
): Promise<TReplyFacts> {
  await tx
    .update(assignments)
    .set({
      status: 'replied',
      repliedAt: now,
      replyContent: reply.content,
      replySolved: reply.solved,
      draftReplyContent: null,
      draftReplySolved: null,
      draftSubmittedAt: null,
      draftSubmittedBy: null,
    })
    .where(eq(assignments.id, a.id));
  const closed = await closeDeadlines(tx, { ticketId, assignmentIds: [a.id] }, 'met', now);
  return {
    onTime: metOnTime(closed, 'reply', now),
    handleSeconds: Math.max(0, Math.round((now.getTime() - a.dispatchedAt.getTime()) / 1000)),
  };
}

/** What the reply event records for the KPIs: 按时办结 and the handling time since the unit received the work. */
export type TReplyFacts = { onTime: boolean | null; handleSeconds: number };

/**
 * 回复: the lead unit's answer goes to the hotline for review; the reply clock is met. In a unit
 * with 审核签发 a handler's answer waits for the manager instead (the ticket stays in progress).
 */
export const replyTicket: TActionHandler<'reply'> = async ({ tx, actor, assignment, input, now, ticket }) => {
  const a = assignment!;
  const files = await replyAttachments(tx, ticket.id, input.attachmentIds);
  const reply = { content: input.content, solved: input.solved, attachments: files };
  if (await replyNeedsSignoff(tx, actor, a)) {
    const payload = await submitReplyDraft(tx, actor as TUserActor, a, reply, now);
    return { payload, unitId: a.unitId, status: 'in_progress', event: 'ticket.reply_submitted' };
  }
  const facts = await deliverReply(tx, ticket.id, a, reply, now);
  return {
    payload: { content: input.content, solved: input.solved, ...attachmentsPayload(files), ...facts },
    unitId: a.unitId,
  };
};
