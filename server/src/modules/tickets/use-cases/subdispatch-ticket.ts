import { AppError } from '@hotline/shared';
import { and, eq, inArray } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { assignments, units } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { closeDeadlines, inheritDeadline, openDeadline, activeDeadlines } from '../../sla/deadlines';
import { durationOf } from '../../sla/sla-policy.repository';
import type { TActionContext, TActionHandler, TAssignmentRow } from './action-types';
import { unitNames } from './unit-names';

/**
 * 二级派单: a district hotline branch passes its assignment down to a street or department of
 * its own subtree. The branch's assignment is kept as `forwarded` (the chain), the new unit gets
 * a fresh sign-for clock and inherits the branch's reply deadline: the citizen's wait does not
 * restart because the work moved one level down.
 */
export async function passDown(
  c: Pick<TActionContext<'subdispatch'>, 'tx' | 'cal' | 'policy' | 'ticket' | 'actor' | 'input' | 'now'>,
  from: TAssignmentRow,
): Promise<{ child: TAssignmentRow; payload: Record<string, unknown> }> {
  const { tx, cal, policy, ticket, input, now } = c;
  const actor = c.actor as TUserActor;
  if (from.unitId !== actor.unitId) {
    throw new AppError('FORBIDDEN', 'Only the unit holding the assignment may pass it down', {
      unitId: from.unitId,
    });
  }
  const [branch] = await tx.select().from(units).where(eq(units.id, from.unitId));
  if (!branch?.canDispatch) {
    throw new AppError('FORBIDDEN', 'Your unit does not dispatch further down', { unitId: from.unitId });
  }
  const [target] = await tx.select().from(units).where(eq(units.id, input.unitId));
  if (!target || !target.active || target.id === branch.id || !target.path.startsWith(branch.path)) {
    throw new AppError('UNPROCESSABLE', 'The unit must be an active unit under yours', {
      unitId: input.unitId,
    });
  }
  const [already] = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(
      and(
        eq(assignments.ticketId, ticket.id),
        eq(assignments.unitId, target.id),
        inArray(assignments.status, ['pending', 'signed']),
      ),
    );
  if (already) throw new AppError('CONFLICT', 'That unit already holds this ticket', { unitId: target.id });

  const reply = (await activeDeadlines(tx, ticket.id)).find(
    (d) => d.assignmentId === from.id && d.kind === 'reply',
  );
  await tx
    .update(assignments)
    .set({
      status: 'forwarded',
      forwardedAt: now,
      signedAt: from.signedAt ?? now,
      signedBy: from.signedBy ?? actor.id,
    })
    .where(eq(assignments.id, from.id));
  await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [from.id], kinds: ['sign'] }, 'met', now);
  await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [from.id] }, 'cancelled', now);

  const [child] = await tx
    .insert(assignments)
    .values({
      ticketId: ticket.id,
      unitId: target.id,
      role: from.role,
      status: 'pending',
      parentAssignmentId: from.id,
      dispatchedBy: actor.id,
      dispatchedAt: now,
      redoCount: from.redoCount,
    })
    .returning();
  await openDeadline(tx, cal, {
    ticketId: ticket.id,
    assignmentId: child!.id,
    unitId: target.id,
    kind: 'sign',
    start: now,
    duration: durationOf(policy, 'sign'),
    warnRatio: policy.warnRatio,
  });
  if (reply)
    await inheritDeadline(tx, cal, policy.warnRatio, reply, { assignmentId: child!.id, unitId: target.id });
  else
    await openDeadline(tx, cal, {
      ticketId: ticket.id,
      assignmentId: child!.id,
      unitId: target.id,
      kind: 'reply',
      start: now,
      duration: durationOf(policy, 'reply'),
      warnRatio: policy.warnRatio,
    });
  const chain = await chainOf(tx, child!);
  const names = await unitNames(tx, chain);
  return {
    child: child!,
    payload: {
      role: from.role,
      fromUnitId: branch.id,
      fromUnitName: branch.name,
      toUnitId: target.id,
      toUnitName: target.name,
      chain: chain.map((id) => ({ id, name: names.get(id) ?? null })),
    },
  };
}

/** Unit ids from the first dispatch down to this assignment. */
async function chainOf(tx: TTx, a: TAssignmentRow): Promise<string[]> {
  const ids = [a.unitId];
  let parentId = a.parentAssignmentId;
  while (parentId) {
    const [p] = await tx.select().from(assignments).where(eq(assignments.id, parentId));
    if (!p) break;
    ids.unshift(p.unitId);
    parentId = p.parentAssignmentId;
  }
  return ids;
}

/** The lead unit's chain moves down: the ticket waits for the new unit to sign. */
export const subdispatchTicket: TActionHandler<'subdispatch'> = async (c) => {
  const { child, payload } = await passDown(c, c.assignment!);
  return { patch: { leadUnitId: child.unitId, extensionPending: false }, payload, unitId: child.unitId };
};
