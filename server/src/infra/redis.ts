import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';

/**
 * Where Redis is. A plain `redis://` / `rediss://` URL goes to ioredis as it is; ioredis does not
 * parse a Sentinel URL, so `redis+sentinel://` is turned into its `sentinels` + `name` options here:
 *
 *   redis+sentinel://[[user]:password@]host[:port][,host[:port]…]/<master name>[/<db>][?sentinelPassword=…]
 *
 * The user and password are the master's (as in a redis:// URL); the sentinels' own password, if
 * they have one, is the `sentinelPassword` parameter. Sentinel ports default to 26379. ioredis asks
 * the sentinels for the current master and follows a fail-over by reconnecting to the new one.
 */
export type TRedisTarget =
  | { kind: 'url'; url: string }
  | {
      kind: 'sentinel';
      options: Required<Pick<RedisOptions, 'sentinels' | 'name' | 'db'>> &
        Pick<RedisOptions, 'username' | 'password' | 'sentinelPassword'>;
    };

const SENTINEL_URL =
  /^redis\+sentinel:\/\/(?:(?<auth>[^@/]*)@)?(?<hosts>[^/?#]+)\/(?<name>[^/?#]+)(?:\/(?<db>\d+))?\/?(?:\?(?<query>[^#]*))?$/;
const HOST_PORT = /^(?:\[(?<v6>[0-9A-Fa-f:.]+)\]|(?<host>[^:[\]]+))(?::(?<port>\d{1,5}))?$/;
const DEFAULT_SENTINEL_PORT = 26379;

/** Reads REDIS_URL; throws a message naming what is wrong (config validation shows it). */
export function parseRedisUrl(url: string): TRedisTarget {
  if (/^rediss?:\/\//.test(url)) return { kind: 'url', url };
  if (!url.startsWith('redis+sentinel://'))
    throw new Error('a redis:// URL (or rediss://, redis+sentinel://)');
  const m = SENTINEL_URL.exec(url)?.groups;
  if (!m) throw new Error('redis+sentinel://host:port[,host:port…]/<master name>[/<db>]');
  const sentinels = m.hosts!.split(',').map((hp) => {
    const h = HOST_PORT.exec(hp.trim())?.groups;
    const port = h?.port ? Number(h.port) : DEFAULT_SENTINEL_PORT;
    if (!h || port < 1 || port > 65535) throw new Error(`not a sentinel host[:port]: "${hp}"`);
    return { host: h.v6 ?? h.host!, port };
  });
  const options: Extract<TRedisTarget, { kind: 'sentinel' }>['options'] = {
    sentinels,
    name: decodeURIComponent(m.name!),
    db: m.db ? Number(m.db) : 0,
  };
  if (m.auth) {
    const colon = m.auth.indexOf(':');
    const username = decodeURIComponent(colon === -1 ? m.auth : m.auth.slice(0, colon));
    if (username) options.username = username;
    if (colon !== -1) options.password = decodeURIComponent(m.auth.slice(colon + 1));
  }
  const params = new URLSearchParams(m.query ?? '');
  for (const key of params.keys())
    if (key !== 'sentinelPassword') throw new Error(`unknown parameter "${key}" (only sentinelPassword)`);
  const sentinelPassword = params.get('sentinelPassword');
  if (sentinelPassword) options.sentinelPassword = sentinelPassword;
  return { kind: 'sentinel', options };
}

/** REDIS_URL in the servers' and workers' config schemas: a URL createRedis can connect with. */
export const ZRedisUrl = z.string().superRefine((url, ctx) => {
  try {
    parseRedisUrl(url);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

/**
 * Every ioredis connection of the servers and workers is made here. BullMQ workers need
 * maxRetriesPerRequest: null; other clients fail fast instead of hanging. `duplicate()` of a
 * client made here (BullMQ's blocking connections, the socket.io subscriber) keeps its target.
 */
export function createRedis(url: string, opts: { forWorker?: boolean } = {}): Redis {
  const base: RedisOptions = { maxRetriesPerRequest: opts.forWorker ? null : 3, lazyConnect: false };
  const target = parseRedisUrl(url);
  const client =
    target.kind === 'url' ? new Redis(target.url, base) : new Redis({ ...base, ...target.options });
  client.on('error', () => undefined);
  return client;
}
