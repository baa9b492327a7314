/**
 * `npm run bench:lists`: first-page and deep-page latency of the console's lists and work queues
 * through the real HTTP API, with OPEN open tickets among TOTAL in all (default 100,000 / 300,000).
 *
 *   npm run bench:lists
 *   BENCH_OPEN=100000 BENCH_TOTAL=5000000 npm run bench:lists     # the #8 target size
 *
 * Builds its own database (hotline_bench_lists, rebuilt when the sizes change), reuses it
 * otherwise. Prints p50 / p95 per query; the target is a p95 under 50 ms for every first page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { parseConfig } from '../../server/src/infra/config';
import { runMigrations } from '../../server/src/infra/db/migrate';
import { createDb } from '../../server/src/infra/db/client';
import { createLogger } from '../../server/src/infra/logger';
import { seedDemoUsers, seedReference } from '../../server/src/modules/seed/seed';
import { startServer } from '../../server/src/server';
import { insertBulkTickets } from './lib/bulk-tickets';

const OPEN = Number(process.env.BENCH_OPEN ?? 100_000);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB = 'hotline_bench_lists';
const PASSWORD = 'Hotline@12345';

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates and fills the database unless it already holds exactly these sizes. */
async function prepareDatabase(): Promise<string> {
  const admin = new Pool({ connectionString: ADMIN_URL, max: 1 });
  const url = dbUrl(DB);
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DB]);
    if (exists.rowCount) {
      const pool = new Pool({ connectionString: url, max: 1 });
      const sizes = await pool
        .query<{ open: string; total: string }>(
          `select count(*) filter (where status <> 'closed') as open, count(*) as total from tickets where no like '9%'`,
        )
        .catch(() => null);
      await pool.end();
      // Reused only when it holds these sizes and every migration of this checkout.
      if (
        sizes &&
        Number(sizes.rows[0]!.open) === OPEN &&
        Number(sizes.rows[0]!.total) === TOTAL &&
        (await migrationsApplied(url))
      ) {
        console.log(`reusing ${DB}: ${OPEN.toLocaleString()} open of ${TOTAL.toLocaleString()} tickets`);
        return url;
      }
      await admin.query(`drop database ${DB} with (force)`);
    }
    await admin.query(`create database ${DB}`);
  } finally {
    await admin.end();
  }
  await runMigrations(url);
  const { db, pool: drizzlePool } = createDb(url, { max: 2 });
  await seedReference(db);
  await seedDemoUsers(db, { password: PASSWORD });
  await drizzlePool.end();
  const pool = new Pool({ connectionString: url, max: 2 });
  const started = Date.now();
  const written = await insertBulkTickets(pool, {
    open: OPEN,
    closed: TOTAL - OPEN,
    onProgress: (done, total) => process.stdout.write(`\rgenerating tickets ${done}/${total}`),
  });
  await pool.query('vacuum analyze');
  await pool.end();
  console.log(
    `\ngenerated ${written.tickets.toLocaleString()} tickets, ${written.assignments.toLocaleString()} assignments, ` +
      `${written.deadlines.toLocaleString()} deadlines in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return url;
}

/** Whether the database has the newest migration of server/drizzle (else it is rebuilt). */
async function migrationsApplied(url: string): Promise<boolean> {
  const journal = JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, '../../server/drizzle/meta/_journal.json'), 'utf8'),
  ) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const r = await pool.query<{ at: string }>(
      'select max(created_at) as at from drizzle.__drizzle_migrations',
    );
    return Number(r.rows[0]?.at) === newest;
  } catch {
    return false;
  } finally {
    await pool.end();
  }
}

class Client {
  cookie = '';
  constructor(readonly base: string) {}
  async login(username: string): Promise<this> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'hotline' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return this;
  }
  async get(path: string): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const res = await fetch(`${this.base}/api/v1${path}`, { headers: { cookie: this.cookie } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { items: unknown[]; nextCursor: string | null };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times `run` RUNS times after a warm-up; returns p50 and p95 in ms. */
async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function main(): Promise<void> {
  const url = await prepareDatabase();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: 'bench-lists',
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    SERVE_CLIENT_DIR: '',
  });
  const server = await startServer(config, { logger: createLogger({ level: 'silent' }) });
  try {
    const login = (u: string) => new Client(server.url).login(u);
    const [dispatcher, handler, agent, supervisor] = await Promise.all([
      login('dispatcher1'),
      login('cgj_handler'),
      login('agent1'),
      login('supervisor1'),
    ]);
    const deepCursor = async (c: Client, path: string, pages: number): Promise<string> => {
      let cursor: string | null = null;
      for (let i = 0; i < pages; i++) {
        const sep = path.includes('?') ? '&' : '?';
        const page: { nextCursor: string | null } = await c.get(
          `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return cursor ?? '';
    };
    const deep = await deepCursor(dispatcher, '/tickets?open=true&limit=30', 100);
    const cases: [string, Client, string][] = [
      ['open tickets, newest first (dispatcher)', dispatcher, '/tickets?open=true&limit=30'],
      ['open tickets, due first (dispatcher)', dispatcher, '/tickets?open=true&sort=due_asc&limit=30'],
      ['registered, to dispatch', dispatcher, '/tickets?status=registered&limit=30'],
      ['overdue', supervisor, '/tickets?open=true&overdue=true&limit=30'],
      ['all tickets incl. closed (supervisor)', supervisor, '/tickets?status=closed&limit=30'],
      ['unit inbox (市城管局 handler)', handler, '/tickets?open=true&limit=30'],
      ['unit inbox, due first', handler, '/tickets?open=true&sort=due_asc&limit=30'],
      ['search by keyword (agent)', agent, `/tickets?q=${encodeURIComponent('路灯')}&limit=30`],
      [
        'page 101 through the cursor',
        dispatcher,
        `/tickets?open=true&limit=30&cursor=${encodeURIComponent(deep)}`,
      ],
    ];
    for (const [name, c, path] of EXTRA_CASES)
      cases.push([name, { dispatcher, handler, agent, supervisor }[c], path]);
    console.log(`\n${OPEN.toLocaleString()} open of ${TOTAL.toLocaleString()} tickets, ${RUNS} runs each`);
    console.log('| list | p50 ms | p95 ms | rows |');
    console.log('|---|---:|---:|---:|');
    for (const [name, c, path] of cases) {
      const rows = (await c.get(path)).items.length;
      const { p50, p95 } = await time(() => c.get(path));
      console.log(`| ${name} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${rows} |`);
    }
  } finally {
    await server.close();
  }
}

/** Work queues added by the workbenches (#5), measured the same way. */
const EXTRA_CASES: [string, 'dispatcher' | 'handler' | 'agent' | 'supervisor', string][] = [
  ['派单台 待派单 (queue=to_dispatch)', 'dispatcher', '/tickets?queue=to_dispatch&limit=30'],
  ['派单台 退单审核 (queue=returned)', 'dispatcher', '/tickets?queue=returned&limit=30'],
  ['派单台 延期审批 (queue=extension_requests)', 'dispatcher', '/tickets?queue=extension_requests&limit=30'],
  ['回访 (queue=callback_due)', 'agent', '/tickets?queue=callback_due&limit=30'],
  ['办理工作台 (queue=unit_urgent, 市城管局)', 'handler', '/tickets?queue=unit_urgent&limit=30'],
];

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
