import express from 'express';
import type { AddressInfo } from 'node:net';
import { startPrivateRedis, type TPrivateRedis } from '../../workers/test/support/private-redis';
import { errorHandler } from '../src/infra/http/error-handler';
import { createLogger } from '../src/infra/logger';
import { startTestServer, type TTestServer } from './support/harness';

jest.setTimeout(60_000);

let s: TTestServer;
let redis: TPrivateRedis;

beforeAll(async () => {
  redis = await startPrivateRedis();
  s = await startTestServer('backing_down', { env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  await s?.stop();
  await redis?.stop();
});

test('with Redis gone a signed-in request gets 503 + Retry-After, not a 500, and works again once it is back', async () => {
  const agent = await s.login('agent1');
  expect((await agent.get('/tickets')).status).toBe(200);
  await redis.stop();
  const res = await fetch(`${s.url}/api/v1/tickets`, {
    headers: { cookie: agent.cookie, 'x-requested-with': 'hotline' },
  });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');

  // Back, empty (no persistence): the session went with it, a new sign-in works.
  redis = await startPrivateRedis(Number(new URL(redis.url).port));
  let again = { status: 0 };
  for (let i = 0; i < 50 && again.status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    again = (await (await s.login('agent1').catch(() => null))?.get('/tickets')) ?? { status: 0 };
  }
  expect(again.status).toBe(200);
});

/** What a bare Express app answers when its one route throws `err`, behind the real error handler. */
async function answerTo(err: unknown): Promise<{ status: number; text: string }> {
  const app = express();
  app.get('/x', () => {
    throw err;
  });
  app.use(errorHandler(createLogger({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    return { status: res.status, text: await res.text() };
  } finally {
    server.close();
  }
}

/** The PostgreSQL side, error by error: what node-postgres throws when the server is down or restarting. */
test.each([
  [
    'connection refused',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
  ],
  [
    'admin shutdown (57P01) wrapped by drizzle',
    new Error('Failed query: select 1', { cause: { code: '57P01' } }),
  ],
  ['the database system is starting up (57P03)', Object.assign(new Error('starting up'), { code: '57P03' })],
  ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
])('%s → 503 UNAVAILABLE', async (_what, err) => {
  const res = await answerTo(err);
  expect(res.status).toBe(503);
  expect((JSON.parse(res.text) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
});

test('any other unexpected error stays a 500 INTERNAL without internals', async () => {
  const res = await answerTo(new Error('secret detail: column "x" does not exist'));
  expect(res.status).toBe(500);
  expect(res.text).toContain('INTERNAL');
  expect(res.text).not.toContain('secret');
});
