import { z } from 'zod';
import { PORTAL_IMAGE_TYPES } from '../channels/portal.schema';

/** What a unit may attach to its reply: photos of the work done and scanned letters. */
export const ATTACHMENT_TYPES = [...PORTAL_IMAGE_TYPES, 'application/pdf'] as const;
export type TAttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const REPLY_MAX_ATTACHMENTS = 5;

export const ZUploadAttachmentSchema = z.object({
  filename: z.string().trim().min(1).max(200),
  // The type is read from the bytes and the size checked after decoding (413), never from the name.
  contentBase64: z.string().min(1),
});
export type TUploadAttachmentInput = z.infer<typeof ZUploadAttachmentSchema>;

export type TUploadAttachmentResponse = {
  attachment: { id: string; filename: string; mimeType: TAttachmentType; sizeBytes: number };
};

/** A reply's file as its event payload carries it (`attachments` of ticket.replied / reply_submitted). */
export type TReplyAttachmentRef = { id: string; filename: string };
