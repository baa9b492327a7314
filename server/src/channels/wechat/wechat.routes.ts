import { AppError } from '@hotline/shared';
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { channelLimits } from '../channel-limits';
import { storeInbound } from '../inbound';
import type { TChannelDeps } from '../index';
import { decryptWechatMessage, signatureMatches, WechatCryptoError, wechatSignature } from './wechat-crypto';
import { toWechatMessage, wechatDedupeKey, type TWechatMessage } from './wechat-message';
import { buildEncryptedReply, buildTextReply, composeWechatReply } from './wechat-reply';
import { parseWechatXml, WechatXmlError, type TWechatFields } from './wechat-xml';

/** WeChat pushes are small; anything bigger is not from WeChat. */
export const WECHAT_BODY_LIMIT = 64 * 1024;
/** A timestamp further than this from our clock is a replay (or a badly wrong clock): refused. */
const MAX_SKEW_S = 5 * 60;
/** WeChat waits 5 s for the answer; past this budget we answer `success` and let the workers do the rest. */
const REPLY_BUDGET_MS = 3000;

const ZSignedQuery = z.object({
  signature: z.string().max(128).optional(),
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().min(1).max(64),
});
const ZVerifyQuery = ZSignedQuery.extend({ echostr: z.string().min(1).max(1024) });
const ZPushQuery = ZSignedQuery.extend({
  encrypt_type: z.enum(['aes', 'raw']).optional(),
  msg_signature: z.string().max(128).optional(),
  openid: z.string().max(64).optional(),
});

type TMode = 'plaintext' | 'compatible' | 'safe';

function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const r = schema.safeParse(query);
  if (!r.success)
    throw new AppError('VALIDATION_FAILED', 'Bad WeChat query parameters', z.flattenError(r.error));
  return r.data;
}

function unauthenticated(message: string): AppError {
  return new AppError('UNAUTHENTICATED', message);
}

function assertFresh(ctx: TAppContext, timestamp: string) {
  if (Math.abs(ctx.clock().getTime() / 1000 - Number(timestamp)) > MAX_SKEW_S)
    throw unauthenticated('The timestamp is more than 5 minutes off: refused as a replay');
}

function parseXml(xml: string, what: string): TWechatFields {
  try {
    return parseWechatXml(xml);
  } catch (err) {
    if (err instanceof WechatXmlError)
      throw new AppError('VALIDATION_FAILED', `Malformed ${what} XML`, { at: err.at });
    throw err;
  }
}

/** The channel answers 503 (and stores nothing) until it is configured. */
function notConfigured(res: Response, missing: string[]) {
  res.status(503).json({
    error: {
      code: 'CHANNEL_NOT_CONFIGURED',
      message: 'The WeChat channel is not configured',
      details: { missing },
    },
  });
}

/** Decrypts a safe / compatible mode push after checking msg_signature over its Encrypt. */
function openEncrypted(
  cfg: { token: string; appId: string; aesKey: string },
  q: z.infer<typeof ZPushQuery>,
  body: string,
): { xml: string; mode: TMode } {
  const outer = parseXml(body, 'envelope');
  const encrypt = outer.Encrypt;
  if (!encrypt) throw new AppError('VALIDATION_FAILED', 'Encrypt is missing');
  if (!signatureMatches(q.msg_signature, wechatSignature([cfg.token, q.timestamp, q.nonce, encrypt])))
    throw unauthenticated('Bad msg_signature');
  try {
    const { xml } = decryptWechatMessage(encrypt, { encodingAesKey: cfg.aesKey, appId: cfg.appId });
    return { xml, mode: outer.MsgType ? 'compatible' : 'safe' };
  } catch (err) {
    if (!(err instanceof WechatCryptoError)) throw err;
    if (err.reason === 'wrong_app') throw unauthenticated(err.message);
    throw new AppError('VALIDATION_FAILED', err.message);
  }
}

/** The reply text within the budget; a slow or failing lookup degrades to `success`, never to an error. */
async function replyWithinBudget(ctx: TAppContext, m: TWechatMessage): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REPLY_BUDGET_MS)));
  const reply = composeWechatReply(ctx.db, m);
  reply.catch(() => undefined); // a lookup that loses the race and fails later is not unhandled
  try {
    return await Promise.race([reply, late]);
  } catch (err) {
    ctx.logger.warn({ err, channel: 'wechat' }, 'wechat reply lookup failed; answering success');
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /channels/wechat`: the platform's URL verification. `POST`: pushed messages and events in
 * plaintext, compatible or safe mode. Stored first (deduped on MsgId / sender + CreateTime), then
 * answered at once with a passive reply; no Redis on this path, so it works while Redis is down.
 */
export function wechatRoutes({ ctx }: TChannelDeps): Router {
  const router = Router();
  const cfg = () => ({
    token: ctx.config.WECHAT_TOKEN,
    appId: ctx.config.WECHAT_APPID,
    aesKey: ctx.config.WECHAT_ENCODING_AES_KEY,
  });

  const limits = channelLimits(ctx);
  router.use(limits.refuseFailingAddress('wechat'));

  router.get('/', (req, res) => {
    const { token } = cfg();
    if (!token) return notConfigured(res, ['WECHAT_TOKEN']);
    const q = parseQuery(ZVerifyQuery, req.query);
    assertFresh(ctx, q.timestamp);
    if (!signatureMatches(q.signature, wechatSignature([token, q.timestamp, q.nonce])))
      throw unauthenticated('Bad signature');
    res.set('x-content-type-options', 'nosniff').type('text/plain').send(q.echostr);
  });

  router.post('/', express.raw({ type: () => true, limit: WECHAT_BODY_LIMIT }), async (req, res) => {
    const { token, appId, aesKey } = cfg();
    if (!token) return notConfigured(res, ['WECHAT_TOKEN']);
    const q = parseQuery(ZPushQuery, req.query);
    const aes = q.encrypt_type === 'aes';
    if (aes && (!appId || !aesKey))
      return notConfigured(
        res,
        [!appId && 'WECHAT_APPID', !aesKey && 'WECHAT_ENCODING_AES_KEY'].filter(Boolean) as string[],
      );
    assertFresh(ctx, q.timestamp);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new AppError('VALIDATION_FAILED', 'The body is empty');
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(req.body);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The body is not UTF-8');
    }

    let xml = body;
    let mode: TMode = 'plaintext';
    if (aes) {
      ({ xml, mode } = openEncrypted({ token, appId: appId!, aesKey: aesKey! }, q, body));
    } else if (!signatureMatches(q.signature, wechatSignature([token, q.timestamp, q.nonce]))) {
      throw unauthenticated('Bad signature');
    }
    // Over the channel's ceiling: WeChat retries anything but a quick `success` three times, which
    // would only multiply the flood; `success` is its documented "received, no reply", so it stops.
    if ((await limits.channelWait('wechat')) !== null) {
      ctx.logger.warn({ channel: 'wechat' }, 'wechat channel over its rate limit; push dropped');
      return res.type('text/plain').send('success');
    }
    const parsed = toWechatMessage(parseXml(xml, 'message'));
    if (!parsed.ok)
      throw new AppError('VALIDATION_FAILED', 'Not a WeChat message', { issues: parsed.issues });
    const m = parsed.message;

    const { duplicate } = await storeInbound(ctx.db, {
      channel: 'wechat',
      externalId: wechatDedupeKey(m),
      headers: { mode, kind: m.kind, type: m.type, timestamp: q.timestamp, nonce: q.nonce },
      body: xml,
      now: ctx.clock(),
    });
    ctx.logger.debug(
      { channel: 'wechat', mode, kind: m.kind, type: m.type, duplicate },
      'wechat push stored',
    );

    const text = await replyWithinBudget(ctx, m);
    if (text === null) return res.type('text/plain').send('success');
    const reply = buildTextReply(m, text, ctx.clock());
    if (!aes) return res.type('application/xml').send(reply);
    const encrypted = buildEncryptedReply(reply, {
      token,
      appId: appId!,
      encodingAesKey: aesKey!,
      timestamp: String(Math.floor(ctx.clock().getTime() / 1000)),
      nonce: q.nonce,
    });
    res.type('application/xml').send(encrypted);
  });
  router.use(limits.countFailures('wechat'));
  return router;
}
