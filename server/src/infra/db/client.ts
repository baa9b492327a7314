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
  const db = drizzle(pool, { schema });
  return { db, pool };
}
