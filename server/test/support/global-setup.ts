import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { runMigrations } from '../../src/infra/db/migrate';
import { createDb } from '../../src/infra/db/client';
import { seedDemoUsers, seedReference } from '../../src/modules/seed/seed';
import { ADMIN_URL, adminQuery, dbUrl, DEMO_PASSWORD, TEMPLATE_DB, TEST_REDIS_URL } from './db';

const ROOT = path.resolve(__dirname, '../../..');
/** What the template is made from: a change to any of these files rebuilds it. */
const TEMPLATE_SOURCES = [
  'server/drizzle',
  'server/src/modules/seed',
  'server/src/modules/sla',
  'shared/src/sla',
  // the default assessment scheme is seeded
  'server/src/modules/assessment',
  'shared/src/supervision',
];

function fingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(full).update(fs.readFileSync(full));
    }
  };
  for (const dir of TEMPLATE_SOURCES) walk(path.join(ROOT, dir));
  return hash.digest('hex').slice(0, 32);
}

/** The fingerprint recorded on the template database, or null when there is none. */
async function templateFingerprint(): Promise<string | null> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const r = await client.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [TEMPLATE_DB],
    );
    return r.rows[0]?.comment ?? null;
  } finally {
    await client.end();
  }
}

/**
 * Once per run: a template database with the migrations and the reference seed applied, so each
 * test file clones its own database in a fraction of a second. Fails loudly when a service is missing.
 */
export default async function globalSetup(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(
      `Redis is not reachable at ${TEST_REDIS_URL} (${(err as Error).message}). Start it with ` +
        '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` or set TEST_REDIS_URL.',
      { cause: err },
    );
  } finally {
    redis.disconnect();
  }
  // Reused while the migrations and seed are unchanged: runs side by side (several checkouts or
  // people on one machine) then never drop the template another run is cloning from.
  const fp = fingerprint();
  if (process.env.TEST_REBUILD_TEMPLATE !== '1' && (await templateFingerprint()) === fp) return;
  await adminQuery(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await adminQuery(`create database ${TEMPLATE_DB}`);
  const url = dbUrl(TEMPLATE_DB);
  await runMigrations(url);
  const { db, pool } = createDb(url);
  try {
    await seedReference(db);
    await seedDemoUsers(db, { password: DEMO_PASSWORD });
  } finally {
    await pool.end();
  }
  // Recorded last: a half-built template (a run killed midway) has no fingerprint and is rebuilt.
  await adminQuery(`comment on database ${TEMPLATE_DB} is '${fp}'`);
}
