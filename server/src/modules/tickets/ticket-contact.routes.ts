import { AppError, type TTicketContact } from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { hitLimit, RedisUnavailableError, type TLimit } from '../../infra/http/rate-limit';
import { route } from '../../infra/http/route-table';
import { auditOrigin } from '../audit/audit-log';
import { revealContact } from './use-cases/reveal-contact';

/** Enough for a shift of call-backs; a script exporting citizens one ticket at a time stops here. */
export const CONTACT_REVEAL_LIMIT: TLimit = { name: 'contact-reveal', limit: 60, windowSeconds: 60 * 60 };

/** `GET /tickets/:id/contact`: the full number behind the mask, counted per user and audited. */
export function ticketContactRoutes(ctx: TAppContext): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/tickets/:id/contact',
      summary: "The citizen's full phone number, name and ID number (rate-limited, written to the audit log)",
      tag: 'tickets',
      permission: 'ticket.contact.read',
      params: z.object({ id: z.uuid() }),
      statuses: [403, 404, 429, 503],
    },
    async ({ actor, params, req, res }): Promise<TTicketContact> => {
      // Counted before the lookup: probing ids that are not visible costs the same.
      let wait: number | null;
      try {
        wait = await hitLimit(
          { redis: ctx.redis, prefix: ctx.config.REDIS_PREFIX, now: ctx.clock() },
          CONTACT_REVEAL_LIMIT,
          actor.id,
        );
      } catch (err) {
        // No counter, no reveal: the limit is what stops a bulk export.
        if (err instanceof RedisUnavailableError)
          throw new AppError('UNAVAILABLE', '暂时无法显示完整号码，请稍后再试 (rate limiter unavailable)');
        throw err;
      }
      if (wait !== null) {
        res.set('Retry-After', String(wait));
        throw new AppError('RATE_LIMITED', '查看完整号码过于频繁，请稍后再试 (too many reveals)', {
          retryAfter: wait,
          limit: CONTACT_REVEAL_LIMIT.name,
        });
      }
      res.set('Cache-Control', 'private, no-store');
      return revealContact(ctx, actor, params.id, auditOrigin(req));
    },
  );
  return r;
}
