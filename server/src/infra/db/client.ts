import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';

export type TDb = NodePgDatabase<typeof schema>;
/** A transaction handle: same API as the database. */
export type TTx = Parameters<Parameters<TDb['transaction']>[0]>[0];
export type TDbOrTx = TDb | TTx;

export function createDb(url: string, opts: { max?: number } = {}) {
  const pool = new Pool({ connectionString: url, max: opts.max ?? 10 });
  // A dropped connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // The pool listens for errors only on idle clients: a connection that dies while checked out
  // (PostgreSQL restarted mid-transaction) would emit an unhandled 'error' and kill the process.
  // Its next query fails instead, and the pool discards it on release (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzle(pool, { schema });
  return { db, pool };
}
