import { readFileSync } from 'node:fs';
import { startTestServer, type ApiClient, type TTestServer } from '../../server/test/support/harness';
import {
  connectSocket,
  eventsOf,
  idOf,
  pendingOutbox,
  sleep,
  spawnWorker,
  waitUntil,
  type TTestSocket,
  type TWorkerProcess,
} from './support/worker-harness';

jest.setTimeout(60_000);

let s: TTestServer;
let agent: ApiClient;
let dispatcher: ApiClient;
let watcher: TTestSocket;
const children: TWorkerProcess[] = [];

beforeAll(async () => {
  s = await startTestServer('wk_crash');
  agent = await s.login('agent1');
  dispatcher = await s.login('dispatcher1');
  watcher = await connectSocket(s, dispatcher.cookie);
});
afterAll(async () => {
  watcher?.close();
  for (const c of children)
    if (c.child.exitCode === null && c.child.signalCode === null) await c.kill9().catch(() => undefined);
  await s?.stop();
});

function worker(env: Record<string, string> = {}): TWorkerProcess {
  const w = spawnWorker(s, env);
  children.push(w);
  return w;
}

/** Running, as opposed to gone or a zombie waiting to be reaped. */
const isRunning = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

test('rows committed while the worker was killed with kill -9 are delivered by the next worker', async () => {
  const first = worker();
  const firstPid = await first.ready;
  await first.kill9();
  await waitUntil(() => !isRunning(firstPid), 'the killed worker to be gone', 2000);

  // Nobody relays now: a phone ticket dispatched by hand, and a web ticket the router should dispatch.
  const cgjUnitId = await idOf(s, 'units', 'cgj');
  const phone = (
    await agent.post('/tickets', {
      type: 'complaint',
      title: '路灯不亮',
      description: '小区门口路灯坏了一周',
    })
  ).body.ticket;
  expect((await dispatcher.post(`/tickets/${phone.id}/dispatch`, { unitId: cgjUnitId })).status).toBe(200);
  const leafId = await idOf(s, 'categories', '0101'); // 违章建筑 → 市城管局
  const web = (
    await agent.post('/tickets', {
      type: 'report',
      channel: 'web',
      categoryId: leafId,
      title: '楼顶违章搭建',
      description: '顶楼住户搭建阳光房',
    })
  ).body.ticket;

  const pending = await pendingOutbox(s);
  expect(pending.map((r) => r.topic)).toEqual(['ticket.created', 'ticket.dispatched', 'ticket.created']);
  await sleep(700); // longer than a poll period: still nobody
  expect(await pendingOutbox(s)).toHaveLength(3);
  expect(watcher.events).toEqual([]);

  const second = worker();
  await second.ready;
  await watcher.waitFor((m) => m.type === 'ticket.created' && m.ticketId === phone.id);
  await watcher.waitFor((m) => m.type === 'ticket.dispatched' && m.ticketId === phone.id);
  await watcher.waitFor((m) => m.type === 'ticket.created' && m.ticketId === web.id);
  // The routing job the relay enqueued for the web ticket dispatched it to the category's unit.
  const auto = await watcher.waitFor((m) => m.type === 'ticket.dispatched' && m.ticketId === web.id, 10_000);
  expect(auto.actorName).toBe('智能派单');
  expect(auto.unitIds).toContain(cgjUnitId);
  const { rows } = await s.ctx.pool.query(`select status, lead_unit_id from tickets where id = $1`, [web.id]);
  expect(rows[0]).toEqual({ status: 'dispatched', lead_unit_id: cgjUnitId });
  await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'every outbox row to be sent');
  const sent = await s.ctx.pool.query(`select count(*)::int as n from outbox where dispatched_at is null`);
  expect(sent.rows[0].n).toBe(0);
  // The phone ticket was dispatched by hand before routing ran: the router left it alone.
  expect(await eventsOf(s, phone.id, 'ticket.dispatched')).toHaveLength(1);
  expect(await eventsOf(s, phone.id, 'ticket.routing_suggested')).toHaveLength(0);

  // SIGTERM: the worker finishes what it has, closes its connections and exits 0.
  expect(await second.terminate()).toBe(0);
});

test('rows claimed by a worker that died between claim and publish are delivered by the next worker', async () => {
  const crashing = worker({ HOTLINE_TEST_CRASH_AFTER_CLAIM: '1' });
  await crashing.ready;
  const seen = watcher.events.length;
  const ticket = (
    await agent.post('/tickets', {
      type: 'consultation',
      title: '公积金提取',
      description: '咨询公积金提取流程',
    })
  ).body.ticket;

  const exit = await crashing.exited;
  expect(exit.code).toBe(137);
  expect(crashing.output()).toContain('exiting between claim and publish');
  // Its transaction died with its connection: the rows are pending again, untouched, and nothing was published.
  const pending = await pendingOutbox(s);
  expect(pending).toEqual([expect.objectContaining({ topic: 'ticket.created', attempts: 0 })]);
  expect(watcher.events.length).toBe(seen);

  const next = worker();
  await next.ready;
  await watcher.waitFor((m) => m.type === 'ticket.created' && m.ticketId === ticket.id);
  await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'the claimed row to be sent');
  expect(await next.terminate()).toBe(0);
});
