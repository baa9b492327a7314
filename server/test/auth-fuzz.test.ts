import { Redis } from 'ioredis';
import {
  FUZZ_LIMITS,
  junkValue,
  NASTY_STRINGS,
  prng,
  randomBytes,
  reportFuzz,
  type TRand,
} from './channels/fuzz-support';
import { TEST_REDIS_URL } from './support/db';
import { startTestServer, type TTestServer } from './support/harness';

const SEED = 0x10a1;
const SHARE = 2000;
const USERS = ['admin', 'agent1', 'dispatcher1', 'cgj_handler', 'nobody', 'ADMIN', ' admin '];

let s: TTestServer;
let redis: Redis;
beforeAll(async () => {
  s = await startTestServer('auth_fuzz', { env: FUZZ_LIMITS });
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await s?.stop();
}, 60_000);

type TCase = { body: string | Buffer; contentType?: string | null; headers?: Record<string, string> };

/** Never the right password: every case is refused, for its shape, its password or a lock-out. */
function malformed(r: TRand): TCase {
  const username = r.pick([...USERS, ...NASTY_STRINGS.map((v) => v.slice(0, 120))]);
  const good = { username: r.pick(USERS), password: 'Hotline@12345-wrong' };
  // Spread over addresses (the proxy is trusted on loopback) so the per-address lock-out does not swallow the run.
  const xff = { 'x-forwarded-for': `10.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}` };
  switch (r.int(9)) {
    case 0:
      return {
        body: JSON.stringify({ username, password: r.pick(NASTY_STRINGS).slice(0, 200) || 'x' }),
        headers: xff,
      };
    case 1:
      return { body: JSON.stringify({ ...good, [r.pick(['username', 'password'])]: junkValue(r) }) };
    case 2: {
      const json = JSON.stringify(good);
      return { body: json.slice(0, r.int(json.length - 1)) };
    }
    case 3:
      return { body: randomBytes(r) };
    case 4:
      return {
        body: r.pick([
          `username=admin&password=x`,
          `<login><username>admin</username></login>`,
          JSON.stringify(good),
        ]),
        contentType: r.pick(['application/x-www-form-urlencoded', 'application/xml', 'text/plain', null]),
      };
    case 5:
      return { body: JSON.stringify({ ...good, password: 'p'.repeat(1_100_000) }) };
    case 6:
      return {
        body: `{"__proto__":{"isAdmin":true,"polluted":1},"constructor":{"prototype":{"polluted":1}},"username":${JSON.stringify(username)},"password":"x"}`,
        headers: xff,
      };
    case 7:
      // Signed-in nowhere, and without the CSRF header.
      return { body: JSON.stringify(good), headers: { 'x-requested-with': '' } };
    default:
      return {
        body: JSON.stringify({
          username: r.pick(['../../etc/passwd', "admin' --", 'admin"; --', 'admin\u0000']),
          password: 'x',
        }),
        headers: xff,
      };
  }
}

test(`${SHARE} malformed or wrong sign-ins get a 4xx JSON error, never a 5xx, and open no session (seed ${SEED})`, async () => {
  const r = prng(SEED);
  const sessions = async () => (await redis.keys(`${s.prefix}:sess:*`)).length;
  const before = await sessions();
  const statuses = new Map<number, number>();
  let fiveXx = 0;
  let next = 0;
  const cases = Array.from({ length: SHARE }, () => malformed(r));
  const worker = async () => {
    for (let n = next++; n < cases.length; n = next++) {
      const c = cases[n]!;
      const headers: Record<string, string> = { 'x-requested-with': 'hotline', ...c.headers };
      if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json';
      const res = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers, body: c.body });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) fiveXx++;
      const context = {
        case: n,
        status: res.status,
        text: text.slice(0, 200),
        sent: String(c.body).slice(0, 200),
        h: c.headers,
        ct: c.contentType,
      };
      const ok = res.status >= 400 && res.status < 500 && /"error":\{"code":"[A-Z_]+","message":/.test(text);
      expect({ ...context, ok, cookie: res.headers.get('set-cookie') }).toEqual({
        ...context,
        ok: true,
        cookie: null,
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  reportFuzz('login', { inputs: cases.length, fiveXx, stored: (await sessions()) - before, share: SHARE });
  expect(statuses.get(400)).toBeGreaterThan(SHARE / 4);
  expect(statuses.get(401)).toBeGreaterThan(SHARE / 20);
  expect(statuses.get(413)).toBeGreaterThan(0);
}, 120_000);

test('the valid control signs in (the cases fail for their breakage, not the base)', async () => {
  const sessions = (await redis.keys(`${s.prefix}:sess:*`)).length;
  await s.login('agent2');
  expect((await redis.keys(`${s.prefix}:sess:*`)).length).toBe(sessions + 1);
});
