import { AppError } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { users } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import type { TActionHandler, TAssignmentRow, TTicketRow } from './action-types';
import { recordTicketEvent } from './publish';
import { attachmentsPayload, draftAttachmentIds, replyAttachments } from './reply-attachments';
import { deliverReply } from './reply-ticket';

/**
 * Sends the unit's draft out as its reply, as written or as the manager edited it, and records
 * the sign-off (before the reply, so the timeline reads 待签发 → 签发 → 回复). Returns the payload
 * of the `ticket.replied` event the caller writes.
 */
export async function signOffDraft(
  tx: TTx,
  ticket: TTicketRow,
  actor: TUserActor,
  a: TAssignmentRow,
  input: { content?: string; solved?: boolean; attachmentIds?: string[] },
  now: Date,
): Promise<Record<string, unknown>> {
  const content = input.content ?? a.draftReplyContent;
  if (!content) throw new AppError('UNPROCESSABLE', 'The draft reply is empty; write the reply to sign off');
  const solved = input.solved ?? a.draftReplySolved ?? true;
  const files = await replyAttachments(
    tx,
    ticket.id,
    input.attachmentIds ?? (await draftAttachmentIds(tx, ticket, a.unitId)),
  );
  const [drafter] = a.draftSubmittedBy
    ? await tx.select({ name: users.displayName }).from(users).where(eq(users.id, a.draftSubmittedBy))
    : [];
  const facts = await deliverReply(tx, ticket.id, a, { content, solved }, now);
  await recordTicketEvent(tx, {
    ticket,
    type: 'ticket.reply_signed_off',
    actor,
    unitId: a.unitId,
    fromStatus: ticket.status,
    payload: {
      unitId: a.unitId,
      ...(a.role === 'assist' ? { assist: true } : {}),
      draftedBy: drafter?.name ?? null,
      draftSubmittedAt: a.draftSubmittedAt?.toISOString() ?? null,
      // Whether the manager changed what the handler wrote (not what was changed: the draft stays in the unit).
      edited: content !== a.draftReplyContent || solved !== (a.draftReplySolved ?? true),
    },
    now,
  });
  return {
    content,
    solved,
    signedOffBy: actor.displayName,
    draftedBy: drafter?.name ?? null,
    ...attachmentsPayload(files),
    ...facts,
  };
}

/** 审核签发: the unit manager signs off the handler's draft; the reply leaves the unit for review. */
export const signoffReply: TActionHandler<'signoff-reply'> = async ({
  tx,
  ticket,
  actor,
  assignment,
  input,
  now,
}) => {
  const a = assignment!;
  const payload = await signOffDraft(tx, ticket, actor as TUserActor, a, input, now);
  return { payload, unitId: a.unitId };
};
