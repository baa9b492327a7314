import { AppError, isAppError } from '@hotline/shared';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { TAppContext } from '../app-context';
import { hitLimit, peekLimit, RedisUnavailableError, type TLimit } from '../infra/http/rate-limit';
import { clientIp } from '../modules/auth/auth.middleware';

export type TLimitedChannel = 'wechat' | 'weibo' | 'cti' | 'open311';

/**
 * A limit check must not eat the platforms' 5-second budget: past this, Redis is treated as down.
 */
const REDIS_BUDGET_MS = 300;

/**
 * Rate limits of the machine-to-machine channels, counted in Redis so all server instances share
 * them. Two kinds:
 *  - per client address, on failures only (bad signature, stale timestamp, bad API key): strict,
 *    RATE_BAD_AUTH_IP_PER_10_MIN, after which that address is refused before any work. Counting
 *    failures rather than requests keeps the platforms' own few egress addresses, which carry all
 *    the real traffic, out of it — unless they fail too;
 *  - per channel (signed requests) and per Open311 API key: generous, RATE_CHANNEL_PER_MINUTE /
 *    RATE_OPEN311_KEY_PER_MINUTE, a ceiling against a flood with a leaked secret, not a quota;
 *  - plus Open311's public reads per address, RATE_OPEN311_READ_IP_PER_MINUTE.
 * While Redis is down every check lets the request through: the channels are built to take
 * messages without Redis, and losing a citizen's message is worse than an unmetered minute.
 */
export function channelLimits(ctx: TAppContext) {
  const c = ctx.config;
  const limits = {
    badAuthPerIp: (ch: TLimitedChannel): TLimit => ({
      name: `${ch}:bad-auth-ip`,
      limit: c.RATE_BAD_AUTH_IP_PER_10_MIN,
      windowSeconds: 600,
    }),
    perChannel: (ch: TLimitedChannel): TLimit => ({
      name: `${ch}:signed`,
      limit: c.RATE_CHANNEL_PER_MINUTE,
      windowSeconds: 60,
    }),
    open311Key: { name: 'open311:key', limit: c.RATE_OPEN311_KEY_PER_MINUTE, windowSeconds: 60 },
    open311ReadIp: { name: 'open311:read-ip', limit: c.RATE_OPEN311_READ_IP_PER_MINUTE, windowSeconds: 60 },
  };
  const rl = () => ({ redis: ctx.redis, prefix: c.REDIS_PREFIX, now: ctx.clock() });

  /** Seconds to wait, or null: allowed (also when Redis does not answer in time). */
  async function failOpen(what: string, check: () => Promise<number | null>): Promise<number | null> {
    try {
      return await check();
    } catch (err) {
      if (!(err instanceof RedisUnavailableError)) throw err;
      ctx.logger.warn({ limit: what }, 'rate limit skipped: Redis unavailable');
      return null;
    }
  }

  const api = {
    limits,
    /** Is this address already over its failures (does not count this request)? */
    badAuthWait: (ch: TLimitedChannel, req: Request) =>
      failOpen(`${ch}:bad-auth-ip`, () =>
        peekLimit(rl(), limits.badAuthPerIp(ch), clientIp(req), REDIS_BUDGET_MS),
      ),
    /** Counts one failed authentication of this address. */
    countBadAuth: (ch: TLimitedChannel, req: Request) =>
      failOpen(`${ch}:bad-auth-ip`, () =>
        hitLimit(rl(), limits.badAuthPerIp(ch), clientIp(req), REDIS_BUDGET_MS),
      ),
    /** Counts one signed request of the channel. */
    channelWait: (ch: TLimitedChannel) =>
      failOpen(`${ch}:signed`, () => hitLimit(rl(), limits.perChannel(ch), 'all', REDIS_BUDGET_MS)),
    open311KeyWait: (keyLabel: string) =>
      failOpen('open311:key', () => hitLimit(rl(), limits.open311Key, keyLabel, REDIS_BUDGET_MS)),
    open311ReadWait: (req: Request) =>
      failOpen('open311:read-ip', () => hitLimit(rl(), limits.open311ReadIp, clientIp(req), REDIS_BUDGET_MS)),

    /** Middleware: an address over its failures gets 429 before its request is even read. */
    refuseFailingAddress(ch: TLimitedChannel): RequestHandler {
      return async (req, res, next) => {
        const wait = await api.badAuthWait(ch, req);
        if (wait === null) return next();
        next(rateLimited(res, wait, `${ch}:bad-auth-ip`));
      };
    },
    /** Error middleware: counts the address's UNAUTHENTICATED answers, then passes the error on. */
    countFailures(ch: TLimitedChannel): ErrorRequestHandler {
      return async (err, req, _res, next) => {
        if (isAppError(err) && err.code === 'UNAUTHENTICATED') await api.countBadAuth(ch, req);
        next(err);
      };
    },
  };
  return api;
}
export type TChannelLimits = ReturnType<typeof channelLimits>;

/** Sets Retry-After and returns the 429 to throw (JSON `{ error }` through the error handler). */
export function rateLimited(res: Response, wait: number, limit: string): AppError {
  res.set('Retry-After', String(wait));
  return new AppError('RATE_LIMITED', 'Too many requests; retry later', { retryAfter: wait, limit });
}
