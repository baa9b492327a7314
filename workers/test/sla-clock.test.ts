import {
  deleteRedisPrefix,
  startTestServer,
  type ApiClient,
  type TTestServer,
} from '../../server/test/support/harness';
import { bullPrefix } from '../src/jobs/queue-names';
import { slaClockJob } from '../src/jobs/sla-clock.job';
import type { TRunningWorkers } from '../src/index';
import {
  connectSocket,
  eventsOf,
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
let unitSocket: TTestSocket;
let cgjUnitId: string;

beforeAll(async () => {
  s = await startTestServer('wk_sla');
  w = await startTestWorkers(s);
  agent = await s.login('agent1');
  dispatcher = await s.login('dispatcher1');
  unitSocket = await connectSocket(s, (await s.login('cgj_handler')).cookie);
  cgjUnitId = await idOf(s, 'units', 'cgj');
});
afterAll(async () => {
  unitSocket?.close();
  await w?.close();
  await s?.stop();
});

/** A ticket dispatched to 市城管局, its outbox sent; returns the ticket and its sign-for deadline. */
async function dispatchedTicket(): Promise<{ ticketId: string; deadlineId: string }> {
  const { body } = await agent.post('/tickets', {
    type: 'complaint',
    title: '占道经营',
    description: '早市摊贩占用人行道',
  });
  await dispatcher.post(`/tickets/${body.ticket.id}/dispatch`, { unitId: cgjUnitId });
  await waitUntil(async () => (await pendingOutbox(s)).length === 0, 'the outbox to drain');
  const { rows } = await s.ctx.pool.query<{ id: string }>(
    `select id from ticket_deadlines where ticket_id = $1 and kind = 'sign' and status = 'active'`,
    [body.ticket.id],
  );
  return { ticketId: body.ticket.id, deadlineId: rows[0]!.id };
}

/** Drops every BullMQ key of this deployment: all delayed SLA timers are lost, as after a Redis flush. */
const flushQueues = () => deleteRedisPrefix(bullPrefix(s.prefix));

test('an overdue deadline is recorded breached exactly once, however many sweeps and timers fire', async () => {
  const { ticketId, deadlineId } = await dispatchedTicket();
  await s.ctx.pool.query(
    `update ticket_deadlines set due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes' where id = $1`,
    [deadlineId],
  );
  await flushQueues();
  expect(await w.queues['sla-clock'].getJobCounts('delayed')).toEqual({ delayed: 0 });

  // Two sweeps and a timer, all at once, then another sweep.
  const { rows } = await s.ctx.pool.query<{ due_at: Date }>(
    `select due_at from ticket_deadlines where id = $1`,
    [deadlineId],
  );
  const timer = slaClockJob('breach', deadlineId, rows[0]!.due_at, Date.now());
  const [first, second, job] = await Promise.all([
    w.runSweepOnce(),
    w.runSweepOnce(),
    w.queues['sla-clock'].add(timer.name, timer.data, timer.opts),
  ]);
  await waitUntil(async () => (await job.getState()) === 'completed', 'the breach timer to run');
  const third = await w.runSweepOnce();

  const timerResult = (await w.queues['sla-clock'].getJob(job.id!))!.returnvalue as { recorded: boolean };
  expect(first.breaches + second.breaches + Number(timerResult.recorded)).toBe(1);
  expect(third).toEqual({ warnings: 0, breaches: 0 });
  const breached = await eventsOf(s, ticketId, 'ticket.deadline_breached');
  expect(breached).toHaveLength(1);
  expect(breached[0]!.actor_name).toBe('时限监控');
  expect(breached[0]!.payload).toMatchObject({ deadlineId, kind: 'sign', unitId: cgjUnitId });
  // Past due, the "due soon" warning is not news any more.
  expect(await eventsOf(s, ticketId, 'ticket.deadline_warning')).toHaveLength(0);

  const deadline = await s.ctx.pool.query(
    `select breached_at, warned_at from ticket_deadlines where id = $1`,
    [deadlineId],
  );
  expect(deadline.rows[0].breached_at).toBeInstanceOf(Date);
  const ticket = await s.ctx.pool.query(`select overdue, due_kind from tickets where id = $1`, [ticketId]);
  expect(ticket.rows[0]).toEqual({ overdue: true, due_kind: 'sign' });

  const msg = await unitSocket.waitFor(
    (m) => m.type === 'ticket.deadline_breached' && m.ticketId === ticketId,
  );
  expect(msg.unitIds).toContain(cgjUnitId);
  await sleep(300);
  expect(
    unitSocket.events.filter((m) => m.type === 'ticket.deadline_breached' && m.ticketId === ticketId),
  ).toHaveLength(1);
});

test('a deadline inside its warning window is warned once and not marked overdue', async () => {
  const { ticketId, deadlineId } = await dispatchedTicket();
  await s.ctx.pool.query(
    `update ticket_deadlines set due_at = now() + interval '30 minutes', warn_at = now() - interval '1 minute' where id = $1`,
    [deadlineId],
  );
  await flushQueues();
  expect(await w.runSweepOnce()).toEqual({ warnings: 1, breaches: 0 });
  expect(await w.runSweepOnce()).toEqual({ warnings: 0, breaches: 0 });

  expect(await eventsOf(s, ticketId, 'ticket.deadline_warning')).toHaveLength(1);
  const ticket = await s.ctx.pool.query(`select overdue from tickets where id = $1`, [ticketId]);
  expect(ticket.rows[0].overdue).toBe(false);
  await unitSocket.waitFor((m) => m.type === 'ticket.deadline_warning' && m.ticketId === ticketId);
});

test('a breach timer fires on its own and records the breach without any sweep', async () => {
  const { ticketId, deadlineId } = await dispatchedTicket();
  // Signing would stop the clock; instead the deadline is moved to 1.5 s from now through a
  // ticket change, so the relay arms a fresh timer for the new instant.
  await s.ctx.pool.query(
    `update ticket_deadlines set due_at = now() + interval '1.5 seconds', warn_at = null where id = $1`,
    [deadlineId],
  );
  const supervisor = await s.login('supervisor1');
  expect(
    (await supervisor.post(`/tickets/${ticketId}/supervise`, { level: 'yellow', note: '请尽快签收' })).status,
  ).toBe(200);

  await unitSocket.waitFor((m) => m.type === 'ticket.deadline_breached' && m.ticketId === ticketId, 8000);
  expect(await eventsOf(s, ticketId, 'ticket.deadline_breached')).toHaveLength(1);
});

test('a timer for a deadline that was met finds nothing to do', async () => {
  const { ticketId, deadlineId } = await dispatchedTicket();
  expect((await (await s.login('cgj_handler')).post(`/tickets/${ticketId}/sign`, {})).status).toBe(200);
  await s.ctx.pool.query(`update ticket_deadlines set due_at = now() - interval '1 minute' where id = $1`, [
    deadlineId,
  ]);
  const timer = slaClockJob('breach', deadlineId, new Date(Date.now() - 60_000), Date.now());
  const job = await w.queues['sla-clock'].add(timer.name, timer.data, timer.opts);
  await waitUntil(async () => (await job.getState()) === 'completed', 'the timer to run');
  expect((await w.queues['sla-clock'].getJob(job.id!))?.returnvalue).toEqual({ recorded: false });
  expect(await eventsOf(s, ticketId, 'ticket.deadline_breached')).toHaveLength(0);
});
