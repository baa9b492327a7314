import { AppError } from '@hotline/shared';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** How far the platform's timestamp may be from our clock before a request counts as replayed. */
export const WEIBO_MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * Weibo fan-service (粉丝服务平台) signature: the app secret, `timestamp` and `nonce` sorted as
 * strings, concatenated and SHA-1 hashed (hex). It is the WeChat scheme with the app secret in
 * place of the token. The same three query parameters come with the URL check (GET) and with
 * every pushed message (POST). The body is not covered by the signature: that is the platform's
 * protocol, so the payload is validated on its own and replays are bounded by the timestamp window
 * and by the (sender_id, created_at) dedupe.
 */
export function computeWeiboSignature(appSecret: string, timestamp: string, nonce: string): string {
  const joined = [appSecret, timestamp, nonce].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/** The signed query of every request from the platform (`echostr` only on the URL check). */
export const ZWeiboSignedQuery = z.object({
  signature: z.string().regex(/^[0-9a-fA-F]{40}$/),
  timestamp: z.string().regex(/^\d{1,13}$/),
  nonce: z.string().min(1).max(128),
  echostr: z.string().min(1).max(512).optional(),
});
export type TWeiboSignedQuery = z.infer<typeof ZWeiboSignedQuery>;

/**
 * Checks the query signature and the timestamp window; throws 401 otherwise. The platform sends
 * Unix seconds (as WeChat does); a 13-digit value is read as milliseconds so that a change of
 * unit on their side does not lock every message out.
 */
export function verifyWeiboQuery(appSecret: string, query: unknown, now: Date): TWeiboSignedQuery {
  const parsed = ZWeiboSignedQuery.safeParse(query);
  if (!parsed.success) throw new AppError('UNAUTHENTICATED', 'Missing or malformed Weibo signature');
  const q = parsed.data;
  const expected = Buffer.from(computeWeiboSignature(appSecret, q.timestamp, q.nonce), 'hex');
  const given = Buffer.from(q.signature.toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('UNAUTHENTICATED', 'Bad Weibo signature');
  const raw = Number(q.timestamp);
  const sentAt = q.timestamp.length >= 13 ? raw : raw * 1000;
  if (Math.abs(now.getTime() - sentAt) > WEIBO_MAX_SKEW_MS)
    throw new AppError('UNAUTHENTICATED', 'Weibo timestamp outside the accepted window', {
      maxSkewSeconds: WEIBO_MAX_SKEW_MS / 1000,
    });
  return q;
}
