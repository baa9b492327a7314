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
    /** The ticket was inserted in this transaction: it has no assignments or deadlines to read yet. */
    newTicket?: boolean;
  },
): Promise<void> {
  const user = e.actor.kind === 'user' ? e.actor : null;
  const actorName = user ? user.displayName : e.actor.kind === 'system' ? e.actor.name : null;
  const unitIds = e.newTicket ? [] : await assignedUnitIds(tx, e.ticket.id);
  const deadlines = e.newTicket ? [] : await activeDeadlines(tx, e.ticket.id);
  const payload: TTicketOutboxPayload = {
    message: {
      type: e.type,
      ticketId: e.ticket.id,
      ticketNo: e.ticket.no,
      status: e.ticket.status as TTicketOutboxPayload['message']['status'],
      version: e.ticket.version,
      // The event's id, set by the statement below once the event has it.
      eventId: '',
      at: e.now.toISOString(),
      actorName,
      unitIds,
    },
    confidential: e.ticket.confidential,
    deadlines: deadlines.map(armed),
  };
  const now = e.now.toISOString();
  // The event, its outbox row and the NOTIFY in one statement: a ticket's transaction holds its
  // row (and, when filing, the day's number counter) locked, and every round trip is time in
  // which other writers wait.
  await tx.execute(sql`
    with event as (
      insert into ${ticketEvents}
        (ticket_id, type, actor_id, actor_name, actor_role, unit_id, from_status, to_status, payload, created_at)
      values (${e.ticket.id}::uuid, ${e.type}, ${user?.id ?? null}::uuid, ${actorName}, ${user?.role ?? 'system'},
        ${e.unitId}::uuid, ${e.fromStatus}, ${e.ticket.status}, ${JSON.stringify(e.payload)}::jsonb, ${now}::timestamptz)
      returning id),
    written as (
      insert into ${outbox} (topic, aggregate_id, payload, created_at)
      select ${e.type}, ${e.ticket.id}::uuid,
        jsonb_set(${JSON.stringify(payload)}::jsonb, '{message,eventId}', to_jsonb(event.id::text)), ${now}::timestamptz
      from event
      returning id)
    select pg_notify(${OUTBOX_CHANNEL}, '') from written`);
}

/** Units holding the ticket and every unit above them (the rooms its change is announced in). */
async function assignedUnitIds(tx: TTx, ticketId: string): Promise<string[]> {
  const res = await tx.execute(sql`
    select distinct unnest(string_to_array(trim(both '/' from u.path), '/')) as id
    from assignments a join units u on u.id = a.unit_id
    where a.ticket_id = ${ticketId} and a.status <> 'cancelled'`);
  return (res.rows as { id: string }[]).map((r) => r.id).filter(Boolean);
}
