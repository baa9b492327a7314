import { LOGIN_LIMITS } from '../src/modules/auth/login-guard';
import { startTestServer, type TTestServer } from './support/harness';

// Repeated failed sign-ins lock the account (whoever tries, even with the right password) and,
// past a higher count, the client's address; the counts live in Redis.
let s: TTestServer;
beforeAll(async () => {
  s = await startTestServer('auth_lockout');
}, 60_000);
afterAll(() => s?.stop());

const attempt = async (username: string, password: string, ip = '203.0.113.7') => {
  const res = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'hotline', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; details?: unknown } } };
};

test('five wrong passwords lock the account for everyone; other accounts still sign in', async () => {
  for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
    expect((await attempt('agent2', 'wrong-password')).status).toBe(401);
  }
  const locked = await attempt('agent2', 'Hotline@12345', '198.51.100.9');
  expect(locked.status).toBe(429);
  expect(locked.body.error).toMatchObject({
    code: 'RATE_LIMITED',
    details: { retryAfterSeconds: expect.any(Number) },
  });
  expect((await attempt('dispatcher1', 'Hotline@12345')).status).toBe(200);
});

test('a success clears the account count; an address with too many failures is locked out', async () => {
  for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await attempt('agent1', 'nope', '192.0.2.1');
  expect((await attempt('agent1', 'Hotline@12345', '192.0.2.1')).status).toBe(200);
  expect((await attempt('agent1', 'nope', '192.0.2.1')).status).toBe(401); // the count starts again

  const ip = '192.0.2.50';
  for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
    expect((await attempt(`nobody${i}`, 'x', ip)).status).toBe(401);
  }
  expect((await attempt('supervisor1', 'Hotline@12345', ip)).status).toBe(429);
  expect((await attempt('supervisor1', 'Hotline@12345', '192.0.2.51')).status).toBe(200);
});
