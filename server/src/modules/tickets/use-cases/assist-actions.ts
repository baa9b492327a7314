import { AppError, type TTicketAction } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { assignments, tickets } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { closeDeadlines } from '../../sla/deadlines';
import type { TAssignmentRow, TTicketRow } from './action-types';
import { recordTicketEvent } from './publish';
import { passDown } from './subdispatch-ticket';
import { findPolicyFor } from '../../sla/sla-policy.repository';

const ASSIST_WORKING: readonly string[] = ['dispatched', 'in_progress', 'reopened', 'replied'];

/**
 * 协办: an assisting unit signs for and replies on its own assignment. The ticket's status follows
 * the lead unit only, so these change the assignment, the clocks and the timeline.
 */
export async function assistAction(
  _ctx: TUseCaseContext,
  tx: TTx,
  ticket: TTicketRow,
  actor: TUserActor,
  a: TAssignmentRow,
  action: TTicketAction,
  input: unknown,
  now: Date,
): Promise<TTicketRow> {
  if (!ASSIST_WORKING.includes(ticket.status)) {
    throw new AppError('ILLEGAL_TRANSITION', `Cannot ${action} a ticket that is ${ticket.status}`);
  }
  let payload: Record<string, unknown>;
  if (action === 'sign') {
    await tx
      .update(assignments)
      .set({ status: 'signed', signedAt: now, signedBy: actor.id })
      .where(eq(assignments.id, a.id));
    await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [a.id], kinds: ['sign'] }, 'met', now);
    payload = { assist: true };
  } else if (action === 'reply') {
    const { content, solved } = input as { content: string; solved: boolean };
    await tx
      .update(assignments)
      .set({ status: 'replied', repliedAt: now, replyContent: content, replySolved: solved })
      .where(eq(assignments.id, a.id));
    await closeDeadlines(tx, { ticketId: ticket.id, assignmentIds: [a.id] }, 'met', now);
    payload = { assist: true, content, solved };
  } else if (action === 'subdispatch') {
    const passed = await passDown(
      {
        tx,
        cal: await _ctx.calendar.get(),
        policy: await findPolicyFor(tx, ticket),
        ticket,
        actor,
        input: input as { unitId: string },
        now,
      },
      a,
    );
    payload = { assist: true, ...passed.payload };
  } else {
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `An assisting unit can sign, reply and pass down, not ${action}`,
      {
        action,
      },
    );
  }
  const [updated] = await tx
    .update(tickets)
    .set({ version: ticket.version + 1, updatedAt: now })
    .where(eq(tickets.id, ticket.id))
    .returning();
  await recordTicketEvent(tx, {
    ticket: updated!,
    type:
      action === 'sign' ? 'ticket.signed' : action === 'reply' ? 'ticket.replied' : 'ticket.subdispatched',
    actor,
    unitId: a.unitId,
    fromStatus: ticket.status,
    payload,
    now,
  });
  return updated!;
}
