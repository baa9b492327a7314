import { randomUUID } from 'node:crypto';
import { AppError, type TWorkCalendar } from '@hotline/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { assignments, units } from '../../../infra/db/schema';
import { durationOf, type TSlaPolicy } from '../../sla/sla-policy.repository';
import { closeDeadlines, newDeadlineValues, openDeadlines, type TNewDeadline } from '../../sla/deadlines';
import type { TAssignmentRow } from './action-types';
import { executeNamed, named, rowOf } from '../../../infra/db/named';
import { UNCACHED_READS, type TReferenceReads } from '../../dispatch/reference-cache';

/**
 * Sends the ticket to a lead unit and optional assisting units, each with its own sign-for and
 * reply clocks: one statement for the assignments and all their clocks (the units are cached).
 * Only for an action: the ticket's audience is left to the action's update of the row.
 * Returns the assignments (lead first) and the units' names for the event.
 */
export async function assignUnits(
  tx: TTx,
  cal: TWorkCalendar,
  policy: TSlaPolicy,
  a: { ticketId: string; leadUnitId: string; assistingUnitIds: string[]; by: string | null; now: Date },
  /** Every unit's name and state, kept per reference version (units move it on). */
  reads: TReferenceReads = UNCACHED_READS,
): Promise<{ rows: TAssignmentRow[]; names: Map<string, string> }> {
  const unitIds = [a.leadUnitId, ...a.assistingUnitIds.filter((u) => u !== a.leadUnitId)];
  const all = await reads.get('units-by-id', async () => {
    const rows = await named(tx.select({ id: units.id, active: units.active, name: units.name }).from(units));
    return new Map(rows.map((r) => [r.id, r]));
  });
  const found = unitIds.flatMap((id) => (all.has(id) ? [all.get(id)!] : []));
  const missing = unitIds.filter((id) => !found.some((f) => f.id === id && f.active));
  if (missing.length) throw new AppError('UNPROCESSABLE', 'Unknown or inactive unit', { unitIds: missing });

  // The assignments and all their clocks in one named statement (ids made here, so the clocks
  // can name their assignment): arrays, so one text serves any number of assisting units.
  const ids = unitIds.map(() => randomUUID());
  const clocks = newDeadlineValues(
    cal,
    ids.flatMap((id, i) => clocksOf(policy, { id, ticketId: a.ticketId, unitId: unitIds[i]! }, a.now)),
  );
  const list = <T>(values: T[]) => sql.param(values);
  const res = await executeNamed(
    tx,
    sql`with a as (
      insert into assignments (id, ticket_id, unit_id, role, status, dispatched_by, dispatched_at)
      select x.id, ${a.ticketId}::uuid, x.unit_id, x.role, 'pending', ${a.by}::uuid, ${a.now.toISOString()}::timestamptz
      from unnest(${list(ids)}::uuid[], ${list(unitIds)}::uuid[], ${list(
        unitIds.map((u) => (u === a.leadUnitId ? 'lead' : 'assist')),
      )}::text[]) as x(id, unit_id, role)
      returning *),
    d as (
      insert into ticket_deadlines (ticket_id, assignment_id, unit_id, kind, start_at, due_at, warn_at,
        duration_amount, duration_unit)
      select ${a.ticketId}::uuid, x.assignment_id, x.unit_id, x.kind, ${a.now.toISOString()}::timestamptz,
        x.due_at, x.warn_at, x.amount, x.unit
      from unnest(${list(clocks.map((c) => c.assignmentId))}::uuid[], ${list(clocks.map((c) => c.unitId))}::uuid[],
        ${list(clocks.map((c) => c.kind))}::text[], ${list(clocks.map((c) => c.dueAt?.toISOString() ?? null))}::timestamptz[],
        ${list(clocks.map((c) => c.warnAt?.toISOString() ?? null))}::timestamptz[],
        ${list(clocks.map((c) => c.durationAmount))}::real[], ${list(clocks.map((c) => c.durationUnit))}::text[])
        as x(assignment_id, unit_id, kind, due_at, warn_at, amount, unit)),
    -- The action's own update of the ticket sets its audience (migration 0013): no second write.
    deferred as (select set_config('hotline.audience_by_action', ${a.ticketId}, true))
    select a.* from a, deferred`,
  );
  const inserted = res.rows.map((r) => rowOf(assignments, r));
  const rows = unitIds.map((unitId) => inserted.find((r) => r.unitId === unitId)!);
  return { rows, names: new Map(found.map((f) => [f.id, f.name])) };
}

/** Sign-for and reply clocks of one assignment, both starting now. */
function clocksOf(
  policy: TSlaPolicy,
  row: Pick<TAssignmentRow, 'id' | 'ticketId' | 'unitId'>,
  now: Date,
): TNewDeadline[] {
  return (['sign', 'reply'] as const).map((kind) => ({
    ticketId: row.ticketId,
    assignmentId: row.id,
    unitId: row.unitId,
    kind,
    start: now,
    duration: durationOf(policy, kind),
    warnRatio: policy.warnRatio,
  }));
}

/** Sign-for and reply clocks of one assignment, both starting now. */
export async function openClocks(
  tx: TTx,
  cal: TWorkCalendar,
  policy: TSlaPolicy,
  row: TAssignmentRow,
  now: Date,
) {
  await openDeadlines(tx, cal, clocksOf(policy, row, now));
}

/** Assignments a unit is still working on; `awaiting_signoff` has not left the unit yet (审核签发). */
export const WORKING_ASSIGNMENT_STATUSES = ['pending', 'signed', 'awaiting_signoff'];

/** Ends the open assignments of a ticket (merge, close, redispatch) and their clocks. */
export async function cancelOpenAssignments(tx: TTx, ticketId: string, now: Date, status = 'cancelled') {
  const open = await tx
    .update(assignments)
    .set({ status })
    .where(and(eq(assignments.ticketId, ticketId), inArray(assignments.status, WORKING_ASSIGNMENT_STATUSES)))
    .returning({ id: assignments.id });
  if (open.length) {
    await closeDeadlines(tx, { ticketId, assignmentIds: open.map((o) => o.id) }, 'cancelled', now);
  }
}

/** The open assignment of the acting unit (its own or one below it), lead first. */
export async function findActorAssignment(
  tx: TTx,
  ticketId: string,
  unitPath: string,
  statuses: string[],
): Promise<TAssignmentRow | null> {
  const rows = await tx
    .select({ a: assignments })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(
      and(
        eq(assignments.ticketId, ticketId),
        inArray(assignments.status, statuses),
        sql`${units.path} like ${unitPath + '%'}`,
      ),
    )
    .orderBy(sql`case when ${assignments.role} = 'lead' then 0 else 1 end`, assignments.dispatchedAt);
  return rows[0]?.a ?? null;
}

export async function leadAssignment(
  tx: TTx,
  ticketId: string,
  statuses: string[],
): Promise<TAssignmentRow | null> {
  const [row] = await tx
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.ticketId, ticketId),
        eq(assignments.role, 'lead'),
        inArray(assignments.status, statuses),
      ),
    )
    .orderBy(sql`${assignments.dispatchedAt} desc`)
    .limit(1);
  return row ?? null;
}
