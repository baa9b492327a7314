import { Client } from 'pg';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * Two test runs on one PostgreSQL (a work tree and a clean clone) keep apart by setting
 * TEST_DB_TAG: every database of a run carries it.
 */
export const TEST_DB_TAG = (process.env.TEST_DB_TAG ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
export const TEMPLATE_DB = `hotline_test_template${TEST_DB_TAG ? `_${TEST_DB_TAG}` : ''}`;

/** The database name of one test file (or one part of it). */
export const testDbName = (name: string) =>
  `hotline_t_${TEST_DB_TAG ? `${TEST_DB_TAG}_` : ''}${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
export const DEMO_PASSWORD = 'Hotline@12345';

export function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(sqlText: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${(err as Error).message}). Start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set TEST_DATABASE_URL.',
      { cause: err },
    );
  }
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from the migrated and seeded template (fast). */
export async function createTestDatabase(name: string): Promise<string> {
  const db = testDbName(name);
  await adminQuery(`drop database if exists ${db} with (force)`);
  await adminQuery(`create database ${db} template ${TEMPLATE_DB}`);
  return dbUrl(db);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(`drop database if exists ${name} with (force)`);
}
