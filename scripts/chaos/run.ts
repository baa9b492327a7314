/**
 * Chaos test (`npm run test:chaos`): a steady stream of submissions on every channel while a
 * worker is killed with kill -9, Redis is restarted empty, PostgreSQL is crash-restarted and one
 * of two servers is killed with kill -9. Then every acknowledged submission must exist exactly
 * once and have reached its state, with its deadlines and timers once each. The last stdout line
 * is `chaos: acknowledged=N stored=N processed=N lost=0 duplicated=0`; the exit code is non-zero
 * on any loss, duplicate or wrong state.
 *
 * Everything runs on a private PostgreSQL cluster and a private redis-server (both killed on
 * purpose), never on the machine's shared ones. Needs PostgreSQL server binaries (initdb) and
 * redis-server installed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { createDb } from '../../server/src/infra/db/client';
import { runMigrations } from '../../server/src/infra/db/migrate';
import { seedDemoUsers, seedReference } from '../../server/src/modules/seed/seed';
import { channelEnv, CHANNELS, type TCatalogue, type TChaosChannel } from './channels';
import { LoadGenerator } from './load';
import { freePort, sleep } from './ports';
import { startPrivatePostgres, type TPrivatePostgres } from './private-postgres';
import { startPrivateRedis, type TPrivateRedis } from './private-redis';
import { spawnServer, spawnWorker, type TChild } from './processes';
import { verify, type TReport } from './verify';

const DEMO_PASSWORD = 'Hotline@12345';
/** Submissions per second by channel (a CTI call is three events): 20 submissions, 26 requests a second. */
const RATE: Record<TChaosChannel, number> = { staff: 4, portal: 3, open311: 3, wechat: 4, weibo: 3, cti: 3 };
const PHASE_MS = Number(process.env.CHAOS_PHASE_MS ?? 15_000);
const DRAIN_TIMEOUT_MS = 120_000;
const REDIS_PREFIX = 'chaos';

const started = Date.now();
const log = (msg: string) => console.log(`[chaos +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

async function main(): Promise<number> {
  const runId = Date.now().toString(36);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chaos-logs-'));
  const children: TChild[] = [];
  let pg: TPrivatePostgres | undefined;
  let redisServer: TPrivateRedis | undefined;
  let pool: Pool | undefined;
  let redis: Redis | undefined;
  // Ctrl+C: no PostgreSQL cluster or redis-server of ours left running in the temporary directory.
  const interrupted = () => {
    for (const c of children) if (c.alive()) process.kill(c.pid, 'SIGKILL');
    pg?.stop();
    void redisServer?.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    pg = await startPrivatePostgres();
    redisServer = await startPrivateRedis();
    log(`private PostgreSQL on port ${pg.port}, Redis at ${redisServer.url}, logs in ${logDir}`);
    const databaseUrl = pg.url.replace(/\/postgres$/, '/hotline_chaos');
    const admin = new Pool({ connectionString: pg.url, max: 1 });
    await admin.query('create database hotline_chaos');
    await admin.end();
    await runMigrations(databaseUrl);
    const seeded = createDb(databaseUrl, { max: 2 });
    await seedReference(seeded.db);
    await seedDemoUsers(seeded.db, { password: DEMO_PASSWORD });
    await seeded.pool.end();

    pool = new Pool({ connectionString: databaseUrl, max: 4 });
    // The cluster is restarted on purpose: dropped connections are replaced, never fatal.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const catalogue = await loadCatalogue(pool);
    redis = new Redis(redisServer.url, { maxRetriesPerRequest: 3, lazyConnect: true });
    redis.on('error', () => undefined);

    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisServer.url,
      REDIS_PREFIX,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      MIGRATE_ON_START: 'false',
      DB_POOL_SIZE: '8',
      ...channelEnv(),
      // The load is one client address and one Open311 key: the flood ceilings must not be what is measured.
      RATE_CHANNEL_PER_MINUTE: '100000',
      RATE_OPEN311_KEY_PER_MINUTE: '100000',
    };
    const [portA, portB] = [await freePort(), await freePort()];
    const serverA = spawnServer('server-a', portA, env, logDir);
    const serverB = spawnServer('server-b', portB, env, logDir);
    let worker = spawnWorker('worker-1', { ...env, LOG_LEVEL: 'info' }, logDir);
    children.push(serverA, serverB, worker);
    await Promise.all([serverA.ready, serverB.ready, worker.ready]);
    log(`servers on ${portA} and ${portB}, one worker: up`);

    const load = new LoadGenerator(
      [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`],
      RATE,
      catalogue,
      runId,
    );
    const progress = setInterval(() => {
      const acked = load.outcomes.filter((o) => o.acked).length;
      log(
        `  load: ${acked} acknowledged, ${load.pending()} in flight, ${load.retries} retries, ${load.skipped} ticks skipped`,
      );
      const reasons = load.retryReasons();
      if (reasons) log(`    retrying: ${reasons}`);
    }, 5000);
    load.start();
    log(
      `load started: ${Object.values(RATE).reduce((a, b) => a + b, 0)} submissions/s over ${CHANNELS.join(', ')}`,
    );
    await sleep(PHASE_MS);

    log('(a) kill -9 the worker');
    await worker.kill9();
    await sleep(2000);
    worker = spawnWorker('worker-2', { ...env, LOG_LEVEL: 'info' }, logDir);
    children.push(worker);
    await worker.ready;
    log('(a) a new worker is up');
    await sleep(PHASE_MS);

    log('(b) kill -9 Redis; a new empty redis-server on the same port in 2 s');
    await redisServer.restartEmpty(2000);
    log('(b) Redis is back, empty');
    await sleep(PHASE_MS);

    log('(c) PostgreSQL: stop -m immediate; start again in 2 s');
    await pg.crashRestart(2000);
    log('(c) PostgreSQL is back');
    await sleep(PHASE_MS);

    log('(d) kill -9 server B; the clients fail over to server A');
    await serverB.kill9();
    await sleep(PHASE_MS);

    log('stopping the load; waiting for the clients to finish their retries');
    await load.stop();
    clearInterval(progress);
    for (const c of [serverA, worker])
      if (!c.alive()) throw new Error(`${c.name} died unexpectedly; see ${c.logFile}`);

    log(`waiting (at most ${DRAIN_TIMEOUT_MS / 1000} s) until every acknowledged submission is processed`);
    await redis.connect();
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    let report: TReport;
    for (;;) {
      report = await verify(pool, redis, REDIS_PREFIX, runId, load.outcomes, load.sent);
      const done = report.problems.length === 0;
      if (done || Date.now() > deadline) break;
      await sleep(2000);
    }
    printReport(report);
    for (const c of children) await c.terminate();
    const total = report.channels.reduce(
      (t, c) => ({
        acked: t.acked + c.acked,
        stored: t.stored + c.stored,
        processed: t.processed + c.processed,
        lost: t.lost + c.lost,
        duplicated: t.duplicated + c.duplicated,
      }),
      { acked: 0, stored: 0, processed: 0, lost: 0, duplicated: 0 },
    );
    const failed = report.problems.length > 0 || total.acked === 0;
    if (failed) {
      console.log(`FAILED (${((Date.now() - started) / 1000).toFixed(0)} s); logs kept in ${logDir}`);
      for (const p of report.problems) console.log(`  - ${p}`);
    } else {
      console.log(`passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      if (process.env.CHAOS_KEEP_LOGS !== '1') fs.rmSync(logDir, { recursive: true, force: true });
    }
    console.log(
      `chaos: acknowledged=${total.acked} stored=${total.stored} processed=${total.processed} ` +
        `lost=${total.lost} duplicated=${total.duplicated}`,
    );
    return failed ? 1 : 0;
  } finally {
    for (const c of children) await c.kill9();
    redis?.disconnect();
    await pool?.end().catch(() => undefined);
    await redisServer?.stop();
    pg?.stop();
  }
}

/** Leaf categories with a unit of their own, offered on the portal and through Open311: routing dispatches them at once. */
async function loadCatalogue(pool: Pool): Promise<TCatalogue> {
  const { rows } = await pool.query<{ id: string; code: string }>(
    `select c.id, c.code from categories c
     where c.is_leaf and c.active and c.default_unit_id is not null and c.code ~ '^0[1-4]'
     order by c.code limit 6`,
  );
  if (!rows.length) throw new Error('the reference seed has no leaf category with a default unit');
  return { categoryIds: rows.map((r) => r.id), serviceCodes: rows.map((r) => r.code) };
}

function printReport(r: TReport): void {
  const head = [
    'channel',
    'sent',
    'acked',
    'stored',
    'processed',
    'lost',
    'dup',
    'unacked',
    'stored-unacked',
  ];
  const rows = r.channels.map((c) => [
    c.channel,
    c.sent,
    c.acked,
    c.stored,
    c.processed,
    c.lost,
    c.duplicated,
    c.unacked,
    c.storedUnacked,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const row of rows) console.log(line(row));
  const d = r.deadlines;
  console.log(
    `tickets ${d.tickets}; running deadlines ${d.rows}; SLA timers in Redis ${d.timersExpected - d.timersMissing}/${d.timersExpected} ` +
      `(those armed before the flush went with it; the sweeper records them when due); ` +
      `SLA sweeper scheduled: ${r.sweeperScheduled ? 'yes' : 'no'}; outbox rows pending: ${r.pendingOutbox}`,
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`chaos test failed to run: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
