import { Redis } from 'ioredis';
import { parseConfig } from '../../src/infra/config';
import { createLogger } from '../../src/infra/logger';
import { startServer, type TRunningServer } from '../../src/server';
import { createTestDatabase, DEMO_PASSWORD, dropTestDatabase, TEST_REDIS_URL } from './db';

/** A signed-in HTTP client: keeps the session cookie and sends the CSRF header on writes. */
export class ApiClient {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        'x-requested-with': 'hotline',
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }
  put<T = any>(path: string, body: unknown = {}) {
    return this.call<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.call<T>('DELETE', path);
  }
}

export type TTestServer = TRunningServer & {
  dbUrl: string;
  prefix: string;
  login(username: string, password?: string): Promise<ApiClient>;
  stop(): Promise<void>;
};

/** The real server on a random port, with its own database and Redis prefix for this test file. */
export async function startTestServer(
  name: string,
  opts: { clock?: () => Date; env?: Record<string, string> } = {},
): Promise<TTestServer> {
  const dbUrl = await createTestDatabase(name);
  const prefix = `test-${name}-${process.pid}`;
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: dbUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    SERVE_CLIENT_DIR: process.env.SERVE_CLIENT_DIR ?? 'client/dist',
    ...opts.env,
  });
  const server = await startServer(config, { logger: createLogger({ level: 'silent' }), clock: opts.clock });
  return {
    ...server,
    dbUrl,
    prefix,
    async login(username, password = DEMO_PASSWORD) {
      const client = new ApiClient(server.url);
      const res = await client.post('/auth/login', { username, password });
      if (res.status !== 200)
        throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return client;
    },
    async stop() {
      await server.close();
      await deleteRedisPrefix(prefix);
      await dropTestDatabase(dbUrl);
    },
  };
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
