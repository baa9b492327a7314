import { and, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { ticketDeadlines } from '../../../infra/db/schema';
import { SYSTEM_CLOCK } from '../../auth/actor';
import { refreshTicketDue } from '../deadlines';
import { recordDeadlineEvent, withLockedTicketOf } from './deadline-events';

/**
 * Stamps a deadline as breached and tells everyone, exactly once: the stamp is a conditional
 * update, so however many timers and sweeps fire for the same deadline only the first one that
 * finds it overdue and unstamped records the `ticket.deadline_breached` event.
 */
export async function recordDeadlineBreach(
  ctx: TUseCaseContext,
  deadlineId: string,
  now: Date,
): Promise<boolean> {
  return withLockedTicketOf(ctx, deadlineId, async (tx, ticket) => {
    const [deadline] = await tx
      .update(ticketDeadlines)
      .set({ breachedAt: now })
      .where(
        and(
          eq(ticketDeadlines.id, deadlineId),
          eq(ticketDeadlines.status, 'active'),
          isNull(ticketDeadlines.breachedAt),
          isNotNull(ticketDeadlines.dueAt),
          lt(ticketDeadlines.dueAt, now),
        ),
      )
      .returning();
    if (!deadline) return false;
    // The headline deadline of the ticket may be this one: lists show it overdue from now on.
    await refreshTicketDue(tx, ticket.id);
    await recordDeadlineEvent(tx, ticket, deadline, 'ticket.deadline_breached', SYSTEM_CLOCK, now);
    return true;
  });
}
