import { startTestServer, type ApiClient, type TTestServer } from '../../server/test/support/harness';
import { routingJobId } from '../src/jobs/routing.job';
import { slaClockJobId } from '../src/jobs/sla-clock.job';
import type { TRunningWorkers } from '../src/index';
import {
  connectSocket,
  createUnitUser,
  idOf,
  pendingOutbox,
  sleep,
  startTestWorkers,
  waitUntil,
  type TTestSocket,
} from './support/worker-harness';

let s: TTestServer;
let w: TRunningWorkers;
let agent: ApiClient;
let dispatcher: ApiClient;
const sockets: TTestSocket[] = [];

beforeAll(async () => {
  s = await startTestServer('wk_relay');
  w = await startTestWorkers(s);
  agent = await s.login('agent1');
  dispatcher = await s.login('dispatcher1');
});
afterAll(async () => {
  for (const sock of sockets) sock.close();
  await w?.close();
  await s?.stop();
});

async function socketOf(client: ApiClient): Promise<TTestSocket> {
  const sock = await connectSocket(s, client.cookie);
  sockets.push(sock);
  return sock;
}

const newTicket = (overrides: Record<string, unknown> = {}) =>
  agent.post('/tickets', {
    type: 'complaint',
    title: '夜间施工噪音扰民',
    description: '工地凌晨仍在施工',
    citizen: { phone: '13812341234', name: '李女士' },
    ...overrides,
  });

test('a ticket an agent creates reaches another hotline user over socket.io within a second', async () => {
  const watcher = await socketOf(dispatcher);
  const started = Date.now();
  const res = await newTicket();
  expect(res.status).toBe(201);
  const ticket = res.body.ticket as { id: string; no: string };

  const msg = await watcher.waitFor((m) => m.type === 'ticket.created' && m.ticketId === ticket.id, 1000);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(msg).toMatchObject({ ticketNo: ticket.no, status: 'registered', version: 0 });
  // Ids and state only: the citizen's phone and name never travel on the realtime channel.
  expect(JSON.stringify(msg)).not.toMatch(/13812341234|李女士/);
  await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'the outbox to drain');
});

test('a dispatched ticket reaches the unit it was sent to and no other unit', async () => {
  await createUnitUser(s, { username: 'zjj_handler', unitCode: 'zjj', role: 'unit_handler' });
  const cgjSocket = await socketOf(await s.login('cgj_handler'));
  const zjjSocket = await socketOf(await s.login('zjj_handler'));
  const cgjUnitId = await idOf(s, 'units', 'cgj');

  const { body } = await newTicket();
  const ticketId = body.ticket.id as string;
  const dispatched = await dispatcher.post(`/tickets/${ticketId}/dispatch`, { unitId: cgjUnitId });
  expect(dispatched.status).toBe(200);

  const msg = await cgjSocket.waitFor((m) => m.type === 'ticket.dispatched' && m.ticketId === ticketId, 2000);
  expect(msg.unitIds).toContain(cgjUnitId);
  await sleep(300);
  expect(zjjSocket.events).toEqual([]);
  // The unit never saw the ticket before it was sent there.
  expect(cgjSocket.events.filter((m) => m.ticketId === ticketId).map((m) => m.type)).toEqual([
    'ticket.dispatched',
  ]);
});

test('dispatching arms a warning and a breach timer for each new deadline', async () => {
  const { body } = await newTicket();
  const ticketId = body.ticket.id as string;
  await dispatcher.post(`/tickets/${ticketId}/dispatch`, { unitId: await idOf(s, 'units', 'cgj') });
  await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'the outbox to drain');

  const { rows } = await s.ctx.pool.query<{ id: string; warn_at: Date; due_at: Date }>(
    `select id, warn_at, due_at from ticket_deadlines where ticket_id = $1 and status = 'active'`,
    [ticketId],
  );
  expect(rows.map((r) => r.id).length).toBeGreaterThanOrEqual(2);
  const clock = w.queues['sla-clock'];
  for (const d of rows) {
    const warn = await clock.getJob(slaClockJobId('warn', d.id, d.warn_at.getTime()));
    const breach = await clock.getJob(slaClockJobId('breach', d.id, d.due_at.getTime()));
    expect(await warn?.getState()).toBe('delayed');
    expect(await breach?.getState()).toBe('delayed');
    expect(breach!.timestamp + breach!.delay).toBeGreaterThanOrEqual(d.due_at.getTime() + 1000 - 5);
  }
});

test('a row the relay sends twice changes nothing the second time', async () => {
  const { body } = await newTicket();
  // Quiet first: the routing job writes an event (and an outbox row) of its own after the first drain.
  await waitUntil(
    async () => (await w.queues.routing.getJob(routingJobId(body.ticket.id)))?.finishedOn !== undefined,
    'the routing job to finish',
  );
  await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'the outbox to drain');
  const before = await w.queues.routing.getJobCounts();
  // Simulate a crash after publishing but before the commit: the row is pending again.
  await s.ctx.pool.query(
    `update outbox set dispatched_at = null where aggregate_id = $1 and topic = 'ticket.created'`,
    [body.ticket.id],
  );
  expect(await w.relayOnce()).toBe(1);
  const after = await w.queues.routing.getJobCounts();
  expect(Object.values(after).reduce((a, b) => a + b, 0)).toBe(
    Object.values(before).reduce((a, b) => a + b, 0),
  );
});

test('a row that cannot be sent stays pending with its error recorded, and the rest still go', async () => {
  await s.ctx.pool.query(
    `insert into outbox (topic, payload) values ('ticket.created', '{"message":{}}'::jsonb)`,
  );
  const { body } = await newTicket();
  await waitUntil(
    async () => (await pendingOutbox(s)).every((r) => r.attempts > 0) && (await pendingOutbox(s)),
    'the good row to be sent',
  );
  const pending = await pendingOutbox(s);
  expect(pending).toHaveLength(1);
  const { rows } = await s.ctx.pool.query(`select last_error from outbox where id = $1`, [pending[0]!.id]);
  expect(rows[0].last_error).toMatch(/invalid outbox payload/);
  const created = await s.ctx.pool.query(`select dispatched_at from outbox where aggregate_id = $1`, [
    body.ticket.id,
  ]);
  expect(created.rows.every((r) => r.dispatched_at !== null)).toBe(true);
  await s.ctx.pool.query(`delete from outbox where id = $1`, [pending[0]!.id]);
});

test('two workers relaying the same outbox send each row once', async () => {
  const other = await startTestWorkers(s);
  try {
    const watcher = await socketOf(dispatcher);
    const created = await Promise.all(Array.from({ length: 20 }, () => newTicket()));
    const ids = new Set(created.map((r) => r.body.ticket.id as string));
    await waitUntil(
      () =>
        watcher.events.filter((m) => m.type === 'ticket.created' && ids.has(m.ticketId)).length >= ids.size,
      'every ticket.created to arrive',
    );
    await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'the outbox to drain');
    await sleep(300);
    const createdEvents = watcher.events.filter((m) => m.type === 'ticket.created' && ids.has(m.ticketId));
    expect(createdEvents).toHaveLength(20);
    expect(new Set(createdEvents.map((m) => m.eventId)).size).toBe(20);
  } finally {
    await other.close();
  }
});
