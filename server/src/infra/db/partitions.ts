/**
 * Monthly partitions of the append-only tables (migration 0008_partitions.sql defines the SQL
 * functions used here). A partition per China-time month from the current month through a few
 * months ahead is kept in place by the server and the workers at start and by the daily
 * maintenance job; writers of history (demo generator, seeds, benchmarks) ask for their months
 * before writing. A row whose month has no partition lands in the table's DEFAULT partition and
 * is moved into its month when that partition is created.
 */
import { toShanghaiDate } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { TLogger } from '../logger';
import type { TDbOrTx } from './client';

/** Tables partitioned by month of their time column (ticket_events.created_at, audit_log.at). */
export const MONTHLY_PARTITIONED_TABLES = ['ticket_events', 'audit_log'] as const;
export type TPartitionedTable = (typeof MONTHLY_PARTITIONED_TABLES)[number];

/** Months after the current one that always have a partition: a missed day or two of upkeep changes nothing. */
export const PARTITION_MONTHS_AHEAD = 3;

/**
 * How long upkeep waits for the table lock that creating a partition takes. A long report holding
 * the table would otherwise queue every insert behind the waiting lock; giving up is harmless
 * (the months ahead already exist and the next run tries again).
 */
const UPKEEP_LOCK_TIMEOUT = '5s';

const ENSURE_SQL =
  'select ensure_month_partitions($1::regclass, $2::date, ($2::date + make_interval(months => $3::int))::date) as n';

/**
 * Partitions for every China-time month from `from` to `to` (inclusive), for a writer about to
 * insert rows in that range. Idempotent; safe with other callers at once (an advisory lock per
 * table). Runs in the caller's transaction when given one.
 */
export async function ensureMonthPartitions(
  db: TDbOrTx | Pool,
  range: { from: Date; to: Date },
  tables: readonly TPartitionedTable[] = MONTHLY_PARTITIONED_TABLES,
): Promise<number> {
  const from = toShanghaiDate(range.from);
  const months = monthsBetween(from, toShanghaiDate(range.to));
  let created = 0;
  for (const table of tables) {
    const rows =
      'execute' in db
        ? (
            await db.execute(
              sql`select ensure_month_partitions(${table}::regclass, ${from}::date, (${from}::date + make_interval(months => ${months}::int))::date) as n`,
            )
          ).rows
        : (await db.query(ENSURE_SQL, [table, from, months])).rows;
    created += Number((rows[0] as { n: number }).n);
  }
  return created;
}

/**
 * The scheduled upkeep: partitions from `now`'s month through `monthsAhead` months later, for
 * every partitioned table, each in its own short transaction with a lock timeout.
 */
export async function maintainPartitions(
  pool: Pool,
  now: Date,
  monthsAhead = PARTITION_MONTHS_AHEAD,
): Promise<{ created: number }> {
  const client = await pool.connect();
  let created = 0;
  try {
    for (const table of MONTHLY_PARTITIONED_TABLES) {
      await client.query('begin');
      try {
        await client.query(`set local lock_timeout = '${UPKEEP_LOCK_TIMEOUT}'`);
        const r = await client.query<{ n: number }>(ENSURE_SQL, [table, toShanghaiDate(now), monthsAhead]);
        await client.query('commit');
        created += Number(r.rows[0]!.n);
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      }
    }
  } finally {
    client.release();
  }
  return { created };
}

/** At process start: upkeep that never stops the process (the DEFAULT partitions take any row meanwhile). */
export async function maintainPartitionsAtStart(pool: Pool, now: Date, logger: TLogger): Promise<void> {
  try {
    const { created } = await maintainPartitions(pool, now);
    if (created) logger.info({ created }, 'monthly partitions created');
  } catch (err) {
    logger.warn(
      { err: (err as Error).message },
      'could not check the monthly partitions; the daily job will',
    );
  }
}

/** Whole months from the month of `from` to the month of `to` ('YYYY-MM-DD' dates); 0 when the same. */
function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm));
}
