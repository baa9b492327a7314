import { io as connect, type Socket } from 'socket.io-client';
import { ApiClient, startTestServer, type TTestServer } from './support/harness';
import { DEMO_PASSWORD } from './support/db';

// Admins list a user's live sessions and end one or all of them: the next request answers 401
// and the user's open sockets are disconnected at once. Sessions also end when idle and, used or
// not, at their absolute lifetime.

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

let s: TTestServer;
let admin: ApiClient;
const userIds: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer('sessions');
  admin = await s.login('admin');
  for (const u of (await admin.get('/users')).body.items as { id: string; username: string }[])
    userIds[u.username] = u.id;
}, 60_000);
afterAll(() => s?.stop());

async function signIn(server: TTestServer, username: string, userAgent = CHROME) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'hotline', 'user-agent': userAgent },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const client = new ApiClient(server.url);
  client.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { client, setCookie: res.headers.get('set-cookie')! };
}

/** A connected socket and a promise of its disconnect reason. */
async function openSocket(client: ApiClient) {
  const socket: Socket = connect(s.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: client.cookie },
  });
  const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', resolve);
    socket.on('connect_error', reject);
  });
  return { socket, disconnected };
}

const within = <T>(p: Promise<T>, ms = 3000) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)),
  ]);

type TSessionRow = { handle: string; ip: string | null; userAgent: string | null; current: boolean };

test('an admin sees a user’s sessions by handle, never by cookie, with address and browser', async () => {
  const a = await signIn(s, 'agent2', CHROME);
  const b = await signIn(s, 'agent2', FIREFOX);
  const res = await admin.get(`/users/${userIds.agent2}/sessions`);
  expect(res.status).toBe(200);
  const items = res.body.items as TSessionRow[];
  expect(items).toHaveLength(2);
  expect(items.map((i) => i.userAgent).sort()).toEqual(['Chrome 130 · Windows', 'Firefox 128 · Linux']);
  for (const item of items) {
    expect(item).toMatchObject({ handle: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), current: false });
    expect(item.ip).toEqual(expect.any(String));
  }
  const text = JSON.stringify(res.body);
  for (const c of [a.client.cookie, b.client.cookie]) expect(text).not.toContain(c.split('=')[1]!);
  // The admin's own session is marked as theirs.
  const own = (await admin.get(`/users/${userIds.admin}/sessions`)).body.items as TSessionRow[];
  expect(own.filter((i) => i.current)).toHaveLength(1);
  expect((await admin.get('/users/00000000-0000-4000-8000-000000000000/sessions')).status).toBe(404);
});

test('revoking one session: its next request is 401 and its socket is disconnected; the other lives on', async () => {
  const a = await signIn(s, 'dispatcher1', CHROME);
  const b = await signIn(s, 'dispatcher1', FIREFOX);
  const sa = await openSocket(a.client);
  const sb = await openSocket(b.client);
  try {
    const items = (await admin.get(`/users/${userIds.dispatcher1}/sessions`)).body.items as TSessionRow[];
    const chrome = items.find((i) => i.userAgent?.startsWith('Chrome'))!;
    expect((await admin.delete(`/sessions/${chrome.handle}`)).status).toBe(204);
    expect(await within(sa.disconnected)).toBe('io server disconnect');
    expect((await a.client.get('/auth/me')).status).toBe(401);
    expect((await b.client.get('/auth/me')).status).toBe(200);
    expect(sb.socket.connected).toBe(true);
    // Gone is gone: a second revocation finds nothing, a reconnect is refused.
    expect((await admin.delete(`/sessions/${chrome.handle}`)).status).toBe(404);
    const again = connect(s.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: a.client.cookie },
    });
    const err = await within(new Promise<Error>((resolve) => again.on('connect_error', resolve)));
    expect(err.message).toBe('UNAUTHENTICATED');
    again.disconnect();
  } finally {
    sa.socket.disconnect();
    sb.socket.disconnect();
  }
});

test('revoking all sessions signs the user out everywhere at once', async () => {
  const a = await signIn(s, 'supervisor1', CHROME);
  const b = await signIn(s, 'supervisor1', FIREFOX);
  const [sa, sb] = await Promise.all([openSocket(a.client), openSocket(b.client)]);
  const res = await admin.delete(`/users/${userIds.supervisor1}/sessions`);
  expect(res.status).toBe(200);
  expect(res.body.revoked).toBe(2);
  expect(await within(Promise.all([sa.disconnected, sb.disconnected]))).toEqual([
    'io server disconnect',
    'io server disconnect',
  ]);
  expect((await a.client.get('/auth/me')).status).toBe(401);
  expect((await b.client.get('/auth/me')).status).toBe(401);
  expect((await admin.get(`/users/${userIds.supervisor1}/sessions`)).body.items).toEqual([]);
});

test('only admins list or end sessions', async () => {
  const { client: agent } = await signIn(s, 'agent1');
  const { client: manager } = await signIn(s, 'cgj_manager');
  const own = (await admin.get(`/users/${userIds.agent1}/sessions`)).body.items as TSessionRow[];
  for (const c of [agent, manager]) {
    expect((await c.get(`/users/${userIds.agent1}/sessions`)).status).toBe(403);
    expect((await c.delete(`/users/${userIds.agent1}/sessions`)).status).toBe(403);
    expect((await c.delete(`/sessions/${own[0]!.handle}`)).status).toBe(403);
  }
  expect((await new ApiClient(s.url).get(`/users/${userIds.agent1}/sessions`)).status).toBe(401);
  expect((await agent.get('/auth/me')).status).toBe(200);
});

test('disabling an account or changing its role signs it out and disconnects its sockets', async () => {
  const h = await signIn(s, 'cgj_handler');
  const sh = await openSocket(h.client);
  expect((await admin.call('PATCH', `/users/${userIds.cgj_handler}`, { role: 'unit_manager' })).status).toBe(
    200,
  );
  expect(await within(sh.disconnected)).toBe('io server disconnect');
  expect((await h.client.get('/auth/me')).status).toBe(401);

  const again = await signIn(s, 'cgj_handler');
  expect((await again.client.get('/auth/me')).body.user.role).toBe('unit_manager');
  const sa = await openSocket(again.client);
  expect((await admin.call('PATCH', `/users/${userIds.cgj_handler}`, { active: false })).status).toBe(200);
  expect(await within(sa.disconnected)).toBe('io server disconnect');
  expect((await again.client.get('/auth/me')).status).toBe(401);
  const refused = await new ApiClient(s.url).post('/auth/login', {
    username: 'cgj_handler',
    password: DEMO_PASSWORD,
  });
  expect(refused.status).toBe(401);
  await admin.call('PATCH', `/users/${userIds.cgj_handler}`, { active: true, role: 'unit_handler' });
});

test('an admin resetting a password signs the user out', async () => {
  const t = await signIn(s, 'tn_dispatcher');
  const reset = await admin.call('PATCH', `/users/${userIds.tn_dispatcher}`, {
    password: 'Reset-Pass-2026!',
  });
  expect(reset.status).toBe(200);
  expect((await t.client.get('/auth/me')).status).toBe(401);
  const fresh = await new ApiClient(s.url).post('/auth/login', {
    username: 'tn_dispatcher',
    password: 'Reset-Pass-2026!',
  });
  expect(fresh.status).toBe(200);
});

test('the session cookie is HttpOnly, SameSite=Lax, for the whole site, and not Secure over plain HTTP in tests', async () => {
  const { setCookie } = await signIn(s, 'agent1');
  expect(setCookie).toMatch(/^hotline_sid=[A-Za-z0-9_-]{43};/);
  expect(setCookie).toMatch(/; HttpOnly/i);
  expect(setCookie).toMatch(/; SameSite=Lax/i);
  expect(setCookie).toMatch(/; Path=\//);
  expect(setCookie).not.toMatch(/; Secure/i);
});

describe('with short lifetimes (idle 1.2 s, absolute 3.6 s, COOKIE_SECURE)', () => {
  let short: TTestServer;
  beforeAll(async () => {
    short = await startTestServer('sessions_short', {
      env: { SESSION_IDLE_MINUTES: '0.02', SESSION_MAX_HOURS: '0.001', COOKIE_SECURE: 'true' },
    });
  }, 60_000);
  afterAll(() => short?.stop());
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('the cookie is Secure when COOKIE_SECURE is on', async () => {
    expect((await signIn(short, 'agent1')).setCookie).toMatch(/; Secure/i);
  });

  test('a session unused for longer than the idle time is gone', async () => {
    const { client } = await signIn(short, 'agent1');
    await sleep(700);
    expect((await client.get('/auth/me')).status).toBe(200); // use renews it
    await sleep(700);
    expect((await client.get('/auth/me')).status).toBe(200);
    await sleep(1600);
    expect((await client.get('/auth/me')).status).toBe(401);
  });

  test('a session in constant use still ends at its absolute lifetime', async () => {
    const { client } = await signIn(short, 'agent2');
    const started = Date.now();
    const statuses: Array<[number, number]> = [];
    while (Date.now() - started < 4600) {
      statuses.push([Date.now() - started, (await client.get('/auth/me')).status]);
      await sleep(400);
    }
    const ok = statuses.filter(([, st]) => st === 200).map(([t]) => t);
    const gone = statuses.filter(([, st]) => st === 401).map(([t]) => t);
    expect(Math.max(...ok)).toBeLessThan(3600);
    expect(Math.min(...gone)).toBeGreaterThanOrEqual(3500);
    expect(Math.max(...ok)).toBeGreaterThan(2800); // it was alive, through use, well past the idle time
  });
});
