import { AppError, computeDue, type TWorkCalendar } from '@hotline/shared';
import { and, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import { assignments, ticketEvents } from '../../../infra/db/schema';
import { getDispatchSettings } from '../../settings/settings.repository';
import { activeDeadlines, closeDeadlines, inheritDeadline, openDeadline } from '../../sla/deadlines';
import { durationOf } from '../../sla/sla-policy.repository';
import type { TTx } from '../../../infra/db/client';
import type { TActionEffect, TActionHandler, TAssignmentRow } from './action-types';
import { WORKING_ASSIGNMENT_STATUSES } from './assignments';
import { ticketEventsFrom } from '../ticket-event-bounds';
import { unitNames } from './unit-names';

/**
 * 退单: the lead unit says the ticket is not theirs, within its return window (working days after
 * the dispatch); it goes back to the dispatcher with the reason. Assisting units stop too and
 * are remembered, so a rejected return (派单异议驳回) puts every unit back to work.
 */
export const returnTicket: TActionHandler<'return'> = async ({
  tx,
  cal,
  policy,
  assignment,
  input,
  now,
  ticket,
}) => {
  const a = assignment!;
  const { returnWindowDays } = await getDispatchSettings(tx);
  const windowEnd = computeDue(
    { start: a.dispatchedAt, duration: { amount: returnWindowDays, unit: 'working_days' } },
    cal,
  );
  if (windowEnd && now.getTime() > windowEnd.getTime()) {
    throw new AppError(
      'UNPROCESSABLE',
      `退单须在派单后 ${returnWindowDays} 个工作日内提出 (the return window has closed)`,
      {
        returnWindowDays,
        dispatchedAt: a.dispatchedAt.toISOString(),
        windowEndedAt: windowEnd.toISOString(),
      },
    );
  }
  await tx
    .update(assignments)
    .set({ status: 'returned', returnedAt: now, returnReason: input.reason })
    .where(eq(assignments.id, a.id));
  if (a.parentAssignmentId) return backToBranch(tx, cal, policy.warnRatio, ticket.id, a, input.reason, now);
  await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [a.id] }, 'cancelled', now);
  const assists = await tx
    .update(assignments)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(assignments.ticketId, ticket.id),
        eq(assignments.role, 'assist'),
        inArray(assignments.status, WORKING_ASSIGNMENT_STATUSES),
      ),
    )
    .returning({ id: assignments.id, signedAt: assignments.signedAt });
  if (assists.length) {
    await closeDeadlines(
      tx,
      { ticketId: ticket.id, assignmentIds: assists.map((x) => x.id) },
      'cancelled',
      now,
    );
  }
  return {
    payload: {
      reason: input.reason,
      assignmentId: a.id,
      heldAssists: assists.map((x) => ({ id: x.id, status: x.signedAt ? 'signed' : 'pending' })),
    },
    unitId: a.unitId,
  };
};

/**
 * 派单异议驳回: the dispatcher holds that the ticket is the unit's. The returned assignment is
 * live again under a fresh sign-for clock; its reply deadline counts from the original dispatch
 * (time spent on a wrongful return is the unit's), and the assisting units resume.
 */
export const rejectReturn: TActionHandler<'reject-return'> = async ({
  tx,
  cal,
  policy,
  ticket,
  actor,
  input,
  now,
}) => {
  const [returned] = await tx
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.ticketId, ticket.id),
        eq(assignments.status, 'returned'),
        isNull(assignments.returnDecision),
      ),
    )
    .orderBy(desc(assignments.returnedAt))
    .limit(1);
  if (!returned) throw new AppError('UNPROCESSABLE', 'There is no return waiting for a decision');
  const [event] = await tx
    .select({ payload: ticketEvents.payload })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticket.id),
        eq(ticketEvents.type, 'ticket.returned'),
        gte(ticketEvents.createdAt, ticketEventsFrom(ticket.createdAt)),
      ),
    )
    .orderBy(desc(ticketEvents.id))
    .limit(1);
  const held = ((event?.payload as { heldAssists?: { id: string; status: string }[] } | undefined)
    ?.heldAssists ?? []) as { id: string; status: string }[];
  const by = actor.kind === 'user' ? actor.id : null;
  await tx
    .update(assignments)
    .set({ status: 'pending', returnDecision: 'rejected', returnDecidedAt: now, returnDecidedBy: by })
    .where(eq(assignments.id, returned.id));
  const resumed = [
    { id: returned.id, unitId: returned.unitId, dispatchedAt: returned.dispatchedAt, status: 'pending' },
  ];
  for (const h of held) {
    const [row] = await tx
      .update(assignments)
      .set({ status: h.status })
      .where(and(eq(assignments.id, h.id), eq(assignments.status, 'cancelled')))
      .returning();
    if (row)
      resumed.push({ id: row.id, unitId: row.unitId, dispatchedAt: row.dispatchedAt, status: h.status });
  }
  for (const r of resumed) {
    if (r.status === 'pending') {
      await openDeadline(tx, cal, {
        ticketId: ticket.id,
        assignmentId: r.id,
        unitId: r.unitId,
        kind: 'sign',
        start: now,
        duration: durationOf(policy, 'sign'),
        warnRatio: policy.warnRatio,
      });
    }
    await openDeadline(tx, cal, {
      ticketId: ticket.id,
      assignmentId: r.id,
      unitId: r.unitId,
      kind: 'reply',
      start: r.dispatchedAt,
      duration: durationOf(policy, 'reply'),
      warnRatio: policy.warnRatio,
    });
  }
  return {
    patch: { leadUnitId: returned.unitId },
    payload: { reason: input.reason, unitId: returned.unitId, returnReason: returned.returnReason },
    unitId: returned.unitId,
  };
};

/**
 * Two-level dispatch: a street returns the ticket to the district branch that passed it down,
 * which decides again (pass it to another unit, handle it, or return it to the city). The
 * branch takes over the reply deadline as it stands: the citizen's wait does not restart.
 */
async function backToBranch(
  tx: TTx,
  cal: TWorkCalendar,
  warnRatio: number,
  ticketId: string,
  a: TAssignmentRow,
  reason: string,
  now: Date,
): Promise<TActionEffect> {
  const [branch] = await tx
    .update(assignments)
    .set({ status: 'pending', forwardedAt: null })
    .where(and(eq(assignments.id, a.parentAssignmentId!), eq(assignments.status, 'forwarded')))
    .returning();
  if (!branch) throw new AppError('CONFLICT', 'The unit that passed this ticket down no longer holds it');
  const reply = (await activeDeadlines(tx, ticketId)).find(
    (d) => d.assignmentId === a.id && d.kind === 'reply',
  );
  if (reply)
    await inheritDeadline(tx, cal, warnRatio, reply, { assignmentId: branch.id, unitId: branch.unitId });
  await closeDeadlines(tx, { ticketId, assignmentIds: [a.id] }, 'cancelled', now);
  const names = await unitNames(tx, [branch.unitId]);
  return {
    status: 'dispatched',
    patch: { leadUnitId: branch.unitId },
    payload: {
      reason,
      assignmentId: a.id,
      backTo: { id: branch.unitId, name: names.get(branch.unitId) ?? null },
    },
    unitId: a.unitId,
  };
}
