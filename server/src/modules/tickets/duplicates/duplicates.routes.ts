import { ZDuplicateQuery } from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../../app-context';
import { route } from '../../../infra/http/route-table';
import { getVisibleTicket } from '../ticket.repository';
import { findDuplicates, findDuplicatesOfTicket } from './find-duplicates';

const ZId = z.object({ id: z.uuid() });
const ZLimit = z.object({ limit: ZDuplicateQuery.shape.limit });

/** 并单 suggestions. Mounted before the ticket routes: `/tickets/:id` would take `/tickets/duplicates`. */
export function duplicateRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/tickets/duplicates',
      summary: 'Possible duplicates of what the agent is typing (caller, place and category, text)',
      tag: 'tickets',
      permission: 'ticket.duplicates',
      query: ZDuplicateQuery,
      statuses: [400, 403],
    },
    async ({ actor, query }) => ({ items: await findDuplicates(ctx, { ...query, viewer: actor }) }),
  );

  route(
    r,
    {
      method: 'get',
      path: '/tickets/:id/duplicates',
      summary: 'Possible duplicates of a ticket, best first',
      tag: 'tickets',
      permission: 'ticket.read',
      params: ZId,
      query: ZLimit,
      statuses: [400, 404],
    },
    async ({ actor, params, query }) => {
      await getVisibleTicket(ctx.db, actor, params.id);
      return {
        items: await findDuplicatesOfTicket(ctx, params.id, { viewer: actor, limit: query.limit }),
      };
    },
  );
  return r;
}
