import { createLogger } from '@hotline/server/src/infra/logger';
import { applyKpiRollup, rebuildKpis, snapshotKpis } from '@hotline/server/src/modules/kpi/kpi-rollup';
import { toShanghaiDate } from '@hotline/shared';
import { io, type Socket } from 'socket.io-client';
import { signInCast, ticketInStatus, type TCast } from '../../server/test/support/drive';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { startWorkers, type TRunningWorkers } from '../src';
import { QUEUE_NAMES } from '../src/jobs/queue-names';
import { waitUntil, workerConfigFor } from './support/worker-harness';

// The roll-up worker on real use cases: two worker sets run it at once (every 200 ms, so their
// runs overlap), tickets move through the API, and the roll-up must catch up within seconds
// and equal a rebuild from the event log, every event counted once.
let s: TTestServer;
let c: TCast;
let workers: TRunningWorkers[] = [];
let socket: Socket;
const updates: { days: string[]; rebuilt?: boolean }[] = [];

const start = () =>
  startWorkers(
    { ...workerConfigFor(s), KPI_ROLLUP_EVERY_MS: 200 },
    { logger: createLogger({ level: 'silent' }) },
  );

beforeAll(async () => {
  s = await startTestServer('wk_kpi_rollup');
  c = await signInCast(s);
  workers = await Promise.all([start(), start()]);
  socket = io(s.url, {
    transports: ['websocket'],
    extraHeaders: { cookie: c.supervisor.cookie },
    reconnection: false,
    forceNew: true,
  });
  socket.on('kpi.updated', (m: { days: string[]; rebuilt?: boolean }) => updates.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}, 60_000);
afterAll(async () => {
  socket?.close();
  await Promise.all(workers.map((w) => w.close()));
  await s?.stop();
});

/** The cursor has passed every event written so far. */
async function caughtUp(): Promise<boolean> {
  const res = await s.ctx.pool.query<{ ok: boolean }>(
    `select coalesce((select horizon from rollup_cursors where name = 'kpi')
       > (select max(xid) from ticket_events), false) as ok`,
  );
  return res.rows[0]!.ok;
}

async function cgjReceived(): Promise<number> {
  const res = await s.ctx.pool.query<{ n: string }>(
    `select coalesce(sum(received), 0) as n from kpi_unit_daily where unit_id = $1`,
    [c.cgjUnitId],
  );
  return Number(res.rows[0]!.n);
}

test('the roll-up is scheduled every KPI_ROLLUP_EVERY_MS', async () => {
  const schedulers = await workers[0]!.queues[QUEUE_NAMES.kpiRollup].getJobSchedulers();
  expect(schedulers.map((j) => [j.key, j.every])).toEqual([['kpi-rollup-every', 200]]);
});

test('tickets driven through the API are counted within seconds, once, and equal the rebuild', async () => {
  const statuses = ['closed', 'replied', 'returned', 'in_progress', 'closed', 'dispatched'] as const;
  // Direct runs on top of the two workers' runs: three writers of the roll-up at once.
  const startedAt = Date.now();
  let driving = true;
  const extra = (async () => {
    while (driving) await applyKpiRollup(s.ctx.db);
  })();
  await Promise.all(statuses.map((st) => ticketInStatus(c, st)));
  driving = false;
  await extra;
  const doneAt = Date.now();

  await waitUntil(
    async () => (await caughtUp()) && (await cgjReceived()) === 6,
    'the roll-up to catch up',
    30_000,
  );
  const lag = Date.now() - doneAt;
  expect(lag).toBeLessThan(15_000);

  const incremental = await snapshotKpis(s.ctx.db);
  const channelTickets = (incremental.channel as { tickets: number }[]).reduce((n, r) => n + r.tickets, 0);
  expect(channelTickets).toBe(6);
  const rebuilt = await rebuildKpis(s.ctx.db);
  expect(rebuilt.events).toBeGreaterThan(0);
  expect(await snapshotKpis(s.ctx.db)).toEqual(incremental);

  // The supervisors hear which day changed. The direct runs above may have taken every event
  // of the burst, so one more ticket, with only the workers rolling up, must be announced.
  await ticketInStatus(c, 'dispatched');
  const days = [toShanghaiDate(new Date(startedAt)), toShanghaiDate(new Date())];
  await waitUntil(
    () => updates.some((u) => u.days.some((d) => days.includes(d))),
    'a kpi.updated message naming today',
    10_000,
  );
});

test("an admin's rebuild runs on a worker, agrees with the incremental figures and is announced", async () => {
  await waitUntil(caughtUp, 'the roll-up to catch up', 30_000);
  const before = await snapshotKpis(s.ctx.db);
  await s.ctx.pool.query(`update kpi_unit_daily set received = received + 100`);
  const res = await c.admin.post('/kpi/rebuild');
  expect(res.status).toBe(202);
  await waitUntil(() => updates.some((u) => u.rebuilt), 'the rebuild to be announced', 30_000);
  expect(await snapshotKpis(s.ctx.db)).toEqual(before);
});
