import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { createTestDatabase, DEMO_PASSWORD, dropTestDatabase, TEST_REDIS_URL } from './support/db';
import { ApiClient, deleteRedisPrefix } from './support/harness';
import { freePort, spawnServerProcess, spawnWorkerProcess, type TProcess } from './support/processes';

// Scale-out (docs/scaling.md): two servers and two workers as separate processes on one database
// and one Redis prefix, as a load balancer would have them. (a) a console on server A hears what is
// done through server B; (b) with two workers every job runs once, and both take a share.

const TICKETS = 200;
const CREATE_CONCURRENCY = 10;
const ROUTED_TIMEOUT_MS = 40_000;
const PREFIX = `test-scale-out-${process.pid}`;
const RUN = Date.now().toString(36);

let dbUrl: string;
let pool: Pool;
let redis: Redis;
let servers: TProcess[] = [];
let workers: TProcess[] = [];
let urlA: string;
let urlB: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  dbUrl = await createTestDatabase('scale_out');
  pool = new Pool({ connectionString: dbUrl, max: 2 });
  redis = new Redis(TEST_REDIS_URL);
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: PREFIX,
    MIGRATE_ON_START: 'false',
    DB_POOL_SIZE: '5',
  };
  const [portA, portB] = [await freePort(), await freePort()];
  urlA = `http://127.0.0.1:${portA}`;
  urlB = `http://127.0.0.1:${portB}`;
  servers = [
    spawnServerProcess('server-a', portA, { ...env, LOG_LEVEL: 'warn' }),
    spawnServerProcess('server-b', portB, { ...env, LOG_LEVEL: 'warn' }),
  ];
  // info: "ticket routed" lines tell which worker ran each routing job.
  const workerEnv = { ...env, LOG_LEVEL: 'info', KPI_ROLLUP_EVERY_MS: '500', WORKER_CONCURRENCY: '5' };
  workers = [spawnWorkerProcess('worker-1', workerEnv), spawnWorkerProcess('worker-2', workerEnv)];
  await Promise.all([...servers, ...workers].map((p) => p.ready));
}, 90_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all([...servers, ...workers].map((p) => p.stop()));
  await pool?.end();
  redis?.disconnect();
  await deleteRedisPrefix(PREFIX);
  if (dbUrl) await dropTestDatabase(dbUrl);
}, 60_000);

async function login(baseUrl: string, username: string): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  const res = await client.post('/auth/login', { username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username} at ${baseUrl}: ${res.status}`);
  return client;
}

/** The same session, talking to another server (what a load balancer without affinity does). */
function sameSessionOn(baseUrl: string, client: ApiClient): ApiClient {
  const other = new ApiClient(baseUrl);
  other.cookie = client.cookie;
  return other;
}

type TReceived = { event: string; data: any; at: number };

/** A console: socket.io signed in with the session cookie, websocket first as the real console. */
async function connectConsole(baseUrl: string, client: ApiClient) {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie: client.cookie },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const received: TReceived[] = [];
  socket.onAny((event: string, data: unknown) => received.push({ event, data, at: Date.now() }));
  const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const waitFor = async (what: string, match: (r: TReceived) => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = received.find(match);
      if (hit) return hit;
      if (Date.now() > deadline) {
        const got = received.map((r) => `${r.event}${r.data?.type ? `:${r.data.type}` : ''}`).join(', ');
        throw new Error(`no ${what} within ${timeoutMs} ms on ${baseUrl}; received: [${got}]`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { socket, received, disconnected, waitFor };
}

const idOf = async (table: 'units' | 'categories', code: string): Promise<string> =>
  (await pool.query<{ id: string }>(`select id from ${table} where code = $1`, [code])).rows[0]!.id;

test('a console on server A hears what is done through server B: unit room, supervisors, presence, sign-out', async () => {
  const cgjUnitId = await idOf('units', 'cgj');
  const handler = await login(urlA, 'cgj_handler');
  const supervisor = await login(urlA, 'supervisor1');
  const agentB = await login(urlB, 'agent1');
  const dispatcherB = await login(urlB, 'dispatcher1');
  const unitConsoleA = await connectConsole(urlA, handler);
  const supervisorConsoleA = await connectConsole(urlA, supervisor);

  // A phone ticket: the router only suggests a unit, so the dispatch is the dispatcher's, through B.
  const created = await agentB.post('/tickets', {
    channel: 'phone',
    type: 'complaint',
    categoryId: await idOf('categories', '0101'),
    title: '井盖缺失',
    description: `人民路井盖缺失，夜间有安全隐患 [scale-a:${RUN}]`,
  });
  expect(created.status).toBe(201);
  const ticketId = created.body.ticket.id as string;
  const dispatched = await dispatcherB.post(`/tickets/${ticketId}/dispatch`, { unitId: cgjUnitId });
  expect(dispatched.status).toBe(200);
  await unitConsoleA.waitFor(
    'ticket.dispatched in the unit room',
    (r) => r.event === 'ticket.event' && r.data.ticketId === ticketId && r.data.type === 'ticket.dispatched',
  );

  // Sessions live in Redis: the handler signed in at A signs for the ticket through B.
  const signedAt = Date.now();
  const signed = await sameSessionOn(urlB, handler).post(`/tickets/${ticketId}/sign`, {});
  expect(signed.status).toBe(200);
  await unitConsoleA.waitFor(
    'ticket.signed in the unit room',
    (r) => r.event === 'ticket.event' && r.data.ticketId === ticketId && r.data.type === 'ticket.signed',
  );
  // The KPI roll-up (a worker) tells the supervisors' room which days changed.
  await supervisorConsoleA.waitFor(
    'kpi.updated in the supervisors room after the sign-for',
    (r) => r.event === 'kpi.updated' && r.at >= signedAt,
  );

  // Presence: who watches a ticket is asked of every server through the Redis adapter.
  const watch = (s: Socket) =>
    new Promise<{ ok: boolean; error?: string }>((resolve) => s.emit('ticket.watch', ticketId, resolve));
  expect(await watch(supervisorConsoleA.socket)).toEqual({ ok: true });
  const dispatcherConsoleB = await connectConsole(urlB, dispatcherB);
  expect(await watch(dispatcherConsoleB.socket)).toEqual({ ok: true });
  await supervisorConsoleA.waitFor(
    'presence naming the watchers on both servers',
    (r) => r.event === 'presence' && r.data.ticketId === ticketId && r.data.viewers.length === 2,
  );

  // Signing out through B ends the session's socket on A.
  expect((await sameSessionOn(urlB, handler).post('/auth/logout')).status).toBe(204);
  let timer: NodeJS.Timeout | undefined;
  const reason = await Promise.race([
    unitConsoleA.disconnected,
    new Promise<string>((r) => (timer = setTimeout(() => r('still connected after 10 s'), 10_000))),
  ]);
  clearTimeout(timer);
  expect(reason).toBe('io server disconnect');
}, 60_000);

type TTicketCheck = {
  id: string;
  status: string;
  created: number;
  dispatched: number;
  suggested: number;
  assignments: number;
  deadlines: Record<string, number>;
};

test(`${TICKETS} tickets created through both servers: each routing job runs once, both workers take a share`, async () => {
  const categories = (
    await pool.query<{ id: string }>(
      `select id from categories where is_leaf and active and default_unit_id is not null
         and code ~ '^0[1-4]' order by code limit 6`,
    )
  ).rows.map((r) => r.id);
  expect(categories.length).toBeGreaterThan(0);
  const agents = [await login(urlA, 'agent1'), await login(urlB, 'agent1')];
  const marker = (i: number) => `[scale-b:${RUN}:${i}]`;

  // Structured (web) requests with a leaf category: the router dispatches each to its unit itself.
  const failures: string[] = [];
  let next = 0;
  const createOne = async (i: number) => {
    const res = await agents[i % 2]!.post('/tickets', {
      line: '12345',
      channel: 'web',
      type: 'complaint',
      categoryId: categories[i % categories.length],
      title: `路灯不亮 ${i}`,
      description: `小区门口路灯不亮，晚上出行不便 ${marker(i)}`,
      idempotencyKey: `scale-${RUN}-${i}`,
    });
    if (res.status !== 201) failures.push(`#${i} via ${i % 2 ? 'B' : 'A'}: ${res.status}`);
  };
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (next < TICKETS) await createOne(next++);
    }),
  );
  expect(failures).toEqual([]);

  const like = `%[scale-b:${RUN}:%`;
  const deadline = Date.now() + ROUTED_TIMEOUT_MS;
  let byStatus: Record<string, number>;
  for (;;) {
    const r = await pool.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from tickets where description like $1 group by status`,
      [like],
    );
    byStatus = Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
    if ((byStatus.dispatched ?? 0) === TICKETS || Date.now() > deadline) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  expect({ ticketsByStatus: byStatus }).toEqual({ ticketsByStatus: { dispatched: TICKETS } });

  // From the database: one creation, one dispatch, one lead assignment and one set of deadlines each.
  const rows = (
    await pool.query<TTicketCheck>(
      `select t.id, t.status,
         (select count(*)::int from ticket_events e where e.ticket_id = t.id and e.type = 'ticket.created') as created,
         (select count(*)::int from ticket_events e where e.ticket_id = t.id and e.type = 'ticket.dispatched') as dispatched,
         (select count(*)::int from ticket_events e where e.ticket_id = t.id and e.type = 'ticket.routing_suggested') as suggested,
         (select count(*)::int from assignments a where a.ticket_id = t.id) as assignments,
         (select coalesce(json_object_agg(kind, n), '{}'::json) from
            (select kind, count(*)::int as n from ticket_deadlines d where d.ticket_id = t.id group by kind) k) as deadlines
       from tickets t where t.description like $1`,
      [like],
    )
  ).rows;
  expect(rows).toHaveLength(TICKETS);
  const wrong = rows
    .filter(
      (t) =>
        t.created !== 1 ||
        t.dispatched !== 1 ||
        t.suggested !== 0 ||
        t.assignments !== 1 ||
        JSON.stringify(t.deadlines) !== JSON.stringify({ reply: 1, sign: 1 }),
    )
    .map(
      (t) =>
        `${t.id}: created=${t.created} dispatched=${t.dispatched} suggested=${t.suggested} ` +
        `assignments=${t.assignments} deadlines=${JSON.stringify(t.deadlines)}`,
    );
  expect(wrong).toEqual([]);

  // From BullMQ: each routing job (one per ticket, deterministic id) was started once and finished.
  const ids = rows.map((t) => t.id);
  const pipe = redis.pipeline();
  for (const id of ids) pipe.hmget(`{${PREFIX}}:bull:routing:routing-${id}`, 'ats', 'finishedOn');
  const jobs = (await pipe.exec())!.map(([, v]) => v as [string | null, string | null]);
  const notOnce = ids.flatMap((id, i) => {
    const [started, finished] = jobs[i]!;
    return started === '1' && finished ? [] : [`${id}: attemptsStarted=${started} finishedOn=${finished}`];
  });
  expect(notOnce).toEqual([]);

  // From the workers' own logs: which process ran each job; every ticket exactly once, both worked.
  const wanted = new Set(ids);
  const runs = new Map<string, string[]>();
  const share: Record<string, number> = {};
  for (const w of workers) {
    share[w.name] = 0;
    for (const line of w.logLines()) {
      if (line.msg !== 'ticket routed' || !wanted.has(line.ticketId as string)) continue;
      runs.set(line.ticketId as string, [...(runs.get(line.ticketId as string) ?? []), w.name]);
      share[w.name]! += 1;
    }
  }
  const notRunOnce = ids.filter((id) => runs.get(id)?.length !== 1).map((id) => `${id}: ${runs.get(id)}`);
  expect(notRunOnce).toEqual([]);
  expect(Object.values(share).reduce((a, b) => a + b, 0)).toBe(TICKETS);
  for (const [name, n] of Object.entries(share))
    expect({ worker: name, routedSomething: n > 0 }).toEqual({ worker: name, routedSomething: true });
  for (const p of [...servers, ...workers])
    expect({ process: p.name, alive: p.alive() }).toMatchObject({ alive: true });
}, 90_000);
