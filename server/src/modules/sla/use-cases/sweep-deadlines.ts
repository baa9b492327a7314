import { sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { recordDeadlineBreach } from './record-deadline-breach';
import { recordDeadlineWarning } from './record-deadline-warning';

export type TSweepResult = { warnings: number; breaches: number };

const BATCH = 500;
/** Bounds one sweep: a backlog larger than this is finished by the next sweep a minute later. */
const MAX_BATCHES = 20;
/** Concurrent records per sweep; stays well inside the connection pool. */
const SWEEP_LANES = 4;

/**
 * Records every breach and warning that is due and not yet recorded. The delayed BullMQ jobs
 * normally get there first; this finds what they missed (Redis flushed, workers down for a
 * while) and is safe to run from any number of processes at once: each record is idempotent.
 * Breaches go first, so a deadline that passed unwatched is reported overdue, not "due soon".
 */
export async function sweepDeadlines(ctx: TUseCaseContext, now: Date = ctx.clock()): Promise<TSweepResult> {
  const result: TSweepResult = { warnings: 0, breaches: 0 };
  // The predicates repeat the partial indexes' ones (deadlines_due_active_idx, deadlines_warn_active_idx).
  await drain(
    ctx,
    sql`
    select id from ticket_deadlines
    where status = 'active' and breached_at is null and due_at < ${now}
    order by due_at limit ${BATCH}`,
    async (id) => {
      if (await recordDeadlineBreach(ctx, id, now)) result.breaches += 1;
    },
  );
  await drain(
    ctx,
    sql`
    select id from ticket_deadlines
    where status = 'active' and warned_at is null and warn_at <= ${now}
      and breached_at is null and due_at > ${now}
    order by warn_at limit ${BATCH}`,
    async (id) => {
      if (await recordDeadlineWarning(ctx, id, now)) result.warnings += 1;
    },
  );
  return result;
}

async function drain(
  ctx: TUseCaseContext,
  query: ReturnType<typeof sql>,
  record: (id: string) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < MAX_BATCHES; i++) {
    const res = await ctx.db.execute(query);
    const ids = (res.rows as { id: string }[]).map((r) => r.id);
    // A few at a time: each record is its own short transaction, mostly waiting on commit.
    let next = 0;
    const lane = async () => {
      while (next < ids.length) await record(ids[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_LANES, ids.length) }, lane));
    if (ids.length < BATCH) return;
  }
}
