import {
  AppError,
  ATTACHMENT_MAX_BYTES,
  HOTLINE_ROLES,
  type TUploadAttachmentInput,
  type TUploadAttachmentResponse,
} from '@hotline/shared';
import { checkAttachmentFile } from '../../../channels/portal/uploads';
import { attachments } from '../../../infra/db/schema';
import type { TUseCaseContext } from '../../../app-context';
import type { TUserActor } from '../../auth/actor';
import { findActorAssignment } from './assignments';
import { lockTicket } from './perform-ticket-action';

/** Assignments a unit still works on: it may add files to the reply it is writing or signing off. */
const ACTIVE_ASSIGNMENT = ['pending', 'signed', 'awaiting_signoff'];

/**
 * A file for a reply (a photo of the repaired lamp, a scanned letter): stored with the ticket in
 * the database, checked by its bytes. It joins the reply when the reply names its id.
 */
export async function uploadAttachment(
  ctx: TUseCaseContext,
  actor: TUserActor,
  ticketId: string,
  input: TUploadAttachmentInput,
): Promise<TUploadAttachmentResponse> {
  return ctx.db.transaction(async (tx) => {
    // 404 before anything else: a reader who may not see the ticket learns nothing about the file.
    const ticket = await lockTicket(tx, actor, ticketId);
    if (!HOTLINE_ROLES.includes(actor.role)) {
      const a = await findActorAssignment(tx, ticket.id, actor.unitPath, ACTIVE_ASSIGNMENT);
      if (!a) throw new AppError('FORBIDDEN', 'Your unit is not working on this ticket');
    }
    const file = checkAttachmentFile(input, ATTACHMENT_MAX_BYTES);
    const [row] = await tx
      .insert(attachments)
      .values({
        ticketId: ticket.id,
        filename: file.filename,
        mimeType: file.mimeType,
        sizeBytes: file.sizeBytes,
        sha256: file.sha256,
        data: file.dataBase64,
        createdAt: ctx.clock(),
      })
      .returning({ id: attachments.id });
    return {
      attachment: {
        id: row!.id,
        filename: file.filename,
        mimeType: file.mimeType,
        sizeBytes: file.sizeBytes,
      },
    };
  });
}
