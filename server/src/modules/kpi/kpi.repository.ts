/**
 * KPI reads. Everything here sums the roll-up tables (kpi_unit_daily, kpi_channel_daily,
 * kpi_call_daily): a day has one row per unit (or line × channel, or queue), so a year is a few
 * thousand rows whatever the number of tickets. Only the drill-down reads events, through the
 * same facts the roll-up sums (kpi-facts.ts), narrowed by event type and day on an index.
 */
import {
  addDays,
  AppError,
  CONFIDENTIAL_TITLE,
  fromShanghaiLocal,
  rate,
  UNIT_COUNTERS,
  unitRates,
  zeroCounters,
  type TChannelCounters,
  type TKpiCalls,
  type TKpiLevel,
  type TKpiTicketItem,
  type TKpiTicketMetric,
  type TKpiUnitRow,
  type TTicketStatus,
  type TUnitCounters,
} from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import {
  CHANNEL_FACT_COLUMNS,
  channelFactsSql,
  UNIT_FACT_COLUMNS,
  unitFactsSql,
  unitOfEvent,
} from './kpi-facts';
import type { TKpiScope, TUnitRef } from './kpi-scope';

type TRow = Record<string, unknown>;
const rows = async (db: TDbOrTx, q: SQL): Promise<TRow[]> => (await db.execute(q)).rows as TRow[];

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** kpi_unit_daily column ↔ API counter name (the facts list the columns in UNIT_COUNTERS order). */
const UNIT_COLUMNS = UNIT_FACT_COLUMNS.map(([col]) => col);
if (UNIT_COLUMNS.map(camel).join() !== UNIT_COUNTERS.join())
  throw new Error('kpi_unit_daily columns and UNIT_COUNTERS disagree');

const unitSums = (alias: string) =>
  sql.join(
    UNIT_COLUMNS.map(
      (c) =>
        sql`coalesce(sum(${sql.identifier(alias)}.${sql.identifier(c)}), 0)::bigint as ${sql.identifier(c)}`,
    ),
    sql`, `,
  );

export function countersOf(r: TRow): TUnitCounters {
  const out = zeroCounters(UNIT_COUNTERS);
  UNIT_COLUMNS.forEach((c, i) => (out[UNIT_COUNTERS[i]!] = Number(r[c] ?? 0)));
  return out;
}

const dayRange = (from: string, to: string) => sql`k.day >= ${from}::date and k.day <= ${to}::date`;
const inSubtree = (scope: TKpiScope) => (scope.all ? sql`true` : sql`u.path like ${scope.anchor.path + '%'}`);

/** Sums per unit first (no join per row), then per group over a few dozen units. */
const plainSums = sql.join(
  UNIT_COLUMNS.map((c) => sql`sum(k.${sql.identifier(c)}) as ${sql.identifier(c)}`),
  sql`, `,
);

/** Rows per unit, per subtree of the anchor's children (district), or one for the whole scope (city). */
export async function unitRows(
  db: TDbOrTx,
  scope: TKpiScope,
  q: { from: string; to: string; level: TKpiLevel; unit: TUnitRef | null },
): Promise<TKpiUnitRow[]> {
  // A subtree's figures: the unit's own and every unit below it (units.path is a prefix).
  const top = q.level === 'city' ? scope.anchor : (q.unit ?? scope.anchor);
  const only =
    q.level === 'unit' && q.unit
      ? sql`k.unit_id = ${q.unit.id}`
      : top.path === scope.anchor.path && scope.all
        ? sql`true`
        : sql`k.unit_id in (select id from units where path like ${top.path + '%'})`;
  const depth = top.path.split('/').filter(Boolean).length;
  const group =
    q.level === 'unit'
      ? sql`u.id`
      : q.level === 'city' || q.unit
        ? sql`${top.id}::uuid`
        : sql`coalesce(nullif(split_part(u.path, '/', ${depth + 2}), ''), ${top.id})::uuid`;
  let res = await rows(
    db,
    sql`with p as (
        select k.unit_id, ${plainSums} from kpi_unit_daily k
        where ${dayRange(q.from, q.to)} and ${only} group by k.unit_id)
      select g.id, g.name, g.kind, ${unitSums('p')}
      from p join units u on u.id = p.unit_id join units g on g.id = ${group}
      group by g.id, g.name, g.kind, g.code order by g.code`,
  );
  if (!res.length && (q.level === 'city' || q.unit)) {
    const u = q.level === 'city' ? top : q.unit!;
    res = [{ id: u.id, name: u.name, kind: u.kind }];
  }
  return res.map((r) => {
    const counters = countersOf(r);
    return {
      unitId: r.id as string,
      unitName: r.name as string,
      kind: r.kind as string,
      counters,
      rates: unitRates(counters),
    };
  });
}

/** Day by day (every day of the range, zeros included) for a subtree or the whole scope. */
export async function trendDays(
  db: TDbOrTx,
  scope: TKpiScope,
  q: { from: string; to: string; unit: TUnitRef | null },
): Promise<Map<string, TUnitCounters>> {
  const sub = q.unit ? sql`u.path like ${q.unit.path + '%'}` : inSubtree(scope);
  const join = q.unit || !scope.all ? sql`join units u on u.id = k.unit_id` : sql``;
  const res = await rows(
    db,
    sql`select to_char(k.day, 'YYYY-MM-DD') as day, ${unitSums('k')}
      from kpi_unit_daily k ${join}
      where ${dayRange(q.from, q.to)} and ${q.unit || !scope.all ? sub : sql`true`}
      group by k.day`,
  );
  const byDay = new Map(res.map((r) => [r.day as string, countersOf(r)]));
  const out = new Map<string, TUnitCounters>();
  for (let d = q.from; d <= q.to; d = addDays(d, 1)) out.set(d, byDay.get(d) ?? zeroCounters(UNIT_COUNTERS));
  return out;
}

export type TChannelRow = { line: string; channel: string } & TChannelCounters;

export async function channelRows(db: TDbOrTx, from: string, to: string): Promise<TChannelRow[]> {
  const res = await rows(
    db,
    sql`select line, channel, sum(tickets)::bigint as tickets, sum(answered_on_spot)::bigint as answered_on_spot,
        sum(repeat_callers)::bigint as repeat_callers, sum(dq_complete)::bigint as dq_complete,
        sum(dq_timely)::bigint as dq_timely
      from kpi_channel_daily k where ${dayRange(from, to)}
      group by line, channel order by line, channel`,
  );
  return res.map((r) => ({
    line: r.line as string,
    channel: r.channel as string,
    tickets: Number(r.tickets),
    answeredOnSpot: Number(r.answered_on_spot),
    repeatCallers: Number(r.repeat_callers),
    dqComplete: Number(r.dq_complete),
    dqTimely: Number(r.dq_timely),
  }));
}

export async function callTotals(db: TDbOrTx, from: string, to: string): Promise<TKpiCalls> {
  const [r] = await rows(
    db,
    sql`select coalesce(sum(offered), 0)::bigint as offered, coalesce(sum(answered), 0)::bigint as answered,
        coalesce(sum(abandoned), 0)::bigint as abandoned, coalesce(sum(wait_seconds), 0)::bigint as wait,
        coalesce(sum(three_way), 0)::bigint as three_way
      from kpi_call_daily k where ${dayRange(from, to)}`,
  );
  const answered = Number(r?.answered ?? 0);
  return {
    offered: Number(r?.offered ?? 0),
    answered,
    abandoned: Number(r?.abandoned ?? 0),
    answerRate: rate(answered, Number(r?.offered ?? 0)),
    avgWaitSeconds: answered ? Math.round((Number(r?.wait ?? 0) / answered) * 10) / 10 : null,
    threeWay: Number(r?.three_way ?? 0),
  };
}

/** The event types that can add to each metric: the drill-down reads only those (type, created_at index). */
const RECEIVED = ['ticket.dispatched', 'ticket.redispatched', 'ticket.subdispatched'];
const RATED = ['ticket.callback_recorded', 'ticket.poll_answered'];
const FILED = ['ticket.created', 'ticket.registered'];
const METRIC_EVENTS: Record<TKpiTicketMetric, string[]> = {
  received: RECEIVED,
  repeatReceived: RECEIVED,
  signed: ['ticket.signed'],
  signedOnTime: ['ticket.signed'],
  signedLate: ['ticket.signed'],
  replied: ['ticket.replied'],
  repliedOnTime: ['ticket.replied'],
  repliedLate: ['ticket.replied'],
  solved: ['ticket.replied'],
  handleSeconds: ['ticket.replied'],
  returned: ['ticket.returned'],
  redone: ['ticket.reply_rejected', 'ticket.callback_recorded'],
  extensionRequested: ['ticket.extension_requested'],
  extensionApproved: ['ticket.extension_approved'],
  rated: RATED,
  satisfied: RATED,
  basicallySatisfied: RATED,
  unsatisfied: RATED,
  resolvedRated: ['ticket.callback_recorded'],
  supervisedYellow: ['ticket.supervised'],
  supervisedRed: ['ticket.supervised'],
  breachedSign: ['ticket.deadline_breached'],
  breachedReply: ['ticket.deadline_breached'],
  tickets: FILED,
  answeredOnSpot: ['ticket.answered'],
  repeatCallers: FILED,
  dqComplete: FILED,
  dqTimely: FILED,
};

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const col = (name: string) => sql`f.${sql.identifier(name)}`;

/** What a fact row adds to the metric, and whether it counts at all. */
function metricOf(metric: TKpiTicketMetric): { amount: SQL; counts: SQL } {
  if (metric === 'repliedLate') return { amount: sql`1`, counts: sql`f.replied > f.replied_on_time` };
  if (metric === 'signedLate') return { amount: sql`1`, counts: sql`f.signed > f.signed_on_time` };
  const c = col(snake(metric));
  return { amount: c, counts: sql`${c} > 0` };
}

export type TDrillDown = {
  metric: TKpiTicketMetric;
  from: string;
  to: string;
  unit: TUnitRef | null;
  subtree: boolean;
  line?: string | undefined;
  channel?: string | undefined;
  cursor?: string | undefined;
  limit: number;
  readsConfidential: boolean;
};

/** The drill-down's page cursor: the last row's event time and id, base64url JSON. */
function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}
function decodeCursor(cursor: string): [at: string, id: string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      typeof v[1] === 'string' &&
      /^[1-9]\d{0,18}$/.test(v[1])
    )
      return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', { fields: { cursor: ['invalid'] } });
}

/** A listing that reads too many events to answer promptly is refused, not left running. */
export const DRILL_DOWN_TIMEOUT_MS = 8000;

async function withTimeout<T>(db: TDbOrTx, run: (tx: TDbOrTx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local statement_timeout = ${DRILL_DOWN_TIMEOUT_MS}`));
      return run(tx);
    });
  } catch (err) {
    const code =
      (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (code === '57014')
      throw new AppError(
        'UNPROCESSABLE',
        'Too many events to list for this range: narrow the dates or the unit',
      );
    throw err;
  }
}

/**
 * The events behind a figure, newest first, keyset-paged by (time, id). One branch per event
 * type walks the (type, created_at) index backwards and works out each event's facts by its id,
 * so a page costs about the events read to fill it, not the whole range.
 */
export async function drillDown(
  db: TDbOrTx,
  scope: TKpiScope,
  q: TDrillDown,
): Promise<{ items: TKpiTicketItem[]; nextCursor: string | null }> {
  const start = fromShanghaiLocal(q.from, 0).toISOString();
  const end = fromShanghaiLocal(addDays(q.to, 1), 0).toISOString();
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const { amount, counts } = metricOf(q.metric);
  const isChannel = CHANNEL_FACT_COLUMNS.some(([c]) => c === snake(q.metric));
  let filter: SQL;
  if (isChannel) {
    filter = sql.join(
      [
        sql`true`,
        ...(q.line ? [sql`f.line = ${q.line}`] : []),
        ...(q.channel ? [sql`f.channel = ${q.channel}`] : []),
      ],
      sql` and `,
    );
  } else if (q.unit && !q.subtree) filter = sql`f.unit_id = ${q.unit.id}`;
  else {
    const path = q.unit ? q.unit.path : scope.anchor.path;
    filter = q.unit || !scope.all ? sql`u.path like ${path + '%'}` : sql`true`;
  }
  // One unit (or a subtree): read that unit's events through ticket_events_kpi_unit_idx.
  const xUnit = unitOfEvent('x');
  const byUnit = isChannel
    ? sql``
    : q.unit && !q.subtree
      ? sql`and ${xUnit} = ${q.unit.id}::uuid`
      : q.unit || !scope.all
        ? sql`and ${xUnit} in (select su.id from units su where su.path like ${(q.unit ? q.unit.path : scope.anchor.path) + '%'})`
        : sql``;
  // With its time too: the id alone would be looked up in every month's partition of ticket_events.
  const byId = sql`e.id = x.id and e.created_at = x.created_at`;
  const facts = isChannel ? channelFactsSql(byId) : unitFactsSql(byId);
  const unitCol = isChannel ? sql`null::uuid` : sql`f.unit_id`;
  const branch = (type: string) => sql`(
    select x.id as event_id, x.created_at as at, f.ticket_id, f.day, ${unitCol} as unit_id,
      (${amount})::bigint as amount
    from ticket_events x
    cross join lateral (${facts}) f
    left join units u on u.id = ${unitCol}
    where x.type = ${type} and x.created_at >= ${start}::timestamptz and x.created_at < ${end}::timestamptz ${byUnit}
      ${after ? sql`and (x.created_at, x.id) < (${after[0]}::timestamptz, ${after[1]}::bigint)` : sql``}
      and ${counts} and ${filter}
    order by x.created_at desc, x.id desc
    limit ${q.limit + 1})`;
  const res = await withTimeout(db, (tx) =>
    rows(
      tx,
      sql`select b.event_id::text as event_id,
        to_char(b.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, b.ticket_id, to_char(b.day, 'YYYY-MM-DD') as day,
        b.unit_id, u.name as unit_name, b.amount, t.no, t.title, t.status, t.confidential
      from (${sql.join(METRIC_EVENTS[q.metric].map(branch), sql` union all `)}) b
      join tickets t on t.id = b.ticket_id
      left join units u on u.id = b.unit_id
      order by b.at desc, b.event_id desc
      limit ${q.limit + 1}`,
    ),
  );
  const page = res.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const hidden = Boolean(r.confidential) && !q.readsConfidential;
      return {
        eventId: r.event_id as string,
        ticketId: r.ticket_id as string,
        no: r.no as string,
        title: hidden ? CONFIDENTIAL_TITLE : (r.title as string),
        status: r.status as TTicketStatus,
        confidential: Boolean(r.confidential),
        day: r.day as string,
        unitId: (r.unit_id as string | null) ?? null,
        unitName: (r.unit_name as string | null) ?? null,
        amount: Number(r.amount),
      };
    }),
    nextCursor:
      res.length > q.limit && last ? encodeCursor(last.at as string, last.event_id as string) : null,
  };
}
