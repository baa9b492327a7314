import { AppError, type TWorkCalendar } from '@hotline/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { assignments, units } from '../../../infra/db/schema';
import { durationOf, type TSlaPolicy } from '../../sla/sla-policy.repository';
import { closeDeadlines, openDeadlines, type TNewDeadline } from '../../sla/deadlines';
import type { TAssignmentRow } from './action-types';
import { named } from '../../../infra/db/named';
import { UNCACHED_READS, type TReferenceReads } from '../../dispatch/reference-cache';

/**
 * Sends the ticket to a lead unit and optional assisting units, each with its own sign-for and
 * reply clocks: one statement for the units, one for the assignments, one for all the clocks.
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

  const inserted = await tx
    .insert(assignments)
    .values(
      unitIds.map((unitId) => ({
        ticketId: a.ticketId,
        unitId,
        role: unitId === a.leadUnitId ? 'lead' : 'assist',
        status: 'pending',
        dispatchedBy: a.by,
        dispatchedAt: a.now,
      })),
    )
    .returning();
  const rows = unitIds.map((unitId) => inserted.find((r) => r.unitId === unitId)!);
  await openDeadlines(
    tx,
    cal,
    rows.flatMap((row) => clocksOf(policy, row, a.now)),
  );
  return { rows, names: new Map(found.map((f) => [f.id, f.name])) };
}

/** Sign-for and reply clocks of one assignment, both starting now. */
function clocksOf(policy: TSlaPolicy, row: TAssignmentRow, now: Date): TNewDeadline[] {
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
