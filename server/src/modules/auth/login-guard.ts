/**
 * Lockout after repeated failed sign-ins, counted in Redis so every server instance sees the
 * same counts: per account (5 failures lock it for 15 minutes, whoever tries) and per client
 * address (30 failures over any accounts lock that address out for 15 minutes). A locked
 * attempt is refused before the password is even checked; a successful sign-in clears the
 * account's count (not the address's).
 */
import { AppError } from '@hotline/shared';
import type { Redis } from 'ioredis';

export const LOGIN_LIMITS = {
  perAccount: 5,
  perAddress: 30,
  windowSeconds: 15 * 60,
} as const;

type TGuardCtx = { redis: Redis; prefix: string };

const keys = (ctx: TGuardCtx, username: string, ip: string) => ({
  account: `${ctx.prefix}:auth:fail:user:${username.toLowerCase()}`,
  address: `${ctx.prefix}:auth:fail:ip:${ip}`,
});

/** Refuses (429 RATE_LIMITED, with the seconds to wait) while the account or the address is locked. */
export async function assertNotLocked(ctx: TGuardCtx, username: string, ip: string): Promise<void> {
  const k = keys(ctx, username, ip);
  const res = await ctx.redis.multi().get(k.account).ttl(k.account).get(k.address).ttl(k.address).exec();
  const [account, accountTtl, address, addressTtl] = (res ?? []).map(([, v]) => v) as [
    string | null,
    number,
    string | null,
    number,
  ];
  const waits: number[] = [];
  if (Number(account ?? 0) >= LOGIN_LIMITS.perAccount) waits.push(accountTtl);
  if (Number(address ?? 0) >= LOGIN_LIMITS.perAddress) waits.push(addressTtl);
  if (waits.length) {
    const retryAfterSeconds = Math.max(1, ...waits);
    throw new AppError('RATE_LIMITED', '登录失败次数过多，请稍后再试 (too many failed sign-ins)', {
      retryAfterSeconds,
    });
  }
}

/** Counts a failed sign-in against the account and the address (the window starts at the first). */
export async function recordFailure(ctx: TGuardCtx, username: string, ip: string): Promise<void> {
  const k = keys(ctx, username, ip);
  await ctx.redis
    .multi()
    .incr(k.account)
    .expire(k.account, LOGIN_LIMITS.windowSeconds, 'NX')
    .incr(k.address)
    .expire(k.address, LOGIN_LIMITS.windowSeconds, 'NX')
    .exec();
}

export async function clearAccountFailures(ctx: TGuardCtx, username: string, ip: string): Promise<void> {
  await ctx.redis.del(keys(ctx, username, ip).account);
}
