import { and, eq, gt, isNotNull, isNull, lte } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { ticketDeadlines } from '../../../infra/db/schema';
import { SYSTEM_CLOCK } from '../../auth/actor';
import { recordDeadlineEvent, withLockedTicketOf } from './deadline-events';

/**
 * Stamps the "about to be overdue" warning of a deadline and tells the unit, exactly once (a
 * conditional update, like the breach). A warning that comes after the due instant is not
 * recorded: by then the breach is the news, and it is recorded instead.
 */
export async function recordDeadlineWarning(
  ctx: TUseCaseContext,
  deadlineId: string,
  now: Date,
): Promise<boolean> {
  return withLockedTicketOf(ctx, deadlineId, async (tx, ticket) => {
    const [deadline] = await tx
      .update(ticketDeadlines)
      .set({ warnedAt: now })
      .where(
        and(
          eq(ticketDeadlines.id, deadlineId),
          eq(ticketDeadlines.status, 'active'),
          isNull(ticketDeadlines.warnedAt),
          isNull(ticketDeadlines.breachedAt),
          isNotNull(ticketDeadlines.warnAt),
          lte(ticketDeadlines.warnAt, now),
          gt(ticketDeadlines.dueAt, now),
        ),
      )
      .returning();
    if (!deadline) return false;
    await recordDeadlineEvent(tx, ticket, deadline, 'ticket.deadline_warning', SYSTEM_CLOCK, now);
    return true;
  });
}
