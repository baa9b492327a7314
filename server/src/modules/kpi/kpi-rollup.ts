/**
 * Keeps the KPI roll-up tables current from the event log, exactly once.
 *
 * Cursor: every ticket event carries the id of the transaction that wrote it (`xid`), and every
 * call record the id of the one that last changed it. A transaction id below the snapshot's
 * xmin belongs to a finished transaction, so rows with `xid < xmin` are all visible and no more
 * can appear. Each run takes the new horizon H = xmin, locks the cursor row, adds the facts of
 * rows with previous horizon ≤ xid < H and moves the cursor to H, in one transaction: two
 * workers never count a row twice, a crash never loses one, and an event committed late (a long
 * transaction) is simply picked up by the run after it commits.
 *
 * Ticket events are append-only: their facts are added to the day's counters. Call records
 * change while a call goes on: the days of the records changed since the last run are
 * recomputed whole from call_records.
 *
 * A rebuild recomputes all three tables from scratch with the same facts; it must equal the
 * incremental result (server/test/kpi/kpi-rollup.test.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { TDb, TDbOrTx } from '../../infra/db/client';
import {
  CALL_FACT_COLUMNS,
  callFactsSql,
  CHANNEL_FACT_COLUMNS,
  channelFactsSql,
  UNIT_FACT_COLUMNS,
  unitFactsSql,
} from './kpi-facts';

export const KPI_CURSOR = 'kpi';

export type TRollupRun = {
  /** Horizon before and after the run (transaction ids as text). */
  from: string;
  to: string;
  /** Ticket events counted and call-record days recomputed in this run. */
  events: number;
  callDays: string[];
  /** China-time days whose figures changed (for the live consoles). */
  days: string[];
};

type TCols = [string, SQL][];
const ids = (cols: TCols) =>
  sql.join(
    cols.map(([c]) => sql.identifier(c)),
    sql`, `,
  );
const sums = (cols: TCols) =>
  sql.join(
    cols.map(([c]) => sql`sum(${sql.identifier(c)})`),
    sql`, `,
  );
const adds = (table: string, cols: TCols) =>
  sql.join(
    cols.map(
      ([c]) =>
        sql`${sql.identifier(c)} = ${sql.identifier(table)}.${sql.identifier(c)} + excluded.${sql.identifier(c)}`,
    ),
    sql`, `,
  );

async function rows<T>(db: TDbOrTx, q: SQL): Promise<T[]> {
  return (await db.execute(q)).rows as T[];
}

/** Adds the facts of the events in [lo, hi) to kpi_unit_daily and kpi_channel_daily. */
async function addEventFacts(
  tx: TDbOrTx,
  lo: string,
  hi: string,
): Promise<{ events: number; days: string[] }> {
  const range = sql`e.xid >= ${lo}::xid8 and e.xid < ${hi}::xid8`;
  const unit = await rows<{ day: string; n: number }>(
    tx,
    sql`with f as (${unitFactsSql(range)}),
      ins as (
        insert into kpi_unit_daily (day, unit_id, ${ids(UNIT_FACT_COLUMNS)})
        select day, unit_id, ${sums(UNIT_FACT_COLUMNS)} from f group by day, unit_id
        on conflict (day, unit_id) do update set ${adds('kpi_unit_daily', UNIT_FACT_COLUMNS)}
        returning 1)
      select to_char(day, 'YYYY-MM-DD') as day, count(*)::int as n from f group by day`,
  );
  const channel = await rows<{ day: string; n: number }>(
    tx,
    sql`with f as (${channelFactsSql(range)}),
      ins as (
        insert into kpi_channel_daily (day, line, channel, ${ids(CHANNEL_FACT_COLUMNS)})
        select day, line, channel, ${sums(CHANNEL_FACT_COLUMNS)} from f group by day, line, channel
        on conflict (day, line, channel) do update set ${adds('kpi_channel_daily', CHANNEL_FACT_COLUMNS)}
        returning 1)
      select to_char(day, 'YYYY-MM-DD') as day, count(*)::int as n from f group by day`,
  );
  const days = new Set([...unit, ...channel].map((r) => r.day));
  return { events: [...unit, ...channel].reduce((s, r) => s + r.n, 0), days: [...days].sort() };
}

/** Recomputes kpi_call_daily for the days of the call records changed in [lo, hi) (all days when lo is 0). */
async function recomputeCallDays(tx: TDbOrTx, lo: string, hi: string): Promise<string[]> {
  const changed = await rows<{ day: string }>(
    tx,
    sql`select distinct to_char((created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day
        from call_records where updated_xid >= ${lo}::xid8 and updated_xid < ${hi}::xid8`,
  );
  if (!changed.length) return [];
  const days = changed.map((r) => r.day).sort();
  const dayList = sql.join(
    days.map((d) => sql`${d}::date`),
    sql`, `,
  );
  await tx.execute(sql`delete from kpi_call_daily where day in (${dayList})`);
  await tx.execute(sql`
    insert into kpi_call_daily (day, queue, ${ids(CALL_FACT_COLUMNS)})
    select day, queue, ${sums(CALL_FACT_COLUMNS)}
    from (${callFactsSql(sql`(r.created_at at time zone 'Asia/Shanghai')::date in (${dayList})`)}) f
    group by day, queue`);
  return days;
}

/**
 * The horizon, taken before this transaction has an id of its own: the snapshot's oldest running
 * transaction, ignoring those seen running in another database of the cluster (transaction ids
 * are cluster-wide, but they never write this database's events; a long load or a test left
 * open elsewhere must not stall the live figures). A transaction that ended meanwhile, or whose
 * database is not visible, still holds the horizon back: it may have been ours.
 */
async function horizonNow(tx: TDbOrTx): Promise<string> {
  const [r] = await rows<{ h: string }>(
    tx,
    sql`with s as (select pg_current_snapshot() as snap)
      select least(pg_snapshot_xmax(snap), (
        select min(x) from pg_snapshot_xip(snap) x
        where not exists (
          select 1 from pg_stat_activity a
          where a.backend_xid = xid(x) and a.datname <> current_database())
      ))::text as h
      from s`,
  );
  return r!.h;
}

async function lockCursor(tx: TDbOrTx, name: string): Promise<string> {
  await tx.execute(
    sql`insert into rollup_cursors (name, horizon) values (${name}, '0'::xid8) on conflict (name) do nothing`,
  );
  const [r] = await rows<{ h: string }>(
    tx,
    sql`select horizon::text as h from rollup_cursors where name = ${name} for update`,
  );
  return r!.h;
}

const xidLess = (a: string, b: string) => BigInt(a) < BigInt(b);

/** One incremental run: counts what was committed since the last run. Safe to run concurrently. */
export async function applyKpiRollup(db: TDb): Promise<TRollupRun> {
  return db.transaction(async (tx) => {
    const hi = await horizonNow(tx);
    const lo = await lockCursor(tx, KPI_CURSOR);
    if (!xidLess(lo, hi)) return { from: lo, to: lo, events: 0, callDays: [], days: [] };
    const facts = await addEventFacts(tx, lo, hi);
    const callDays = await recomputeCallDays(tx, lo, hi);
    await tx.execute(
      sql`update rollup_cursors set horizon = ${hi}::xid8, updated_at = now() where name = ${KPI_CURSOR}`,
    );
    const days = [...new Set([...facts.days, ...callDays])].sort();
    return { from: lo, to: hi, events: facts.events, callDays, days };
  });
}

/** Throws the roll-up away and recomputes it from every event and call record (the same facts). */
export async function rebuildKpis(db: TDb): Promise<TRollupRun> {
  return db.transaction(async (tx) => {
    const hi = await horizonNow(tx);
    const lo = await lockCursor(tx, KPI_CURSOR);
    await tx.execute(sql`delete from kpi_unit_daily`);
    await tx.execute(sql`delete from kpi_channel_daily`);
    await tx.execute(sql`delete from kpi_call_daily`);
    const facts = await addEventFacts(tx, '0', hi);
    const callDays = await recomputeCallDays(tx, '0', hi);
    await tx.execute(
      sql`update rollup_cursors set horizon = ${hi}::xid8, updated_at = now() where name = ${KPI_CURSOR}`,
    );
    return {
      from: lo,
      to: hi,
      events: facts.events,
      callDays,
      days: [...new Set([...facts.days, ...callDays])].sort(),
    };
  });
}

/** The three roll-up tables in a canonical order, for comparing an incremental result with a rebuild. */
export async function snapshotKpis(
  db: TDbOrTx,
): Promise<{ unit: unknown[]; channel: unknown[]; call: unknown[] }> {
  const all = async (table: string, key: string) =>
    rows(db, sql.raw(`select * from ${table} order by ${key}`));
  return {
    unit: await all('kpi_unit_daily', 'day, unit_id'),
    channel: await all('kpi_channel_daily', 'day, line, channel'),
    call: await all('kpi_call_daily', 'day, queue'),
  };
}
