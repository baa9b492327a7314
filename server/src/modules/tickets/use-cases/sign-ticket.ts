import { eq } from 'drizzle-orm';
import { assignments } from '../../../infra/db/schema';
import { closeDeadlines, metOnTime } from '../../sla/deadlines';
import type { TActionHandler } from './action-types';

/** 签收: the unit acknowledges the ticket; its sign-for clock is met, the reply clock keeps running. */
export const signTicket: TActionHandler<'sign'> = async ({ tx, assignment, actor, now, ticket }) => {
  const a = assignment!;
  await tx
    .update(assignments)
    .set({ status: 'signed', signedAt: now, signedBy: actor.kind === 'user' ? actor.id : null })
    .where(eq(assignments.id, a.id));
  const closed = await closeDeadlines(
    tx,
    { ticketId: ticket.id, assignmentIds: [a.id], kinds: ['sign'] },
    'met',
    now,
  );
  // 及时签收率 counts this fact.
  return { unitId: a.unitId, payload: { onTime: metOnTime(closed, 'sign', now) } };
};
