import { AppError, type TTicketAction, type TTicketEventType } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { assignments, tickets } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { closeDeadlines } from '../../sla/deadlines';
import type { TAssignmentRow, TTicketRow } from './action-types';
import { recordTicketEvent } from './publish';
import { passDown } from './subdispatch-ticket';
import { findPolicyFor } from '../../sla/sla-policy.repository';
import { deliverReply } from './reply-ticket';
import { returnDraftToHandler } from './return-draft';
import { signOffDraft } from './signoff-reply';
import { attachmentsPayload, replyAttachments } from './reply-attachments';
import { replyNeedsSignoff, submitReplyDraft } from './submit-reply-draft';

const ASSIST_WORKING: readonly string[] = ['dispatched', 'in_progress', 'reopened', 'replied'];

/**
 * 协办: an assisting unit signs for and replies on its own assignment. The ticket's status follows
 * the lead unit only, so these change the assignment, the clocks and the timeline.
 */
export async function assistAction(
  _ctx: TUseCaseContext,
  tx: TTx,
  ticket: TTicketRow,
  actor: TUserActor,
  a: TAssignmentRow,
  action: TTicketAction,
  input: unknown,
  now: Date,
): Promise<TTicketRow> {
  if (!ASSIST_WORKING.includes(ticket.status)) {
    throw new AppError('ILLEGAL_TRANSITION', `Cannot ${action} a ticket that is ${ticket.status}`);
  }
  let payload: Record<string, unknown>;
  let type: TTicketEventType;
  if (action === 'sign') {
    await tx
      .update(assignments)
      .set({ status: 'signed', signedAt: now, signedBy: actor.id })
      .where(eq(assignments.id, a.id));
    await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [a.id], kinds: ['sign'] }, 'met', now);
    payload = { assist: true };
    type = 'ticket.signed';
  } else if (action === 'reply') {
    const { attachmentIds, ...text } = input as { content: string; solved: boolean; attachmentIds: string[] };
    const reply = { ...text, attachments: await replyAttachments(tx, ticket.id, attachmentIds) };
    // 审核签发 applies to an assisting unit's reply as to a lead unit's.
    if (await replyNeedsSignoff(tx, actor, a)) {
      payload = { assist: true, ...(await submitReplyDraft(tx, actor, a, reply, now)) };
      type = 'ticket.reply_submitted';
    } else {
      await deliverReply(tx, ticket.id, a, reply, now);
      payload = {
        assist: true,
        content: reply.content,
        solved: reply.solved,
        ...attachmentsPayload(reply.attachments),
      };
      type = 'ticket.replied';
    }
  } else if (action === 'signoff-reply') {
    const edit = input as { content?: string; solved?: boolean; attachmentIds?: string[] };
    const reply = await signOffDraft(tx, ticket, actor, a, edit, now);
    payload = { assist: true, ...reply };
    type = 'ticket.replied';
  } else if (action === 'return-draft') {
    payload = { assist: true, ...(await returnDraftToHandler(tx, a, (input as { reason: string }).reason)) };
    type = 'ticket.draft_returned';
  } else if (action === 'subdispatch') {
    const passed = await passDown(
      {
        tx,
        cal: await _ctx.calendar.get(),
        policy: await findPolicyFor(tx, ticket),
        ticket,
        actor,
        input: input as { unitId: string },
        now,
      },
      a,
    );
    payload = { assist: true, ...passed.payload };
    type = 'ticket.subdispatched';
  } else {
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `An assisting unit can sign, reply (and sign off) and pass down, not ${action}`,
      {
        action,
      },
    );
  }
  const [updated] = await tx
    .update(tickets)
    .set({ version: ticket.version + 1, updatedAt: now })
    .where(eq(tickets.id, ticket.id))
    .returning();
  await recordTicketEvent(tx, {
    ticket: updated!,
    type,
    actor,
    unitId: a.unitId,
    fromStatus: ticket.status,
    payload,
    now,
  });
  return updated!;
}
