import type { TReplyAttachmentRef } from '@hotline/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { assignments, units } from '../../../infra/db/schema';
import type { TActor, TUserActor } from '../../auth/actor';
import type { TAssignmentRow } from './action-types';
import { attachmentsPayload } from './reply-attachments';

export type TReplyText = { content: string; solved: boolean; attachments?: TReplyAttachmentRef[] };

/**
 * 审核签发: in a unit that asks for it (units.reply_signoff), a handler's reply stays in the unit
 * until its manager signs it off. A manager's own reply needs no second signature.
 */
export async function replyNeedsSignoff(tx: TTx, actor: TActor, a: TAssignmentRow): Promise<boolean> {
  if (actor.kind !== 'user' || actor.role !== 'unit_handler') return false;
  const [unit] = await tx
    .select({ replySignoff: units.replySignoff })
    .from(units)
    .where(eq(units.id, a.unitId));
  return unit?.replySignoff === true;
}

/**
 * Keeps the handler's reply as the unit's draft: the assignment awaits sign-off, the ticket and
 * the reply clock go on as if nothing had been sent (nothing has, as far as the hotline knows).
 */
export async function submitReplyDraft(
  tx: TTx,
  actor: TUserActor,
  a: TAssignmentRow,
  reply: TReplyText,
  now: Date,
): Promise<Record<string, unknown>> {
  await tx
    .update(assignments)
    .set({
      status: 'awaiting_signoff',
      draftReplyContent: reply.content,
      draftReplySolved: reply.solved,
      draftSubmittedAt: now,
      draftSubmittedBy: actor.id,
    })
    .where(eq(assignments.id, a.id));
  // The draft's files have no column: sign-off reads them back from this payload.
  return {
    content: reply.content,
    solved: reply.solved,
    unitId: a.unitId,
    ...attachmentsPayload(reply.attachments ?? []),
  };
}

/**
 * The draft awaiting sign-off in the user's own unit (not in a unit below it: each unit's manager
 * signs for their own unit), lead first.
 */
export async function findAwaitingDraft(
  tx: TTx,
  ticketId: string,
  unitId: string,
): Promise<TAssignmentRow | null> {
  const [row] = await tx
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.ticketId, ticketId),
        eq(assignments.unitId, unitId),
        eq(assignments.status, 'awaiting_signoff'),
      ),
    )
    .orderBy(sql`case when ${assignments.role} = 'lead' then 0 else 1 end`, assignments.dispatchedAt)
    .limit(1);
  return row ?? null;
}
