import { AppError, ZPortalSubmitSchema, ZPortalTrackQuery, type TPortalCaptcha } from '@hotline/shared';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { hitLimit, RedisUnavailableError, type TLimit } from '../../infra/http/rate-limit';
import { route } from '../../infra/http/route-table';
import { clientIp, requireCsrfHeader } from '../../modules/auth/auth.middleware';
import type { TChannelDeps } from '../index';
import { issueCaptcha, verifyCaptcha } from './captcha';
import { listPortalCategories, trackPortalRequest } from './portal-track.service';
import { IDEMPOTENCY_HEADER, ZIdempotencyKey } from './portal.schema';
import { assertPortalCategory, submitPortalRequest, type TPortalSubmit } from './portal.service';
import { PORTAL_LIMITS } from './rate-limit';
import { checkImages } from './uploads';

/** Five 2 MB images do not fit: the body limit bounds what one anonymous request can make us parse. */
export const PORTAL_BODY_LIMIT = '8mb';

/** 503 when the portal cannot verify a submission (Redis down with the captcha on). */
function refuseUnverifiable(res: Response): void {
  res
    .status(503)
    .set('Retry-After', '30')
    .json({
      error: {
        code: 'INTERNAL',
        message: '暂时无法验证，请稍后再试',
        details: { reason: 'verification_unavailable' },
      },
    });
}

/**
 * The public portal's API under /api/v1/portal. Mounted before the API's own parser and CSRF
 * check, so it parses its bodies itself (with its own size limit) and requires the same
 * X-Requested-With header on writes as the rest of the API.
 */
export function portalRoutes({ ctx }: TChannelDeps): Router {
  const r = Router();
  const rl = () => ({ redis: ctx.redis, prefix: ctx.config.REDIS_PREFIX, now: ctx.clock() });
  const captchaCtx = { redis: ctx.redis, prefix: ctx.config.REDIS_PREFIX, pii: ctx.pii };
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  /** Counts the hit; a 429 with Retry-After when over. */
  async function limit(res: Response, spec: TLimit, subject: string): Promise<void> {
    const wait = await hitLimit(rl(), spec, subject);
    if (wait === null) return;
    res.set('Retry-After', String(wait));
    throw new AppError('RATE_LIMITED', '提交过于频繁，请稍后再试', { retryAfter: wait, limit: spec.name });
  }

  r.use('/portal', noStore, requireCsrfHeader);
  r.use('/portal/requests', express.json({ limit: PORTAL_BODY_LIMIT }));

  route(
    r,
    {
      method: 'get',
      path: '/portal/captcha',
      summary: 'A captcha for the portal form (answer kept 5 minutes, one use)',
      tag: 'portal',
      permission: 'public',
      statuses: [429, 503],
    },
    async ({ req, res }): Promise<TPortalCaptcha | undefined> => {
      if (!ctx.config.PORTAL_CAPTCHA) return { captchaId: '', svg: '', enabled: false };
      try {
        await limit(res, PORTAL_LIMITS.captchaPerIp, clientIp(req));
        return { ...(await issueCaptcha(captchaCtx)), enabled: true };
      } catch (err) {
        if (!(err instanceof RedisUnavailableError)) throw err;
        refuseUnverifiable(res);
        return undefined;
      }
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/portal/categories',
      summary: 'Categories a citizen may pick, grouped',
      tag: 'portal',
      permission: 'public',
    },
    async () => listPortalCategories(ctx),
  );

  /** Rate limits and the captcha; false when Redis is down and the submission cannot be verified. */
  async function verified(req: Request, res: Response, body: TPortalSubmit): Promise<boolean> {
    const captchaOn = ctx.config.PORTAL_CAPTCHA;
    if (captchaOn && (!body.captchaId || !body.captchaAnswer))
      throw new AppError('VALIDATION_FAILED', '请输入验证码', { fields: { captchaAnswer: ['required'] } });
    try {
      await limit(res, PORTAL_LIMITS.submitPerIp, clientIp(req));
      await limit(res, PORTAL_LIMITS.submitPerPhone, ctx.pii.hash(body.phone.replace(/\D/g, '')));
      if (captchaOn && !(await verifyCaptcha(captchaCtx, body.captchaId!, body.captchaAnswer!)))
        throw new AppError('VALIDATION_FAILED', '验证码错误或已过期', {
          fields: { captchaAnswer: ['wrong or expired'] },
        });
      return true;
    } catch (err) {
      if (!(err instanceof RedisUnavailableError)) throw err;
      // Without the captcha there is nothing to verify: accept, unthrottled, rather than lose the request.
      if (!captchaOn) {
        ctx.logger.warn('portal submission accepted without rate limits: Redis is down');
        return true;
      }
      return false;
    }
  }

  route(
    r,
    {
      method: 'post',
      path: '/portal/requests',
      summary: 'Submit a request from the public portal; answers the tracking number and query code',
      tag: 'portal',
      permission: 'public',
      body: ZPortalSubmitSchema,
      statuses: [201, 202, 400, 403, 409, 413, 429, 503],
    },
    async ({ body, req, res }) => {
      const key = req.get(IDEMPOTENCY_HEADER);
      if (key !== undefined && !ZIdempotencyKey.safeParse(key).success)
        throw new AppError('VALIDATION_FAILED', 'Idempotency-Key: 8–80 letters, digits, - or _', {
          fields: { 'Idempotency-Key': ['invalid'] },
        });
      const externalId = key ?? randomUUID();
      // Everything that needs no Redis first: a malformed request is refused before it costs anything.
      const images = checkImages(body.images);
      await assertPortalCategory(ctx, body.categoryId);
      if (!(await verified(req, res, body))) {
        refuseUnverifiable(res);
        return undefined;
      }
      const result = await submitPortalRequest(ctx, body, images, externalId);
      res.status(result.trackingNo ? 201 : 202);
      return result;
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/portal/track',
      summary: 'Status, reply and timeline of a portal request (tracking number + query code)',
      tag: 'portal',
      permission: 'public',
      query: ZPortalTrackQuery,
      statuses: [400, 404, 429],
    },
    async ({ query, req, res }) => {
      try {
        await limit(res, PORTAL_LIMITS.trackPerIp, clientIp(req));
      } catch (err) {
        // Tracking reads only PostgreSQL: it keeps working while Redis is down, unthrottled.
        if (!(err instanceof RedisUnavailableError)) throw err;
      }
      return trackPortalRequest(ctx, query.trackingNo, query.queryCode);
    },
  );
  return r;
}
