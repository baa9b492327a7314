import {
  clockBasisOf,
  computeDue,
  computeWarnAt,
  type TDeadlineKind,
  type TDuration,
  type TWorkCalendar,
} from '@hotline/shared';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { ticketDeadlines, tickets } from '../../infra/db/schema';
import { named } from '../../infra/db/named';

export type TDeadlineRow = typeof ticketDeadlines.$inferSelect;
/** What the SLA clocks need to (re)arm a timer. */
export type TArmedDeadline = { id: string; warnAt: string | null; dueAt: string | null };

type TPauses = TDeadlineRow['pauses'];

/** Due and warning instants of a deadline row from its start, duration, extensions and pauses. */
export function scheduleOf(
  row: Pick<TDeadlineRow, 'startAt' | 'durationAmount' | 'durationUnit' | 'extensionDays' | 'pauses'>,
  warnRatio: number,
  cal: TWorkCalendar,
): { dueAt: Date | null; warnAt: Date | null } {
  const duration: TDuration = { amount: row.durationAmount, unit: row.durationUnit as TDuration['unit'] };
  const pauses = row.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
  const extensions: TDuration[] =
    row.extensionDays > 0 ? [{ unit: 'working_days', amount: row.extensionDays }] : [];
  const dueAt = computeDue({ start: row.startAt, duration, pauses, extensions }, cal);
  const warnAt = dueAt
    ? computeWarnAt(row.startAt, dueAt, warnRatio, cal, pauses, clockBasisOf(duration.unit))
    : null;
  return { dueAt, warnAt };
}

export function armed(row: Pick<TDeadlineRow, 'id' | 'dueAt' | 'warnAt'>): TArmedDeadline {
  return { id: row.id, dueAt: row.dueAt?.toISOString() ?? null, warnAt: row.warnAt?.toISOString() ?? null };
}

export type TNewDeadline = {
  ticketId: string;
  assignmentId: string | null;
  unitId: string | null;
  kind: TDeadlineKind;
  start: Date;
  duration: TDuration;
  warnRatio: number;
};

export async function openDeadline(tx: TDbOrTx, cal: TWorkCalendar, d: TNewDeadline): Promise<TDeadlineRow> {
  const [row] = await openDeadlines(tx, cal, [d]);
  return row!;
}

/** The rows of new clocks, due and warning instants computed on the work calendar. */
export function newDeadlineValues(cal: TWorkCalendar, list: readonly TNewDeadline[]) {
  return list.map((d) => {
    const base = {
      startAt: d.start,
      durationAmount: d.duration.amount,
      durationUnit: d.duration.unit,
      extensionDays: 0,
      pauses: [] as TPauses,
    };
    const { dueAt, warnAt } = scheduleOf(base, d.warnRatio, cal);
    return {
      ...base,
      ticketId: d.ticketId,
      assignmentId: d.assignmentId,
      unitId: d.unitId,
      kind: d.kind,
      dueAt,
      warnAt,
    };
  });
}

/** Several clocks in one statement (a dispatch opens sign-for and reply clocks per unit); rows in the order given. */
export async function openDeadlines(
  tx: TDbOrTx,
  cal: TWorkCalendar,
  list: readonly TNewDeadline[],
): Promise<TDeadlineRow[]> {
  if (!list.length) return [];
  const values = newDeadlineValues(cal, list);
  const rows = await tx.insert(ticketDeadlines).values(values).returning();
  // RETURNING gives no order guarantee: put the rows back in the order asked for.
  return values.map(
    (v) =>
      rows.find((r) => r.assignmentId === v.assignmentId && r.kind === v.kind && r.unitId === v.unitId) ??
      rows[values.indexOf(v)]!,
  );
}

/**
 * A copy of a running deadline for another assignment (two-level dispatch): same start,
 * duration, extensions and pauses, hence the same due instant.
 */
export async function inheritDeadline(
  tx: TDbOrTx,
  cal: TWorkCalendar,
  warnRatio: number,
  from: TDeadlineRow,
  to: { assignmentId: string; unitId: string },
): Promise<TDeadlineRow> {
  const { dueAt, warnAt } = scheduleOf(from, warnRatio, cal);
  const [row] = await tx
    .insert(ticketDeadlines)
    .values({
      ticketId: from.ticketId,
      assignmentId: to.assignmentId,
      unitId: to.unitId,
      kind: from.kind,
      startAt: from.startAt,
      durationAmount: from.durationAmount,
      durationUnit: from.durationUnit,
      extensionDays: from.extensionDays,
      pauses: from.pauses,
      dueAt,
      warnAt,
    })
    .returning();
  return row!;
}

/** Stops active clocks: `met` when the work was done, `cancelled` when it no longer applies. */
export async function closeDeadlines(
  tx: TDbOrTx,
  where: { ticketId: string; kinds?: TDeadlineKind[]; assignmentIds?: string[] },
  outcome: 'met' | 'cancelled',
  at: Date,
): Promise<TClosedClock[]> {
  const conds = [eq(ticketDeadlines.ticketId, where.ticketId), eq(ticketDeadlines.status, 'active')];
  if (where.kinds) conds.push(inArray(ticketDeadlines.kind, where.kinds));
  if (where.assignmentIds) conds.push(inArray(ticketDeadlines.assignmentId, where.assignmentIds));
  return tx
    .update(ticketDeadlines)
    .set({ status: outcome, metAt: outcome === 'met' ? at : null })
    .where(and(...conds))
    .returning({
      kind: ticketDeadlines.kind,
      dueAt: ticketDeadlines.dueAt,
      startAt: ticketDeadlines.startAt,
    });
}

export type TClosedClock = { kind: string; dueAt: Date | null; startAt: Date };

/**
 * Whether the clock of `kind` among those just closed was met by its due time: the fact the KPI
 * roll-up reads from the event (null when no such clock was running, e.g. a suspended ticket's).
 */
export function metOnTime(closed: TClosedClock[], kind: string, at: Date): boolean | null {
  const clock = closed.find((c) => c.kind === kind);
  if (!clock) return null;
  return clock.dueAt === null || at.getTime() <= clock.dueAt.getTime();
}

export async function activeDeadlines(tx: TDbOrTx, ticketId: string): Promise<TDeadlineRow[]> {
  return tx
    .select()
    .from(ticketDeadlines)
    .where(and(eq(ticketDeadlines.ticketId, ticketId), eq(ticketDeadlines.status, 'active')));
}

/**
 * Rewrites active deadlines of a ticket through `change` (pause, resume, extend) and recomputes
 * their due and warning instants. A moved due clears a warning that no longer holds.
 */
export async function reschedule(
  tx: TDbOrTx,
  cal: TWorkCalendar,
  rows: TDeadlineRow[],
  warnRatio: number,
  change: (row: TDeadlineRow) => Pick<TDeadlineRow, 'pauses' | 'extensionDays'>,
  now: Date,
): Promise<TDeadlineRow[]> {
  const out: TDeadlineRow[] = [];
  for (const row of rows) {
    const next = { ...row, ...change(row) };
    const { dueAt, warnAt } = scheduleOf(next, warnRatio, cal);
    const warnedAt = row.warnedAt && warnAt && warnAt.getTime() > now.getTime() ? null : row.warnedAt;
    const [updated] = await tx
      .update(ticketDeadlines)
      .set({ pauses: next.pauses, extensionDays: next.extensionDays, dueAt, warnAt, warnedAt })
      .where(eq(ticketDeadlines.id, row.id))
      .returning();
    out.push(updated!);
  }
  return out;
}

export function withPauseOpened(row: TDeadlineRow, at: Date): TPauses {
  return [...row.pauses, { from: at.toISOString(), to: null }];
}

export function withPauseClosed(row: TDeadlineRow, at: Date): TPauses {
  return row.pauses.map((p) => (p.to === null ? { ...p, to: at.toISOString() } : p));
}

/**
 * The ticket's headline deadline for lists: the earliest active one of the lead unit or the
 * hotline (assisting units' clocks show on their own assignment). Column values for an UPDATE of
 * `tickets`, read from the row being updated, so an action sets them in its own update.
 */
export function ticketDueColumns(): { dueAt: SQL; dueKind: SQL; overdue: SQL } {
  const headline = (column: SQL) => sql`(
    select ${column} from ticket_deadlines dl
    left join assignments a on a.id = dl.assignment_id
    where dl.ticket_id = ${tickets.id} and dl.status = 'active' and (a.id is null or a.role = 'lead')
    order by dl.due_at asc nulls last, dl.id
    limit 1)`;
  return {
    dueAt: headline(sql`dl.due_at`),
    dueKind: headline(sql`dl.kind`),
    overdue: sql`coalesce(${headline(sql`dl.breached_at is not null`)}, false)`,
  };
}

/** Sets the ticket's headline deadline (see ticketDueColumns) after its clocks changed. */
export async function refreshTicketDue(tx: TDbOrTx, ticketId: string): Promise<void> {
  await named(tx.update(tickets).set(ticketDueColumns()).where(eq(tickets.id, ticketId)));
}
