import { and, eq, isNull } from 'drizzle-orm';
import { assignments } from '../../../infra/db/schema';
import type { TActionContext, TActionEffect, TActionHandler } from './action-types';
import { assignUnits, cancelOpenAssignments } from './assignments';

async function sendToUnits(c: TActionContext<'dispatch' | 'redispatch'>): Promise<TActionEffect> {
  const { tx, cal, policy, reads, ticket, input, now, actor } = c;
  const by = actor.kind === 'user' ? actor.id : null;
  const { names } = await assignUnits(
    tx,
    cal,
    policy,
    { ticketId: ticket.id, leadUnitId: input.unitId, assistingUnitIds: input.assistingUnitIds, by, now },
    reads,
  );
  return {
    patch: { leadUnitId: input.unitId, dispatchedAt: now, extensionPending: false },
    payload: {
      toUnitId: input.unitId,
      toUnitName: names.get(input.unitId) ?? null,
      assisting: input.assistingUnitIds.map((id) => ({ id, name: names.get(id) ?? null })),
    },
    unitId: input.unitId,
  };
}

/** 派单: the lead unit and any assisting units each get an assignment with sign-for and reply clocks. */
export const dispatchTicket: TActionHandler<'dispatch'> = (c) => sendToUnits(c);

/**
 * 重新派单 after a return (the dispatcher accepts it) or a redo: whatever is still open is
 * cancelled first, and an undecided return is marked accepted.
 */
export const redispatchTicket: TActionHandler<'redispatch'> = async (c) => {
  await cancelOpenAssignments(c.tx, c.ticket.id, c.now);
  const accepted = await c.tx
    .update(assignments)
    .set({
      returnDecision: 'accepted',
      returnDecidedAt: c.now,
      returnDecidedBy: c.actor.kind === 'user' ? c.actor.id : null,
    })
    .where(
      and(
        eq(assignments.ticketId, c.ticket.id),
        eq(assignments.status, 'returned'),
        isNull(assignments.returnDecision),
      ),
    )
    .returning({ unitId: assignments.unitId });
  const effect = await sendToUnits(c);
  return accepted.length
    ? { ...effect, payload: { ...effect.payload, returnAccepted: true, returnedBy: accepted[0]!.unitId } }
    : effect;
};
