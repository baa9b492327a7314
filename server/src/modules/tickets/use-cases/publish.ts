import type { TTicketEventType, TTicketOutboxPayload } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { outbox, ticketEvents } from '../../../infra/db/schema';
import type { TActor } from '../../auth/actor';
import type { TArmedDeadline } from '../../sla/deadlines';
import type { TTicketRow } from './action-types';
import { executeNamed } from '../../../infra/db/named';

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
  const { unitIds, deadlines } = e.newTicket
    ? { unitIds: [], deadlines: [] }
    : await audienceAndClocks(tx, e.ticket.id);
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
    deadlines,
  };
  const now = e.now.toISOString();
  // The event, its outbox row and the NOTIFY in one statement: a ticket's transaction holds its
  // row (and, when filing, the day's number counter) locked, and every round trip is time in
  // which other writers wait.
  await executeNamed(
    tx,
    sql`
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
    select pg_notify(${OUTBOX_CHANNEL}, '') from written`,
  );
}

/**
 * In one round trip: the units holding the ticket and every unit above them (the rooms its change
 * is announced in), and its running clocks (the SLA timers the relay arms).
 */
async function audienceAndClocks(
  tx: TTx,
  ticketId: string,
): Promise<{ unitIds: string[]; deadlines: TArmedDeadline[] }> {
  const res = await executeNamed(
    tx,
    sql`
    select
      coalesce((select array_agg(distinct x) from assignments a join units u on u.id = a.unit_id,
                  unnest(string_to_array(trim(both '/' from u.path), '/')) as x
                where a.ticket_id = ${ticketId} and a.status <> 'cancelled'), '{}') as unit_ids,
      coalesce((select json_agg(json_build_object('id', d.id, 'dueAt', d.due_at, 'warnAt', d.warn_at))
                from ticket_deadlines d where d.ticket_id = ${ticketId} and d.status = 'active'), '[]') as deadlines`,
  );
  const row = res.rows[0] as {
    unit_ids: string[];
    deadlines: { id: string; dueAt: string | null; warnAt: string | null }[];
  };
  const iso = (at: string | null) => (at ? new Date(at).toISOString() : null);
  return {
    unitIds: row.unit_ids.filter(Boolean),
    deadlines: row.deadlines.map((d) => ({ id: d.id, dueAt: iso(d.dueAt), warnAt: iso(d.warnAt) })),
  };
}
