import type { TTicketEventType, TTicketOutboxPayload } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { outbox, ticketEvents } from '../../../infra/db/schema';
import type { TActor } from '../../auth/actor';
import { activeDeadlines, armed } from '../../sla/deadlines';
import type { TTicketRow } from './action-types';

export const OUTBOX_CHANNEL = 'hotline_outbox';

/**
 * Appends the ticket event and its outbox row in the caller's transaction. The NOTIFY is
 * delivered only at commit, so the relay never sees a change that was rolled back.
 */
export async function recordTicketEvent(
  tx: TTx,
  e: {
    ticket: TTicketRow;
    type: TTicketEventType;
    actor: TActor;
    unitId: string | null;
    fromStatus: string | null;
    payload: Record<string, unknown>;
    now: Date;
  },
): Promise<void> {
  const user = e.actor.kind === 'user' ? e.actor : null;
  const [event] = await tx
    .insert(ticketEvents)
    .values({
      ticketId: e.ticket.id,
      type: e.type,
      actorId: user?.id ?? null,
      actorName: user ? user.displayName : e.actor.kind === 'system' ? e.actor.name : null,
      actorRole: user?.role ?? 'system',
      unitId: e.unitId,
      fromStatus: e.fromStatus,
      toStatus: e.ticket.status,
      payload: e.payload,
      createdAt: e.now,
    })
    .returning({ id: ticketEvents.id });

  const unitRes = await tx.execute(sql`
    select distinct unnest(string_to_array(trim(both '/' from u.path), '/')) as id
    from assignments a join units u on u.id = a.unit_id
    where a.ticket_id = ${e.ticket.id} and a.status <> 'cancelled'`);
  const deadlines = await activeDeadlines(tx, e.ticket.id);
  const payload: TTicketOutboxPayload = {
    message: {
      type: e.type,
      ticketId: e.ticket.id,
      ticketNo: e.ticket.no,
      status: e.ticket.status as TTicketOutboxPayload['message']['status'],
      version: e.ticket.version,
      eventId: String(event!.id),
      at: e.now.toISOString(),
      actorName: user ? user.displayName : e.actor.kind === 'system' ? e.actor.name : null,
      unitIds: (unitRes.rows as { id: string }[]).map((r) => r.id).filter(Boolean),
    },
    confidential: e.ticket.confidential,
    deadlines: deadlines.map(armed),
  };
  await tx.insert(outbox).values({ topic: e.type, aggregateId: e.ticket.id, payload, createdAt: e.now });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}
