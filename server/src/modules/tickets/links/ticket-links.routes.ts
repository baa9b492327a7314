import { AppError, ticketScopeOf, type TTicketLinksResponse } from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../../app-context';
import { route } from '../../../infra/http/route-table';
import { auditConfidentialView } from '../../audit/confidential-view';
import { getVisibleTicket } from '../ticket.repository';
import { readsConfidential } from '../ticket-visibility';
import { attachmentFile, mergeLinks, ticketAttachments, ticketCalls } from './ticket-links.repository';

const ZId = z.object({ id: z.uuid() });
// The attachment id is checked after the ticket: a reader who may not see the ticket gets the
// same 404 whatever the second id looks like.
const ZAttachmentParams = z.object({ id: z.uuid(), attachmentId: z.string().max(100) });

/** Images the browser may show in place; anything else is only downloaded. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** What the ticket screen shows besides the ticket itself: its calls, files and merges. */
export function ticketLinkRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/tickets/:id/links',
      summary: 'The calls, attachments and merge parent / children of a ticket',
      tag: 'tickets',
      permission: 'ticket.read',
      params: ZId,
      statuses: [404],
    },
    async ({ actor, params, req }): Promise<TTicketLinksResponse> => {
      const ticket = await getVisibleTicket(ctx.db, actor, params.id);
      await auditConfidentialView(ctx, actor, ticket, 'links', req);
      const hideContent = ticket.confidential && !readsConfidential(actor);
      const [calls, files, merges] = await Promise.all([
        ticketCalls(ctx.db, ticket.callId, {
          hideContent,
          recordings: ticketScopeOf(actor).kind === 'all',
        }),
        ticketAttachments(ctx.db, ticket.id),
        mergeLinks(ctx.db, actor, ticket),
      ]);
      return {
        calls,
        attachments: hideContent ? [] : files,
        hiddenAttachments: hideContent ? files.length : 0,
        ...merges,
      };
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/tickets/:id/attachments/:attachmentId',
      summary: 'Download an attachment of a ticket (images are shown inline)',
      tag: 'tickets',
      permission: 'ticket.read',
      params: ZAttachmentParams,
      statuses: [404],
    },
    async ({ actor, params, req, res }) => {
      const ticket = await getVisibleTicket(ctx.db, actor, params.id);
      const readable = !(ticket.confidential && !readsConfidential(actor));
      const file =
        readable && z.uuid().safeParse(params.attachmentId).success
          ? await attachmentFile(ctx.db, ticket.id, params.attachmentId)
          : null;
      if (!file) throw new AppError('NOT_FOUND', 'Attachment not found');
      await auditConfidentialView(ctx, actor, ticket, 'attachment', req, {
        attachmentId: params.attachmentId,
      });
      const inline = INLINE_TYPES.has(file.mimeType);
      res.setHeader('Content-Type', inline ? file.mimeType : 'application/octet-stream');
      res.setHeader(
        'Content-Disposition',
        contentDisposition(inline ? 'inline' : 'attachment', file.filename),
      );
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Uploaded bytes never run as a page of this origin.
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(file.data);
      return undefined;
    },
  );

  return r;
}
