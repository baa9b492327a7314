import { PASSWORD_PROBLEM_MESSAGES } from '@hotline/shared';
import { DEMO_PASSWORD } from './support/db';
import { ApiClient, startTestServer, type TTestServer } from './support/harness';

// The server enforces the shared password policy wherever a password is set, with the reasons
// in `details`; users change their own password with the current one, and their other sessions end.
let s: TTestServer;
let admin: ApiClient;
let unitId: string;
beforeAll(async () => {
  s = await startTestServer('password_policy');
  admin = await s.login('admin');
  unitId = ((await admin.get('/units')).body.items as { id: string; code: string }[]).find(
    (u) => u.code === 'cgj',
  )!.id;
}, 60_000);
afterAll(() => s?.stop());

const newUser = (password: string, username = 'li.ming') => ({
  username,
  displayName: '李明',
  role: 'agent',
  unitId,
  password,
});

test('creating a user with a weak password is a 400 naming every broken rule', async () => {
  const weak = await admin.post('/users', newUser('abcdefgh1'));
  expect(weak.status).toBe(400);
  expect(weak.body.error.code).toBe('VALIDATION_FAILED');
  expect(weak.body.error.details.fields.password).toEqual([
    PASSWORD_PROBLEM_MESSAGES.too_short,
    PASSWORD_PROBLEM_MESSAGES.too_simple,
  ]);
  const common = await admin.post('/users', newUser('Password123!'));
  expect(common.body.error.details.fields.password).toEqual([PASSWORD_PROBLEM_MESSAGES.common]);
  const named = await admin.post('/users', newUser('Li.Ming-2026-ok'));
  expect(named.status).toBe(400);
  expect(named.body.error.details.fields.password).toEqual([PASSWORD_PROBLEM_MESSAGES.contains_username]);
  expect((await admin.post('/users', newUser('Quiet-river-42'))).status).toBe(201);
  expect(
    (await new ApiClient(s.url).post('/auth/login', { username: 'li.ming', password: 'Quiet-river-42' }))
      .status,
  ).toBe(200);
});

test('an admin reset is held to the same policy, the username included', async () => {
  const users = (await admin.get('/users')).body.items as { id: string; username: string }[];
  const agent2 = users.find((u) => u.username === 'agent2')!;
  const res = await admin.call('PATCH', `/users/${agent2.id}`, { password: 'My-agent2-pass' });
  expect(res.status).toBe(400);
  expect(res.body.error.details).toMatchObject({
    fields: { password: [PASSWORD_PROBLEM_MESSAGES.contains_username] },
    problems: ['contains_username'],
  });
  // Refused before anything changed: the old password still works.
  expect(
    (await new ApiClient(s.url).post('/auth/login', { username: 'agent2', password: DEMO_PASSWORD })).status,
  ).toBe(200);
});

test('a user changes their own password; their other sessions end, this one stays', async () => {
  const here = await s.login('supervisor1');
  const elsewhere = await s.login('supervisor1');

  const wrong = await here.post('/auth/password', {
    currentPassword: 'not-it',
    newPassword: 'Quiet-river-42',
  });
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.details.fields.currentPassword).toBeDefined();
  const weak = await here.post('/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short1A' });
  expect(weak.status).toBe(400);
  expect(weak.body.error.details.fields.newPassword).toContain(PASSWORD_PROBLEM_MESSAGES.too_short);
  const same = await here.post('/auth/password', {
    currentPassword: DEMO_PASSWORD,
    newPassword: DEMO_PASSWORD,
  });
  expect(same.status).toBe(400);
  expect((await elsewhere.get('/auth/me')).status).toBe(200); // nothing changed yet

  const ok = await here.post('/auth/password', {
    currentPassword: DEMO_PASSWORD,
    newPassword: 'Quiet-river-42',
  });
  expect(ok.status).toBe(200);
  expect(ok.body).toEqual({ otherSessionsEnded: 1 });
  expect((await here.get('/auth/me')).status).toBe(200);
  expect((await elsewhere.get('/auth/me')).status).toBe(401);
  const old = await new ApiClient(s.url).post('/auth/login', {
    username: 'supervisor1',
    password: DEMO_PASSWORD,
  });
  expect(old.status).toBe(401);
  expect((await new ApiClient(s.url).post('/auth/password', {})).status).toBe(401);
});

test('the demo password passes the policy (the README logins keep working)', async () => {
  const { checkPassword } = await import('@hotline/shared');
  expect(checkPassword(DEMO_PASSWORD, { username: 'admin' })).toEqual([]);
});
