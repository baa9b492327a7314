import fs from 'node:fs';
import { Writable } from 'node:stream';
import { parseConfig } from '../../server/src/infra/config';
import { createLogger } from '../../server/src/infra/logger';
import { startServer, type TRunningServer } from '../../server/src/server';
import { callScript, CTI_ENV, newCallId, postCti, ringing } from '../../server/test/channels/cti.fixtures';
import { o311PostForm, OPEN311_ENV, OPEN311_KEY } from '../../server/test/channels/open311.fixtures';
import { postPortal } from '../../server/test/channels/portal.fixtures';
import { nextMsgId, textXml, WECHAT_ENV, WechatPlatform } from '../../server/test/channels/wechat-client';
import { createTestDatabase, dropTestDatabase, TEST_REDIS_URL } from '../../server/test/support/db';
import { act, signInCast } from '../../server/test/support/drive';
import { ApiClient, deleteRedisPrefix, type TTestServer } from '../../server/test/support/harness';
import { parseWorkerConfig } from '../src/config';
import { startWorkers, type TRunningWorkers } from '../src/index';
import { waitUntil } from './support/worker-harness';

/**
 * A demo-like run through the server and the workers with both logging at `trace` into one
 * buffer, then a scan of every line: no citizen's phone number (with or without separators), no
 * ID number, nothing of the 12388 report, no ticket description.
 */
const PHONES = ['13812345678', '13987654321', '15011112222', '18633334444', '17755556666', '13600001111'];
const IDS = ['320402198506152032', '320411199203084512'];
const SECRET_12388 = '科长收受购物卡两万元';
const DESCRIPTION_MARK = '井盖缺失描述标记';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let server: TRunningServer;
let s: TTestServer;
let workers: TRunningWorkers;
const prefix = `test-logcap-${process.pid}`;

beforeAll(async () => {
  const dbUrl = await createTestDatabase('log_capture');
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: dbUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'trace',
    MIGRATE_ON_START: 'false',
    PORTAL_CAPTCHA: 'false',
    ...WECHAT_ENV,
    ...CTI_ENV,
    ...OPEN311_ENV,
  });
  server = await startServer(config, {
    logger: createLogger({ level: 'trace', name: 'server', destination: sink }),
  });
  s = {
    ...server,
    dbUrl,
    prefix,
    async login(username, password = 'Hotline@12345') {
      const client = new ApiClient(server.url);
      const res = await client.post('/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return client;
    },
    stop: async () => undefined,
  };
  workers = await startWorkers(
    parseWorkerConfig({
      NODE_ENV: 'test',
      DATABASE_URL: dbUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'trace',
      DB_POOL_SIZE: '4',
    }),
    { logger: createLogger({ level: 'trace', name: 'workers', destination: sink }) },
  );
}, 60_000);

afterAll(async () => {
  await workers?.close();
  await server?.close();
  await deleteRedisPrefix(prefix);
  if (s) await dropTestDatabase(s.dbUrl);
}, 60_000);

/** The number with any mix of nothing, spaces, dashes or dots between its digits, or as +86. */
function phonePattern(digits: string): RegExp {
  return new RegExp(`(\\+?86[\\s-]?)?${digits.split('').join('[\\s.-]?')}`);
}

test('a full demo-like run at trace level logs no phone number, ID number, 12388 content or description', async () => {
  const cast = await signInCast(s);
  const free = (i: number) =>
    `${DESCRIPTION_MARK}，联系电话 ${PHONES[i]!.replace(/(\d{3})(\d{4})(\d{4})/, '$1-$2-$3')}，身份证 ${IDS[i % 2]}`;

  // Calls from the CTI middleware with a caller number, screen pop and all.
  const callId = newCallId();
  const start = new Date(Date.now() - 60_000);
  const events = callScript(callId, start, [
    { atS: 0, ...ringing(PHONES[0]!) },
    { atS: 1, leg: `${callId}-c`, type: 'participant.joined', role: 'citizen', number: PHONES[0] },
    { atS: 5, type: 'call.answered', agent_id: 'agent1', agent_ext: '8001' },
    { atS: 60, type: 'call.ended', hangup_cause: 'NORMAL_CLEARING', duration_s: 60, billsec_s: 55 },
  ]);
  for (const e of events) expect((await postCti(s, JSON.stringify(e))).status).toBe(200);

  // The agent registers the call's ticket: contact fields and free text both carry the numbers.
  const created = await cast.agent.post('/tickets', {
    type: 'complaint',
    title: '道路井盖缺失',
    description: free(0),
    citizen: { phone: PHONES[0], name: '王先生', idNumber: IDS[0] },
    callId,
  });
  expect(created.status).toBe(201);
  const ticketId: string = created.body.ticket.id;

  // Portal, WeChat and Open311 submissions.
  const portal = await postPortal(s, {
    line: '12345',
    type: 'complaint',
    description: free(1),
    address: '天宁区青龙街道龙锦路 8 号',
    phone: PHONES[1],
    name: '李女士',
  });
  expect(portal.status).toBe(201);
  const wx = new WechatPlatform(s, () => new Date());
  const pushed = await wx.postPlain(textXml({ from: 'o-logcap-1', msgId: nextMsgId(), content: free(2) }));
  expect(pushed.status).toBe(200);
  const o311 = await o311PostForm(s, 'json', {
    api_key: OPEN311_KEY,
    service_code: '0107',
    lat: '31.7790',
    long: '119.9740',
    description: free(3),
    phone: PHONES[3]!,
    first_name: '明',
    last_name: '李',
  });
  expect(o311.status).toBe(200);

  // A 12388 confidential report.
  const report = await cast.agent.post('/tickets', {
    line: '12388',
    type: 'report',
    title: '举报',
    description: `${SECRET_12388}，举报人电话 ${PHONES[4]}`,
    citizen: { phone: PHONES[4], name: '匿名群众甲', idNumber: IDS[1] },
  });
  expect(report.status).toBe(201);

  // Its life: dispatch, sign, reply (signed off where the unit requires it), approve, callback, close.
  for (const action of ['dispatch', 'sign', 'reply'] as const)
    expect((await act(cast, ticketId, action)).status).toBe(200);
  const t = await cast.agent.get(`/tickets/${ticketId}`);
  if (t.body.ticket?.status === 'in_progress')
    expect((await cast.manager.post(`/tickets/${ticketId}/signoff-reply`, {})).status).toBe(200);
  for (const action of ['approve-reply', 'callback', 'close'] as const)
    expect((await act(cast, ticketId, action)).status).toBe(200);

  // Errors: bad input with the numbers in it, 404s, a bad signature, bad XML, a wrong password.
  expect(
    (await cast.agent.post('/tickets', { description: free(5), citizen: { phone: `x${PHONES[5]}` } })).status,
  ).toBe(400);
  expect((await cast.agent.get(`/tickets/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  expect((await cast.agent.get(`/no-such-route/${PHONES[5]}`)).status).toBe(404);
  expect(
    (await postCti(s, JSON.stringify({ ...events[0], event_id: 'x' }), { signature: 'sha256=00' })).status,
  ).toBe(401);
  expect((await wx.postPlain(`<xml><Content>${free(5)}</Content>`)).status).toBe(400);
  expect((await postPortal(s, { line: '12345', description: free(5), phone: PHONES[5] })).status).toBe(400);
  expect(
    (await new ApiClient(s.url).post('/auth/login', { username: PHONES[5], password: IDS[0] })).status,
  ).toBe(401);

  // Let the workers take in the channel messages and run the outbox.
  await waitUntil(
    async () =>
      Number(
        (await s.ctx.pool.query(`select count(*) as n from inbound_messages where processed_at is null`))
          .rows[0].n,
      ) === 0,
    'the workers to process the inbound messages',
    20_000,
  );

  // The capture is real: both processes, debug and trace lines.
  expect(lines.length).toBeGreaterThan(20);
  const parsed = lines.map((l) => JSON.parse(l) as { name: string; level: number });
  expect(new Set(parsed.map((p) => p.name))).toEqual(new Set(['server', 'workers']));
  expect(parsed.some((p) => p.level <= 20)).toBe(true);

  // LOG_CAPTURE_DUMP=/tmp/x.log keeps the captured lines for a look.
  if (process.env.LOG_CAPTURE_DUMP) fs.writeFileSync(process.env.LOG_CAPTURE_DUMP, lines.join('\n'));
  const leaks: string[] = [];
  for (const line of lines) {
    for (const phone of PHONES) if (phonePattern(phone).test(line)) leaks.push(`phone ${phone}: ${line}`);
    for (const id of IDS)
      if (line.includes(id) || line.includes(id.slice(0, 17))) leaks.push(`id ${id}: ${line}`);
    if (line.includes(SECRET_12388) || line.includes('购物卡')) leaks.push(`12388: ${line}`);
    if (line.includes(DESCRIPTION_MARK)) leaks.push(`description: ${line}`);
  }
  expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
}, 120_000);
