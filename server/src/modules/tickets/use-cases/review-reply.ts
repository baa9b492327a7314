import { and, eq, inArray, sql } from 'drizzle-orm';
import { assignments } from '../../../infra/db/schema';
import { closeDeadlines, openDeadline } from '../../sla/deadlines';
import { durationOf } from '../../sla/sla-policy.repository';
import type { TActionContext, TActionHandler } from './action-types';
import { leadAssignment, openClocks } from './assignments';

/** 审核通过: the reply stands; the ticket is resolved and the callback clock starts. */
export const approveReply: TActionHandler<'approve-reply'> = async ({ tx, cal, policy, ticket, now }) => {
  await tx
    .update(assignments)
    .set({ status: 'done' })
    .where(
      and(
        eq(assignments.ticketId, ticket.id),
        inArray(assignments.status, ['replied', 'signed', 'pending', 'awaiting_signoff']),
      ),
    );
  await closeDeadlines(tx, { ticketId: ticket.id, kinds: ['sign', 'reply'] }, 'cancelled', now);
  await openDeadline(tx, cal, {
    ticketId: ticket.id,
    assignmentId: null,
    unitId: null,
    kind: 'callback',
    start: now,
    duration: durationOf(policy, 'callback'),
    warnRatio: policy.warnRatio,
  });
  return { patch: { resolvedAt: now } };
};

/** Sends the work back to the lead unit for a redo (重办): it signs again under fresh clocks. */
export async function redoAtLeadUnit(
  c: Pick<TActionContext<never>, 'tx' | 'cal' | 'policy' | 'ticket' | 'now'>,
) {
  const lead = await leadAssignment(c.tx, c.ticket.id, ['replied', 'done', 'signed', 'pending']);
  if (!lead) return null;
  await closeDeadlines(c.tx, { ticketId: c.ticket.id }, 'cancelled', c.now);
  const [row] = await c.tx
    .update(assignments)
    .set({
      status: 'pending',
      signedAt: null,
      signedBy: null,
      repliedAt: null,
      redoCount: sql`${assignments.redoCount} + 1`,
    })
    .where(eq(assignments.id, lead.id))
    .returning();
  await openClocks(c.tx, c.cal, c.policy, row!, c.now);
  return row!;
}

/** 审核退回: the reply does not answer the citizen; the lead unit redoes it. */
export const rejectReply: TActionHandler<'reject-reply'> = async (c) => {
  const lead = await redoAtLeadUnit(c);
  return {
    payload: { reason: c.input.reason, redo: lead?.redoCount ?? null },
    unitId: lead?.unitId ?? null,
  };
};
