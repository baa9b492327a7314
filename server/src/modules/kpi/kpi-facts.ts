/**
 * Which ticket event adds to which KPI counter: one SELECT per roll-up table giving one row per
 * contributing event (or call record), 0/1 (or seconds) per counter. The roll-up sums them per
 * day; the drill-down lists the tickets behind a counter from the same rows, so a figure and
 * its tickets can never disagree. Facts read only what is fixed when the event is written (the
 * event itself, the ticket's filing event, immutable ticket fields), so adding events in any
 * order, in any batches, gives the same sums as one recompute.
 */
import { sql, type SQL } from 'drizzle-orm';
import { EVENT_CLOCK_SLACK, eventOfTicketBound } from '../tickets/ticket-event-bounds';

/** China-time day of an instant column. */
const day = (col: SQL) => sql`(${col} at time zone 'Asia/Shanghai')::date`;
const flag = (cond: SQL) => sql`(case when ${cond} then 1 else 0 end)`;

/**
 * The unit an event counts for: the acting unit, except for a rating, which is about the lead
 * unit recorded on the call-back / poll event. `ticket_events_kpi_unit_idx` indexes exactly this
 * expression (keep them equal), so one unit's figures list without reading everyone's events.
 */
export const unitOfEvent = (alias: string) => {
  const a = sql.identifier(alias);
  return sql`(case when ${a}.type in ('ticket.callback_recorded', 'ticket.poll_answered')
  then nullif(${a}.payload->>'leadUnitId', '')::uuid else ${a}.unit_id end)`;
};
const UNIT_OF_EVENT = unitOfEvent('e');
const NOT_ASSIST = sql`coalesce(e.payload->>'assist', 'false') <> 'true'`;
const SATISFACTION = sql`(e.payload->>'satisfaction')`;
const RATED_EVENT = sql`(e.type in ('ticket.callback_recorded', 'ticket.poll_answered') and ${SATISFACTION} is not null)`;
const RECEIVED_EVENT = sql`(e.type in ('ticket.dispatched', 'ticket.redispatched')
  or (e.type = 'ticket.subdispatched' and coalesce(e.payload->>'role', 'lead') = 'lead'))`;

/**
 * The ticket's filing event (`c`, its facts fixed at filing) for the event `e` of ticket `t`.
 * ticket_events is partitioned by month: bounded by the ticket's creation and the event's own
 * time, the lookup reads the months in between, not every month there is.
 */
const FILING_EVENT = sql`
    left join lateral (
      select c.payload from ticket_events c
      where c.ticket_id = e.ticket_id and c.type = 'ticket.created'
        and ${eventOfTicketBound('c', 't')}
        and c.created_at <= e.created_at + ${EVENT_CLOCK_SLACK}
      order by c.id limit 1
    ) c`;

export const UNIT_FACT_TYPES = [
  'ticket.dispatched',
  'ticket.redispatched',
  'ticket.subdispatched',
  'ticket.signed',
  'ticket.replied',
  'ticket.returned',
  'ticket.reply_rejected',
  'ticket.callback_recorded',
  'ticket.poll_answered',
  'ticket.extension_requested',
  'ticket.extension_approved',
  'ticket.supervised',
  'ticket.deadline_breached',
] as const;

/** kpi_unit_daily column → its 0/1 (or amount) per event. Order = the table's counter columns. */
export const UNIT_FACT_COLUMNS: [column: string, expr: SQL][] = [
  ['received', flag(RECEIVED_EVENT)],
  [
    'repeat_received',
    flag(sql`${RECEIVED_EVENT} and coalesce((c.payload->>'repeatCaller')::boolean, false)`),
  ],
  ['signed', flag(sql`e.type = 'ticket.signed'`)],
  ['signed_on_time', flag(sql`e.type = 'ticket.signed' and coalesce((e.payload->>'onTime')::boolean, true)`)],
  ['replied', flag(sql`e.type = 'ticket.replied'`)],
  [
    'replied_on_time',
    flag(sql`e.type = 'ticket.replied' and coalesce((e.payload->>'onTime')::boolean, true)`),
  ],
  ['solved', flag(sql`e.type = 'ticket.replied' and coalesce((e.payload->>'solved')::boolean, false)`)],
  [
    'handle_seconds',
    sql`(case when e.type = 'ticket.replied' then coalesce((e.payload->>'handleSeconds')::bigint, 0) else 0 end)`,
  ],
  ['returned', flag(sql`e.type = 'ticket.returned'`)],
  [
    'redone',
    flag(
      sql`e.type = 'ticket.reply_rejected' or (e.type = 'ticket.callback_recorded' and ${SATISFACTION} = 'unsatisfied')`,
    ),
  ],
  ['extension_requested', flag(sql`e.type = 'ticket.extension_requested'`)],
  ['extension_approved', flag(sql`e.type = 'ticket.extension_approved'`)],
  ['rated', flag(RATED_EVENT)],
  ['satisfied', flag(sql`${RATED_EVENT} and ${SATISFACTION} = 'satisfied'`)],
  ['basically_satisfied', flag(sql`${RATED_EVENT} and ${SATISFACTION} = 'basically_satisfied'`)],
  ['unsatisfied', flag(sql`${RATED_EVENT} and ${SATISFACTION} = 'unsatisfied'`)],
  [
    'resolved_rated',
    flag(
      sql`e.type = 'ticket.callback_recorded' and ${SATISFACTION} is not null and coalesce((e.payload->>'resolved')::boolean, false)`,
    ),
  ],
  ['supervised_yellow', flag(sql`e.type = 'ticket.supervised' and e.payload->>'level' = 'yellow'`)],
  ['supervised_red', flag(sql`e.type = 'ticket.supervised' and e.payload->>'level' = 'red'`)],
  ['breached_sign', flag(sql`e.type = 'ticket.deadline_breached' and e.payload->>'kind' = 'sign'`)],
  ['breached_reply', flag(sql`e.type = 'ticket.deadline_breached' and e.payload->>'kind' = 'reply'`)],
];

/**
 * One row per event that counts for a unit: event_id, ticket_id, day, unit_id and the counters.
 * `where` narrows the events (`e`), e.g. by xid range for the roll-up or by unit and day for a
 * drill-down.
 */
export function unitFactsSql(where: SQL): SQL {
  const cols = sql.join(
    UNIT_FACT_COLUMNS.map(([name, expr]) => sql`${expr} as ${sql.identifier(name)}`),
    sql`, `,
  );
  const types = sql.join(
    UNIT_FACT_TYPES.map((t) => sql`${t}`),
    sql`, `,
  );
  return sql`
    select e.id as event_id, e.ticket_id, ${day(sql`e.created_at`)} as day, ${UNIT_OF_EVENT} as unit_id, ${cols}
    from ticket_events e
    join tickets t on t.id = e.ticket_id
    ${FILING_EVENT} on ${RECEIVED_EVENT}
    where e.type in (${types}) and ${NOT_ASSIST} and ${UNIT_OF_EVENT} is not null and (${where})`;
}

/** Events that file a ticket: created as registered, or a draft registered later. */
const FILED_EVENT = sql`((e.type = 'ticket.created' and e.to_status is distinct from 'draft') or e.type = 'ticket.registered')`;

export const CHANNEL_FACT_COLUMNS: [column: string, expr: SQL][] = [
  ['tickets', flag(FILED_EVENT)],
  ['answered_on_spot', flag(sql`e.type = 'ticket.answered'`)],
  ['repeat_callers', flag(sql`${FILED_EVENT} and coalesce((c.payload->>'repeatCaller')::boolean, false)`)],
  ['dq_complete', flag(sql`${FILED_EVENT} and coalesce((c.payload->>'complete')::boolean, true)`)],
  ['dq_timely', flag(sql`${FILED_EVENT} and coalesce((c.payload->>'timely')::boolean, true)`)],
];

/** One row per filing or on-the-spot answer: event_id, ticket_id, day, line, channel and counters. */
export function channelFactsSql(where: SQL): SQL {
  const cols = sql.join(
    CHANNEL_FACT_COLUMNS.map(([name, expr]) => sql`${expr} as ${sql.identifier(name)}`),
    sql`, `,
  );
  return sql`
    select e.id as event_id, e.ticket_id, ${day(sql`e.created_at`)} as day, t.line, t.channel, ${cols}
    from ticket_events e
    join tickets t on t.id = e.ticket_id
    ${FILING_EVENT} on true
    where (${FILED_EVENT} or e.type = 'ticket.answered') and (${where})`;
}

export const CALL_FACT_COLUMNS: [column: string, expr: SQL][] = [
  ['offered', flag(sql`coalesce(r.direction, 'inbound') = 'inbound'`)],
  ['answered', flag(sql`coalesce(r.direction, 'inbound') = 'inbound' and r.answered_at is not null`)],
  [
    'abandoned',
    flag(
      sql`coalesce(r.direction, 'inbound') = 'inbound' and r.answered_at is null and r.ended_at is not null`,
    ),
  ],
  [
    'wait_seconds',
    sql`(case when coalesce(r.direction, 'inbound') = 'inbound' and r.answered_at is not null and r.ringing_at is not null
      then greatest(0, round(extract(epoch from r.answered_at - r.ringing_at)))::bigint else 0 end)`,
  ],
  ['talk_seconds', sql`coalesce(r.billsec_s, 0)::bigint`],
  ['three_way', flag(sql`r.three_way`)],
];

/**
 * One row per call record: its day is the day the record was created (when the call reached the
 * CTI, seconds after it rang), which never changes, so a day's figures can be recomputed alone.
 */
export function callFactsSql(where: SQL): SQL {
  const cols = sql.join(
    CALL_FACT_COLUMNS.map(([name, expr]) => sql`${expr} as ${sql.identifier(name)}`),
    sql`, `,
  );
  return sql`
    select r.id as call_record_id, ${day(sql`r.created_at`)} as day, coalesce(r.queue, '') as queue, ${cols}
    from call_records r
    where (${where})`;
}
