import type { TTicketEventType } from '@hotline/shared';
import { eq, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { ticketDeadlines, tickets } from '../../../infra/db/schema';
import type { TActor } from '../../auth/actor';
import type { TTicketRow } from '../../tickets/use-cases/action-types';
import { recordTicketEvent } from '../../tickets/use-cases/publish';
import type { TDeadlineRow } from '../deadlines';
import { named } from '../../../infra/db/named';

/**
 * Runs `fn` in one transaction holding the row lock of the deadline's ticket: the same lock
 * every lifecycle action takes first, so a clock event and a sign/extend/suspend on the same
 * ticket never interleave (and always lock in the same order: ticket, then deadlines).
 */
export async function withLockedTicketOf<T>(
  ctx: TUseCaseContext,
  deadlineId: string,
  fn: (tx: TTx, ticket: TTicketRow) => Promise<T | false>,
): Promise<T | false> {
  return ctx.db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ ticketId: ticketDeadlines.ticketId })
      .from(ticketDeadlines)
      .where(eq(ticketDeadlines.id, deadlineId));
    if (!owner) return false;
    const [ticket] = await named(
      tx.select().from(tickets).where(eq(tickets.id, owner.ticketId)).for('update'),
    );
    if (!ticket) return false;
    return fn(tx, ticket);
  });
}

/**
 * Bumps the ticket's version (clients refetch on it) and writes the clock event and its outbox
 * row. A unit's clock also writes the automatic reminder (系统催办) to that unit.
 */
export async function recordDeadlineEvent(
  tx: TTx,
  ticket: TTicketRow,
  deadline: TDeadlineRow,
  type: Extract<TTicketEventType, 'ticket.deadline_warning' | 'ticket.deadline_breached'>,
  actor: TActor,
  now: Date,
): Promise<void> {
  const [updated] = await named(
    tx
      .update(tickets)
      .set({ version: sql`${tickets.version} + 1`, updatedAt: now })
      .where(eq(tickets.id, ticket.id))
      .returning(),
  );
  await recordTicketEvent(tx, {
    ticket: updated!,
    type,
    actor,
    unitId: deadline.unitId,
    fromStatus: ticket.status,
    payload: {
      deadlineId: deadline.id,
      kind: deadline.kind,
      unitId: deadline.unitId,
      dueAt: deadline.dueAt?.toISOString() ?? null,
      ...(type === 'ticket.deadline_warning' ? { warnAt: deadline.warnAt?.toISOString() ?? null } : {}),
    },
    now,
  });
  if (deadline.unitId && deadline.kind !== 'callback') {
    await recordTicketEvent(tx, {
      ticket: updated!,
      type: 'ticket.chased',
      actor,
      unitId: deadline.unitId,
      fromStatus: ticket.status,
      payload: {
        auto: true,
        trigger: type === 'ticket.deadline_warning' ? 'warning' : 'breach',
        deadlineId: deadline.id,
        kind: deadline.kind,
        unitIds: [deadline.unitId],
        dueAt: deadline.dueAt?.toISOString() ?? null,
      },
      now,
    });
  }
}
