import { ZUploadAttachmentSchema, type TUploadAttachmentResponse } from '@hotline/shared';
import express, { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../../app-context';
import { route } from '../../../infra/http/route-table';
import { uploadAttachment } from '../use-cases/upload-attachment';

export const ATTACHMENT_UPLOAD_PATH = '/tickets/:id/attachments';

/**
 * 5 MB of file is about 6.7 MB of base64. Only this route gets the larger body limit; it must be
 * mounted before the API's 1 MB parser, which then leaves the parsed body alone.
 */
export const attachmentUploadParser = express.json({ limit: '7mb' });

/** Units (and the hotline) upload the files of a reply here, then name their ids in the reply. */
export function ticketAttachmentRoutes(ctx: TAppContext): Router {
  const r = Router();
  route(
    r,
    {
      method: 'post',
      path: ATTACHMENT_UPLOAD_PATH,
      summary: 'Upload a file (image or PDF, at most 5 MB) to attach to a reply',
      tag: 'tickets',
      permission: 'ticket.attach',
      params: z.object({ id: z.uuid() }),
      body: ZUploadAttachmentSchema,
      statuses: [201, 400, 403, 404, 413, 422],
    },
    async ({ actor, params, body, res }): Promise<TUploadAttachmentResponse> => {
      const created = await uploadAttachment(ctx, actor, params.id, body);
      res.status(201);
      return created;
    },
  );
  return r;
}
