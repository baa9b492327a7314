import { parseConfig } from '../src/infra/config';
import { createLogger } from '../src/infra/logger';
import { applyKpiRollup } from '../src/modules/kpi/kpi-rollup';
import { startServer, type TRunningServer } from '../src/server';
import { createTestDatabase, DEMO_PASSWORD, dropTestDatabase, TEST_REDIS_URL } from './support/db';
import { act, createTicket, signInCast, type TCast } from './support/drive';
import { ApiClient, deleteRedisPrefix, type TTestServer } from './support/harness';

// DATABASE_READ_URL: the dashboards and reports read there, everything else uses DATABASE_URL.
// The "replica" here is a second database that holds only the reference data, while every ticket,
// roll-up, ranking and alert is written to the primary. A dashboard route that read the primary
// would answer the primary's figures: each route's answer from the split server must equal the
// answer of a server running on the replica alone, and differ from one running on the primary.

const DAY = '2026-03-11';
const NOW = new Date(`${DAY}T02:00:00Z`); // a Wednesday, 10:00 China time
const MONTH = DAY.slice(0, 7);
const PREFIX = `test-read-replica-${process.pid}`;

let primaryUrl: string;
let replicaUrl: string;
/** DATABASE_URL = primary, DATABASE_READ_URL = replica. */
let split: TRunningServer;
/** DATABASE_URL = primary, no read URL: reads the primary. */
let onPrimary: TRunningServer;
/** DATABASE_URL = replica: what the replica holds. */
let onReplica: TRunningServer;
let c: TCast;
let alertId: string;

function start(env: Record<string, string>): Promise<TRunningServer> {
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: PREFIX,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    ...env,
  });
  return startServer(config, { logger: createLogger({ level: 'silent' }), clock: () => NOW });
}

beforeAll(async () => {
  primaryUrl = await createTestDatabase('read_replica_primary');
  replicaUrl = await createTestDatabase('read_replica_replica');
  split = await start({ DATABASE_URL: primaryUrl, DATABASE_READ_URL: replicaUrl });
  onPrimary = await start({ DATABASE_URL: primaryUrl });
  onReplica = await start({ DATABASE_URL: replicaUrl });

  // Sessions are in Redis under one prefix: a session made at the split server works on all three.
  const asTestServer = {
    login: async (username: string) => {
      const client = new ApiClient(split.url);
      const res = await client.post('/auth/login', { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return client;
    },
  } as unknown as TTestServer;
  c = await signInCast(asTestServer);
  const category = (
    await split.ctx.pool.query<{ id: string }>(`select id from categories where code = '0101'`)
  ).rows[0]!.id;
  const steps = [
    ['dispatch', 'sign', 'reply', 'approve-reply', 'callback', 'close'],
    ['dispatch', 'sign', 'reply'],
    ['dispatch', 'return'],
  ] as const;
  const ids: string[] = [];
  for (const actions of steps) {
    const { id } = await createTicket(c, { categoryId: category });
    for (const action of actions) {
      const res = await act(c, id, action);
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    ids.push(id);
  }
  await applyKpiRollup(split.ctx.db);
  const run = await c.supervisor.post('/assessment/run', { period: MONTH });
  if (run.status !== 200) throw new Error(`assessment run: ${run.status} ${JSON.stringify(run.body)}`);
  alertId = (
    await split.ctx.pool.query<{ id: string }>(
      `insert into hot_topic_alerts (topic_key, "window", window_start, label, dimensions, count, baseline,
         statistic, score, threshold, ticket_ids, raised_at, updated_at)
       values ('phrase:井盖', 'day', $1, '井盖缺失', '{"phrase":"井盖"}', 3, 0.5, 'poisson_tail', 0.0001,
               0.001, $2::uuid[], $1, $1)
       returning id`,
      [NOW.toISOString(), ids],
    )
  ).rows[0]!.id;
}, 60_000);

afterAll(async () => {
  await Promise.all([split, onPrimary, onReplica].map((s) => s?.close()));
  await deleteRedisPrefix(PREFIX);
  for (const url of [primaryUrl, replicaUrl]) if (url) await dropTestDatabase(url);
});

/** One GET as the supervisor (city-wide reader) on a server: status and body text. */
async function get(server: TRunningServer, path: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: { cookie: c.supervisor.cookie } });
  return `${res.status} ${await res.text()}`;
}

test('without DATABASE_READ_URL the read handle is the primary; with it, a second pool', () => {
  expect(onPrimary.ctx.readDb).toBe(onPrimary.ctx.db);
  expect(split.ctx.readDb).not.toBe(split.ctx.db);
});

test('every dashboard, ranking, report and hot-topic read answers what the read database holds', async () => {
  const range = `from=${DAY}&to=${DAY}`;
  const paths = [
    `/kpi/units?period=${DAY}`,
    `/kpi/trend?${range}`,
    `/kpi/channels?${range}`,
    `/kpi/tickets?metric=received&${range}`,
    '/screen/live',
    '/screen/tickets?kind=district',
    '/stats/overview',
    `/assessment/rankings?period=${MONTH}`,
    `/assessment/units/${c.cgjUnitId}?period=${MONTH}`,
    `/assessment/notices/${MONTH}`,
    `/reports/summary?${range}`,
    `/reports/work-report?${range}`,
    `/reports/work-report.csv?${range}`,
    `/reports/data-quality?${range}`,
    `/reports/province-export.json?${range}`,
    '/hot-topics',
    `/hot-topics/${alertId}`,
  ];
  const problems: string[] = [];
  for (const path of paths) {
    const [fromSplit, fromPrimary, fromReplica] = (await Promise.all(
      [split, onPrimary, onReplica].map((s) => get(s, path)),
    )) as [string, string, string];
    // Without a difference the route proves nothing: the scenario must reach every route.
    if (fromPrimary === fromReplica) problems.push(`${path}: same answer on both databases (test data)`);
    else if (fromSplit === fromPrimary) problems.push(`${path}: read the primary, not DATABASE_READ_URL`);
    else if (fromSplit !== fromReplica)
      problems.push(`${path}: neither database's answer: ${fromSplit.slice(0, 200)}`);
  }
  expect(problems).toEqual([]);
});

test('writes and the work screens stay on the primary', async () => {
  const replicaTickets = await onReplica.ctx.pool.query(`select count(*)::int as n from tickets`);
  expect(replicaTickets.rows[0].n).toBe(0);
  // The alert exists only on the primary: acknowledging it through the split server finds it.
  const ack = await c.supervisor.post(`/hot-topics/${alertId}/ack`);
  expect({ status: ack.status, alertStatus: ack.body.alert?.status }).toEqual({
    status: 200,
    alertStatus: 'acknowledged',
  });
  const list = await c.supervisor.get('/tickets?limit=5');
  expect(list.status).toBe(200);
  expect(list.body.items.length).toBeGreaterThan(0);
  // The replica learns of it only when it replicates; this one never will.
  expect(await get(split, `/hot-topics/${alertId}`)).toMatch(/^404 /);
});
