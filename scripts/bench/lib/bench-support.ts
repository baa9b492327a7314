/**
 * What the HTTP benchmarks share: a database filled with bulk tickets (rebuilt when its sizes or
 * the migrations change, reused otherwise), a server on it, a signed-in client, and timing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { parseConfig } from '../../../server/src/infra/config';
import { createDb } from '../../../server/src/infra/db/client';
import { runMigrations } from '../../../server/src/infra/db/migrate';
import { createLogger } from '../../../server/src/infra/logger';
import { seedDemoUsers, seedReference } from '../../../server/src/modules/seed/seed';
import { startServer, type TRunningServer } from '../../../server/src/server';
import { insertBulkTickets } from './bulk-tickets';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_PASSWORD = 'Hotline@12345';

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export type TBenchDatabase = { name: string; open: number; total: number; events?: boolean };

/** Creates and fills the database unless it already holds exactly these sizes and every migration. */
export async function prepareBenchDatabase(spec: TBenchDatabase): Promise<string> {
  const admin = new Pool({ connectionString: ADMIN_URL, max: 1 });
  const url = dbUrl(spec.name);
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [spec.name]);
    if (exists.rowCount) {
      const pool = new Pool({ connectionString: url, max: 1 });
      const sizes = await pool
        .query<{ open: string; total: string; events: boolean }>(
          `select count(*) filter (where status <> 'closed') as open, count(*) as total,
             exists (select 1 from ticket_events limit 1) as events
           from tickets where no like '9%'`,
        )
        .catch(() => null);
      await pool.end();
      const row = sizes?.rows[0];
      if (
        row &&
        Number(row.open) === spec.open &&
        Number(row.total) === spec.total &&
        row.events === Boolean(spec.events)
      ) {
        // Migrations only add: a database of the right size takes the newer ones instead of a refill.
        if (!(await migrationsApplied(url))) await runMigrations(url);
        // …and the reference data they may come with (the seed is idempotent).
        const { db, pool: seedPool } = createDb(url, { max: 1 });
        await seedReference(db);
        await seedPool.end();
        console.log(
          `reusing ${spec.name}: ${spec.open.toLocaleString()} open of ${spec.total.toLocaleString()} tickets`,
        );
        return url;
      }
      await admin.query(`drop database ${spec.name} with (force)`);
    }
    await admin.query(`create database ${spec.name}`);
  } finally {
    await admin.end();
  }
  await runMigrations(url);
  const { db, pool: drizzlePool } = createDb(url, { max: 2 });
  await seedReference(db);
  await seedDemoUsers(db, { password: BENCH_PASSWORD });
  await drizzlePool.end();
  const pool = new Pool({ connectionString: url, max: 2 });
  const started = Date.now();
  const written = await insertBulkTickets(pool, {
    open: spec.open,
    closed: spec.total - spec.open,
    events: spec.events,
    onProgress: (done, total) => process.stdout.write(`\rgenerating tickets ${done}/${total}`),
  });
  await pool.query('vacuum analyze');
  await pool.end();
  console.log(
    `\ngenerated ${written.tickets.toLocaleString()} tickets, ${written.assignments.toLocaleString()} assignments, ` +
      `${written.deadlines.toLocaleString()} deadlines, ${written.events.toLocaleString()} events ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return url;
}

/** Whether the database has the newest migration of server/drizzle (else it is rebuilt). */
async function migrationsApplied(url: string): Promise<boolean> {
  const journal = JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, '../../../server/drizzle/meta/_journal.json'), 'utf8'),
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

/** The real server on the benchmark database (no workers: nothing changes while it is timed). */
export async function startBenchServer(url: string, prefix: string): Promise<TRunningServer> {
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    SERVE_CLIENT_DIR: '',
  });
  return startServer(config, { logger: createLogger({ level: 'silent' }) });
}

export class BenchClient {
  cookie = '';
  constructor(readonly base: string) {}
  async login(username: string): Promise<this> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'hotline' },
      body: JSON.stringify({ username, password: BENCH_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return this;
  }
  async call<T = { items: unknown[]; nextCursor: string | null }>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-requested-with': 'hotline',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  get<T = { items: unknown[]; nextCursor: string | null }>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Times `run` `runs` times after a warm-up; returns p50 and p95 in ms. */
export async function timeRuns(
  run: () => Promise<unknown>,
  runs: number,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}
