import { AppError } from '@hotline/shared';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { storeInbound } from '../inbound';
import { channelLimits } from '../channel-limits';
import type { TChannelDeps } from '../index';
import { buildWeiboReply } from './weibo-reply';
import { verifyWeiboQuery } from './weibo-signature';
import { weiboExternalId, ZWeiboPush } from './weibo.schema';

/** A private message is at most a few KB of JSON; anything far larger is not from the platform. */
export const WEIBO_BODY_LIMIT = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Weibo fan-service push (粉丝服务平台 消息推送) at /channels/weibo:
 *   GET  ?signature&timestamp&nonce&echostr → echoes echostr (URL check when the account binds us);
 *   POST ?signature&timestamp&nonce, JSON body → stored first, then the passive JSON reply.
 * The platform waits 5 seconds and retries 3 times, so the request path only verifies, stores
 * (PostgreSQL, one transaction with the outbox row) and answers; conversations are built by the
 * intake worker. Nothing here touches Redis, so messages are still accepted while it is down.
 */
export function weiboRoutes({ ctx }: TChannelDeps): Router {
  const router = Router();
  const limits = channelLimits(ctx);
  router.use(limits.refuseFailingAddress('weibo'));

  // Each request reads the secret so that an unset secret refuses everything, clearly.
  const requireSecret: RequestHandler = (_req, res, next) => {
    if (ctx.config.WEIBO_APP_SECRET) return next();
    // 503 has no AppError code (the shared map stops at INTERNAL); same body shape by hand.
    res.status(503).json({
      error: { code: 'UNAVAILABLE', message: 'The Weibo channel is not configured', details: null },
    });
  };

  // Signature and timestamp are checked on the query alone, before a byte of the body is read.
  const requireSignature: RequestHandler = (req, _res, next) => {
    verifyWeiboQuery(ctx.config.WEIBO_APP_SECRET!, req.query, ctx.clock());
    next();
  };

  router.get('/', requireSecret, requireSignature, (req, res) => {
    const echostr = z.string().min(1).safeParse(req.query.echostr);
    if (!echostr.success) throw new AppError('VALIDATION_FAILED', 'echostr is required');
    res.status(200).type('text/plain').send(echostr.data);
  });

  router.post(
    '/',
    requireSecret,
    requireSignature,
    // Over the channel's ceiling: an empty 200 is the platform's "no reply, do not retry" (a 429
    // would be retried three times, multiplying the flood).
    async (_req, res, next) => {
      if ((await limits.channelWait('weibo')) === null) return next();
      ctx.logger.warn({ channel: 'weibo' }, 'weibo channel over its rate limit; push dropped');
      res.status(200).type('text/plain').send('');
    },
    // Raw bytes whatever the content type: the platform's header is not to be relied on.
    express.raw({ type: () => true, limit: WEIBO_BODY_LIMIT }),
    async (req, res) => {
      const raw: unknown = req.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0)
        throw new AppError('VALIDATION_FAILED', 'The request body is empty');
      let text: string;
      let json: unknown;
      try {
        text = utf8.decode(raw);
        json = JSON.parse(text);
      } catch {
        throw new AppError('VALIDATION_FAILED', 'The request body is not valid UTF-8 JSON');
      }
      const parsed = ZWeiboPush.safeParse(json);
      if (!parsed.success) {
        const flat = z.flattenError(parsed.error);
        throw new AppError('VALIDATION_FAILED', 'Not a Weibo push message', {
          fields: flat.fieldErrors,
          form: flat.formErrors,
        });
      }
      const push = parsed.data;
      const query = req.query as Record<string, string>;
      const { duplicate } = await storeInbound(ctx.db, {
        channel: 'weibo',
        externalId: weiboExternalId(push),
        headers: {
          timestamp: query.timestamp,
          nonce: query.nonce,
          contentType: req.get('content-type') ?? null,
        },
        body: text,
        now: ctx.clock(),
      });
      if (duplicate) ctx.logger.debug({ channel: 'weibo', type: push.type }, 'weibo retry deduplicated');

      let reply: Awaited<ReturnType<typeof buildWeiboReply>> = null;
      try {
        reply = await buildWeiboReply(ctx.db, push);
      } catch (err) {
        // The message is stored and will be processed: an empty body tells the platform not to retry.
        ctx.logger.error({ err, channel: 'weibo' }, 'weibo passive reply failed');
      }
      if (reply) res.status(200).json(reply);
      else res.status(200).type('text/plain').send('');
    },
  );
  router.use(limits.countFailures('weibo'));

  return router;
}
