import { Redis } from 'ioredis';
import { runMigrations } from '../../src/infra/db/migrate';
import { createDb } from '../../src/infra/db/client';
import { seedDemoUsers, seedReference } from '../../src/modules/seed/seed';
import { adminQuery, dbUrl, DEMO_PASSWORD, TEMPLATE_DB, TEST_REDIS_URL } from './db';

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
}
