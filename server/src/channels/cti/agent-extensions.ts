import type { Redis } from 'ioredis';
import type { TUserActor } from '../../modules/auth/actor';

/**
 * Which agent sits at which telephone extension. The CTI middleware addresses agents by
 * extension (`agent_ext`); the agent desk registers its extension when it opens (and again
 * every time, which renews the lease). Kept in Redis because it is as short-lived as a desk
 * session and only the best-effort screen pop reads it: nothing durable depends on it.
 * The value is the signed-in actor, so the pop applies that agent's ticket visibility.
 */
export const EXTENSION_TTL_SECONDS = 12 * 3600;

const extKey = (prefix: string, ext: string) => `${prefix}:cti:ext:${ext}`;
const userKey = (prefix: string, userId: string) => `${prefix}:cti:user-ext:${userId}`;

export async function registerExtension(
  redis: Redis,
  prefix: string,
  actor: TUserActor,
  ext: string,
): Promise<void> {
  const previous = await redis.get(userKey(prefix, actor.id));
  const tx = redis.multi();
  // Moving desks: the old extension stops ringing on this agent's screen.
  if (previous && previous !== ext) tx.del(extKey(prefix, previous));
  tx.set(extKey(prefix, ext), JSON.stringify(actor), 'EX', EXTENSION_TTL_SECONDS);
  tx.set(userKey(prefix, actor.id), ext, 'EX', EXTENSION_TTL_SECONDS);
  await tx.exec();
}

export async function extensionOf(redis: Redis, prefix: string, userId: string): Promise<string | null> {
  return redis.get(userKey(prefix, userId));
}

/** The agent at an extension, or null; gives up after `timeoutMs` so a slow Redis cannot delay the pop. */
export async function agentAtExtension(
  redis: Redis,
  prefix: string,
  ext: string,
  timeoutMs = 300,
): Promise<TUserActor | null> {
  let timer: NodeJS.Timeout | undefined;
  // Redis down or slow: no pop (the call itself is stored and folded without Redis).
  const lookup = redis.get(extKey(prefix, ext)).then(
    (raw) => (raw ? (JSON.parse(raw) as TUserActor) : null),
    () => null,
  );
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
