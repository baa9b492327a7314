import { AppError, type TReplyAttachmentRef } from '@hotline/shared';
import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { attachments, ticketEvents } from '../../../infra/db/schema';
import { ticketEventsFrom } from '../ticket-event-bounds';

/**
 * The files a reply names, as the event carries them. Every id must be a file of this ticket:
 * otherwise 422 and the caller's transaction writes nothing.
 */
export async function replyAttachments(
  tx: TTx,
  ticketId: string,
  ids: readonly string[],
): Promise<TReplyAttachmentRef[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await tx
    .select({ id: attachments.id, filename: attachments.filename })
    .from(attachments)
    .where(and(eq(attachments.ticketId, ticketId), inArray(attachments.id, unique)));
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length)
    throw new AppError('UNPROCESSABLE', 'An attachment does not belong to this ticket', {
      attachmentIds: missing,
    });
  return unique.map((id) => rows.find((r) => r.id === id)!);
}

/**
 * The files of the unit's draft: the draft columns have none, so they live in the payload of the
 * latest `ticket.reply_submitted` of that unit.
 */
export async function draftAttachmentIds(
  tx: TTx,
  ticket: { id: string; createdAt: Date },
  unitId: string,
): Promise<string[]> {
  const [ev] = await tx
    .select({ payload: ticketEvents.payload })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticket.id),
        gte(ticketEvents.createdAt, ticketEventsFrom(ticket.createdAt)),
        eq(ticketEvents.unitId, unitId),
        eq(ticketEvents.type, 'ticket.reply_submitted'),
      ),
    )
    .orderBy(desc(ticketEvents.id))
    .limit(1);
  const files = (ev?.payload.attachments ?? []) as TReplyAttachmentRef[];
  return files.map((f) => f.id);
}

/** `{ attachments }` for an event payload, nothing when the reply has no files. */
export const attachmentsPayload = (files: TReplyAttachmentRef[]) =>
  files.length ? { attachments: files } : {};
