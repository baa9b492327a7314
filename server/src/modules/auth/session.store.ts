import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TUserActor } from './actor';

/**
 * Server-side sessions in Redis. The cookie holds only a random id; the session expires after
 * the idle time and is renewed on use. Redis being flushed signs everyone out, nothing else.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly idleSeconds: number,
  ) {}

  private key(sid: string) {
    return `${this.prefix}:sess:${sid}`;
  }
  private userKey(userId: string) {
    return `${this.prefix}:user-sess:${userId}`;
  }

  async create(actor: TUserActor): Promise<string> {
    const sid = randomBytes(32).toString('base64url');
    await this.redis
      .multi()
      .set(this.key(sid), JSON.stringify(actor), 'EX', this.idleSeconds)
      .sadd(this.userKey(actor.id), sid)
      .expire(this.userKey(actor.id), 7 * 24 * 3600)
      .exec();
    return sid;
  }

  async get(sid: string): Promise<TUserActor | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(sid)) return null;
    const raw = await this.redis.getex(this.key(sid), 'EX', this.idleSeconds);
    return raw ? (JSON.parse(raw) as TUserActor) : null;
  }

  async destroy(sid: string): Promise<void> {
    const raw = await this.redis.get(this.key(sid));
    await this.redis.del(this.key(sid));
    if (raw) await this.redis.srem(this.userKey((JSON.parse(raw) as TUserActor).id), sid);
  }

  /** Signs a user out everywhere (password or role changed, account disabled). */
  async destroyAllForUser(userId: string): Promise<void> {
    const sids = await this.redis.smembers(this.userKey(userId));
    if (sids.length) await this.redis.del(...sids.map((s) => this.key(s)));
    await this.redis.del(this.userKey(userId));
  }
}
