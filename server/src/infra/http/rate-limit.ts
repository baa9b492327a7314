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
export type TLimitCtx = TRedisCtx & { prefix: string; now: Date };
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

/** `name` is part of the Redis key: one counter per (name, subject, window). */
export type TLimit = { name: string; limit: number; windowSeconds: number };

function keyOf(ctx: TLimitCtx, limit: TLimit, who: string) {
  const nowS = Math.floor(ctx.now.getTime() / 1000);
  const window = Math.floor(nowS / limit.windowSeconds);
  return {
    key: `${ctx.prefix}:rl:${limit.name}:${who}:${window}`,
    secondsLeft: Math.max(1, (window + 1) * limit.windowSeconds - nowS),
  };
}

/**
 * Fixed-window counter: one key per (limit, subject, window). Counts this hit and answers how many
 * seconds to wait when it is over the limit, or null when it is allowed.
 */
export async function hitLimit(
  ctx: TLimitCtx,
  limit: TLimit,
  who: string,
  timeoutMs?: number,
): Promise<number | null> {
  const { key, secondsLeft } = keyOf(ctx, limit, who);
  const res = await withRedis(
    ctx,
    (r) => r.multi().incr(key).expire(key, limit.windowSeconds).exec(),
    timeoutMs,
  );
  const count = Number(res?.[0]?.[1] ?? 0);
  return count <= limit.limit ? null : secondsLeft;
}

/**
 * For limits on failures (bad signatures, bad keys): is the subject already over, without
 * counting this request? Seconds to wait, or null. Count the failure itself with `hitLimit`.
 */
export async function peekLimit(
  ctx: TLimitCtx,
  limit: TLimit,
  who: string,
  timeoutMs?: number,
): Promise<number | null> {
  const { key, secondsLeft } = keyOf(ctx, limit, who);
  const count = Number((await withRedis(ctx, (r) => r.get(key), timeoutMs)) ?? 0);
  return count < limit.limit ? null : secondsLeft;
}
