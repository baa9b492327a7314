import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TUserActor } from './actor';

/** What an admin sees of a session: never the cookie value, only a hash of it. */
export type TSessionInfo = {
  handle: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
};

type TStoredSession = {
  v: 2;
  actor: TUserActor;
  createdAt: number;
  lastSeenAt: number;
  ip: string | null;
  ua: string | null;
};

export type TSessionMeta = { ip?: string | null; userAgent?: string | null };
type TRevokeListener = (handles: string[]) => void;

/** Last-seen is written back at most this often: a read per request, a write per minute. */
const LAST_SEEN_EVERY_MS = 60_000;
const SID = /^[A-Za-z0-9_-]{20,100}$/;

/** The opaque name of a session: what Redis keys it by, what admins and socket rooms see. */
export function sessionHandle(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url');
}

/** "Mozilla/5.0 (Windows NT 10.0; …) Chrome/130.0" → "Chrome 130 · Windows": enough to tell desks apart. */
export function shortUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null;
  const browser =
    /(Edg|Firefox|Chrome|Safari)\/(\d+)/.exec(ua.replace(/Version\/(\d+).*Safari/, 'Safari/$1')) ?? null;
  const os = /Windows|Mac OS X|Android|iPhone|iPad|Linux/.exec(ua)?.[0]?.replace('Mac OS X', 'macOS');
  const name = browser ? `${browser[1] === 'Edg' ? 'Edge' : browser[1]} ${browser[2]}` : ua.slice(0, 40);
  return os ? `${name} · ${os}` : name;
}

/**
 * Server-side sessions in Redis. The cookie holds a random id; Redis keeps only its hash (a dump
 * of Redis signs nobody in). A session expires after the idle time (renewed on use) and, used
 * or not, at its absolute lifetime. Each user has a set of their session handles, so an admin
 * can list and revoke them; revocation tells the listeners (socket.io) which handles went.
 */
export class SessionStore {
  private readonly listeners: TRevokeListener[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttl: { idleMs: number; maxMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  private key(handle: string) {
    return `${this.prefix}:sess:${handle}`;
  }
  private userKey(userId: string) {
    return `${this.prefix}:user-sess:${userId}`;
  }

  /** Called with the handles of revoked sessions (on this process; the socket.io adapter reaches the others). */
  onRevoke(listener: TRevokeListener): void {
    this.listeners.push(listener);
  }

  private ttlMs(s: TStoredSession, now: number): number {
    return Math.min(this.ttl.idleMs, s.createdAt + this.ttl.maxMs - now);
  }

  async create(actor: TUserActor, meta: TSessionMeta = {}): Promise<string> {
    const sid = randomBytes(32).toString('base64url');
    const handle = sessionHandle(sid);
    const now = this.now();
    const stored: TStoredSession = {
      v: 2,
      actor,
      createdAt: now,
      lastSeenAt: now,
      ip: meta.ip ?? null,
      ua: shortUserAgent(meta.userAgent),
    };
    await this.redis
      .multi()
      .set(this.key(handle), JSON.stringify(stored), 'PX', Math.ceil(this.ttlMs(stored, now)))
      .sadd(this.userKey(actor.id), handle)
      .pexpire(this.userKey(actor.id), Math.ceil(this.ttl.maxMs) + 60_000)
      .exec();
    return sid;
  }

  async get(sid: string): Promise<TUserActor | null> {
    if (!SID.test(sid)) return null;
    const handle = sessionHandle(sid);
    // One round trip on the hot path: renew the idle time while reading; the absolute
    // lifetime only shortens it near the end of the session.
    const raw = await this.redis.getex(this.key(handle), 'PX', Math.ceil(this.ttl.idleMs));
    if (!raw) return null;
    const s = JSON.parse(raw) as TStoredSession;
    const now = this.now();
    const ttl = this.ttlMs(s, now);
    if (ttl <= 0) {
      await this.revoke(s.actor.id, [handle]);
      return null;
    }
    if (now - s.lastSeenAt >= LAST_SEEN_EVERY_MS) {
      // XX: a session revoked between the read and this write stays revoked.
      const body = JSON.stringify({ ...s, lastSeenAt: now });
      await this.redis.set(this.key(handle), body, 'PX', Math.ceil(ttl), 'XX');
    } else if (ttl < this.ttl.idleMs) {
      await this.redis.pexpire(this.key(handle), Math.ceil(ttl));
    }
    return s.actor;
  }

  /** The user's live sessions, newest first; handles whose session expired are dropped from the set. */
  async list(userId: string): Promise<TSessionInfo[]> {
    const handles = await this.redis.smembers(this.userKey(userId));
    if (handles.length === 0) return [];
    const raws = await this.redis.mget(...handles.map((h) => this.key(h)));
    const now = this.now();
    const live: TSessionInfo[] = [];
    const dead: string[] = [];
    handles.forEach((handle, i) => {
      const s = raws[i] ? (JSON.parse(raws[i]!) as TStoredSession) : null;
      if (!s || this.ttlMs(s, now) <= 0) return void dead.push(handle);
      live.push({
        handle,
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
        expiresAt: new Date(
          Math.min(s.lastSeenAt + this.ttl.idleMs, s.createdAt + this.ttl.maxMs),
        ).toISOString(),
        ip: s.ip,
        userAgent: s.ua,
      });
    });
    if (dead.length) await this.redis.srem(this.userKey(userId), ...dead);
    return live.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The user a session handle belongs to, if the session is live. */
  async ownerOf(handle: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(handle)) return null;
    const raw = await this.redis.get(this.key(handle));
    return raw ? (JSON.parse(raw) as TStoredSession).actor.id : null;
  }

  async destroy(sid: string): Promise<void> {
    const handle = sessionHandle(sid);
    const owner = await this.ownerOf(handle);
    if (owner) await this.revoke(owner, [handle]);
    else await this.redis.del(this.key(handle));
  }

  /** Ends the given sessions of one user at once: the next request is 401, live sockets are disconnected. */
  async revoke(userId: string, handles: string[]): Promise<void> {
    if (handles.length === 0) return;
    await this.redis
      .multi()
      .del(...handles.map((h) => this.key(h)))
      .srem(this.userKey(userId), ...handles)
      .exec();
    for (const listener of this.listeners) listener(handles);
  }

  /** Signs a user out everywhere (password or role changed, account disabled), or everywhere but one session. */
  async destroyAllForUser(userId: string, opts: { exceptSid?: string } = {}): Promise<number> {
    const keep = opts.exceptSid ? sessionHandle(opts.exceptSid) : null;
    const handles = (await this.redis.smembers(this.userKey(userId))).filter((h) => h !== keep);
    await this.revoke(userId, handles);
    return handles.length;
  }
}
