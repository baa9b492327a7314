import type { Redis } from 'ioredis';

/** Redis is needed and not answering: the caller decides whether to refuse or carry on without it. */
export class RedisUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Redis is not available');
    this.name = 'RedisUnavailableError';
    this.cause = cause;
  }
}

type TRedisCtx = { redis: Redis };
const DOWN = ['close', 'reconnecting', 'end'];

/**
 * Runs a Redis command, failing fast instead of queueing while Redis is down: a public form must
 * answer within a second or two, not wait for ioredis to reconnect.
 */
export async function withRedis<T>(
  ctx: TRedisCtx,
  fn: (redis: Redis) => Promise<T>,
  timeoutMs = 1500,
): Promise<T> {
  // Still connecting (just started): wait for it, within the timeout. Known down: do not queue.
  if (DOWN.includes(ctx.redis.status)) throw new RedisUnavailableError();
  let timer: NodeJS.Timeout | undefined;
  const work = fn(ctx.redis);
  // If the timeout wins, the command may still fail later (e.g. the connection closes): not unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisUnavailableError('timeout')), timeoutMs);
      }),
    ]);
  } catch (err) {
    throw err instanceof RedisUnavailableError ? err : new RedisUnavailableError(err);
  } finally {
    clearTimeout(timer);
  }
}

export type TLimit = { name: string; limit: number; windowSeconds: number };

/** Portal limits: generous for a citizen, tight for a script. */
export const PORTAL_LIMITS = {
  submitPerIp: { name: 'submit-ip', limit: 5, windowSeconds: 10 * 60 },
  submitPerPhone: { name: 'submit-phone', limit: 3, windowSeconds: 60 * 60 },
  captchaPerIp: { name: 'captcha-ip', limit: 60, windowSeconds: 10 * 60 },
  trackPerIp: { name: 'track-ip', limit: 30, windowSeconds: 10 * 60 },
} as const satisfies Record<string, TLimit>;

/**
 * Fixed-window counter: one key per (limit, subject, window). Counts this hit and answers how many
 * seconds to wait when it is over the limit, or null when it is allowed.
 */
export async function hitLimit(
  ctx: TRedisCtx & { prefix: string; now: Date },
  limit: TLimit,
  subject: string,
): Promise<number | null> {
  const nowS = Math.floor(ctx.now.getTime() / 1000);
  const window = Math.floor(nowS / limit.windowSeconds);
  const key = `${ctx.prefix}:portal:rl:${limit.name}:${subject}:${window}`;
  const res = await withRedis(ctx, (r) => r.multi().incr(key).expire(key, limit.windowSeconds).exec());
  const count = Number(res?.[0]?.[1] ?? 0);
  if (count <= limit.limit) return null;
  return Math.max(1, (window + 1) * limit.windowSeconds - nowS);
}
