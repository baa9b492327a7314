import type { TTicketEventType, TTicketOutboxPayload } from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TTx } from '../../../infra/db/client';
import { outbox, ticketEvents } from '../../../infra/db/schema';
import type { TActor } from '../../auth/actor';
import type { TTicketRow } from './action-types';
import { reusableSql } from '../../../infra/db/named';

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
  const actorName = user ? user.displayName : e.actor.kind === 'system' ? e.actor.name : null;
  // unitIds and deadlines are filled in by the statement.
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
      unitIds: [],
    },
    confidential: e.ticket.confidential,
    deadlines: [],
  };
  const now = e.now.toISOString();
  // The event, its outbox row (with the ticket's audience and running clocks, read as the
  // transaction left them) and the NOTIFY in one statement: a ticket's transaction holds its row
  // locked, and every round trip is time in which other writers wait.
  await eventStatement(tx, {
    ticketId: e.ticket.id,
    type: e.type,
    actorId: user?.id ?? null,
    actorName,
    actorRole: user?.role ?? 'system',
    unitId: e.unitId,
    fromStatus: e.fromStatus,
    toStatus: e.ticket.status,
    eventPayload: JSON.stringify(e.payload),
    outboxPayload: JSON.stringify(payload),
    now,
  });
}

const p = (name: string) => sql.placeholder(name);

/** Built once (its text is long): the values are placeholders. */
const eventStatement = reusableSql(
  () => sql`
    with event as (
      insert into ${ticketEvents}
        (ticket_id, type, actor_id, actor_name, actor_role, unit_id, from_status, to_status, payload, created_at)
      values (${p('ticketId')}::uuid, ${p('type')}, ${p('actorId')}::uuid, ${p('actorName')}, ${p('actorRole')},
        ${p('unitId')}::uuid, ${p('fromStatus')}, ${p('toStatus')}, ${p('eventPayload')}::jsonb, ${p('now')}::timestamptz)
      returning id),
    written as (
      insert into ${outbox} (topic, aggregate_id, payload, created_at)
      select ${p('type')}, ${p('ticketId')}::uuid,
        jsonb_set(jsonb_set(jsonb_set(${p('outboxPayload')}::jsonb,
          '{message,eventId}', to_jsonb(event.id::text)),
          '{message,unitIds}', ${audienceSql(p('ticketId'))}),
          '{deadlines}', ${clocksSql(p('ticketId'))}),
        ${p('now')}::timestamptz
      from event
      returning id)
    select pg_notify(${OUTBOX_CHANNEL}, '') from written`,
);

/** The units holding the ticket and every unit above them (the rooms its change is announced in), as JSON. */
function audienceSql(ticketId: unknown): SQL {
  return sql`coalesce((select jsonb_agg(distinct x) from assignments a join units u on u.id = a.unit_id,
      unnest(string_to_array(trim(both '/' from u.path), '/')) as x
    where a.ticket_id = ${ticketId}::uuid and a.status <> 'cancelled' and x <> ''), '[]'::jsonb)`;
}

/** The ticket's running clocks (the SLA timers the relay arms), as JSON with ISO times. */
function clocksSql(ticketId: unknown): SQL {
  const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return sql`coalesce((select jsonb_agg(jsonb_build_object('id', d.id, 'dueAt', ${iso(sql`d.due_at`)},
        'warnAt', ${iso(sql`d.warn_at`)}) order by d.id)
      from ticket_deadlines d where d.ticket_id = ${ticketId}::uuid and d.status = 'active'), '[]'::jsonb)`;
}
