import type { TTicketQueue, TTicketSummary } from '@hotline/shared';
import { AppError } from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import type { TUserActor } from '../auth/actor';
import { ticketEventsFrom } from './ticket-event-bounds';
import { readsConfidential } from './ticket-visibility';

type TRow = Record<string, unknown>;

/**
 * How one work queue narrows and orders the ticket list. Each queue has its own keyset (ascending
 * keys, `t.id` last), so "load more" stays one index range however deep the page.
 */
export type TQueuePlan = {
  where: SQL[];
  /** Replaces the visibility check when membership already implies it. */
  visibility?: SQL;
  joins: SQL;
  /**
   * The joins when the queue alone decides the page (no other filter narrows it): they may take the
   * page's rows (after `cursor`, `limit` of them, in the queue's order) before joining the tickets,
   * so a page costs the size of the queue's source, not a join with every open ticket.
   */
  pagedJoins?: (cursor: string | undefined, limit: number) => SQL;
  /** Extra select columns (starting with a comma): the keys as text, and what `decorate` reads. */
  columns: SQL;
  order: SQL;
  after: (cursor: string) => SQL;
  cursorOf: (row: TRow) => string;
  /** Fills the queue's own fields of the page's items (one query for the page, not per row). */
  decorate: (db: TDbOrTx, actor: TUserActor, rows: TRow[], items: TTicketSummary[]) => Promise<void>;
};

/** Assignment states in which a unit still owes work (sign for, reply, or a draft to sign off). */
const OPEN_ASSIGNMENT = sql`('pending', 'signed', 'awaiting_signoff')`;

type TKey = { expr: SQL; type: 'timestamptz' | 'int' };

function keysetPlan(keys: TKey[], rest: Omit<TQueuePlan, 'order' | 'after' | 'cursorOf'>): TQueuePlan {
  // Keys travel as PostgreSQL's own text form: microseconds survive (a JS Date would drop them).
  const columns = sql.join(
    keys.map((k, i) => sql`, (${k.expr})::text as ${sql.raw(`queue_k${i}`)}`),
    sql``,
  );
  return {
    ...rest,
    columns: sql`${columns}${rest.columns}`,
    order: sql.join([...keys.map((k) => sql`${k.expr} asc`), sql`t.id asc`], sql`, `),
    after: (cursor) => {
      const parts = decodeParts(cursor, [...keys.map((k) => k.type), 'uuid']);
      const values = keys.map((k, i) => sql`${parts[i]}::${sql.raw(k.type)}`);
      return sql`(${sql.join([...keys.map((k) => k.expr), sql`t.id`], sql`, `)}) > (${sql.join(
        [...values, sql`${parts[keys.length]}::uuid`],
        sql`, `,
      )})`;
    },
    cursorOf: (row) =>
      Buffer.from(
        JSON.stringify([...keys.map((_, i) => String(row[`queue_k${i}`])), String(row.id)]),
      ).toString('base64url'),
  };
}

/** What each key's text may look like: a forged cursor is a 400, never a database error. */
const KEY_FORMS: Record<TKey['type'] | 'uuid', RegExp> = {
  timestamptz: /^(-?infinity|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z))$/,
  int: /^-?\d{1,9}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function decodeParts(cursor: string, types: (TKey['type'] | 'uuid')[]): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === types.length &&
      v.every((p, i) => typeof p === 'string' && KEY_FORMS[types[i]!].test(p))
    )
      return v as string[];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', { fields: { cursor: ['invalid'] } });
}

const none = async () => undefined;
const createdKey: TKey = { expr: sql`t.created_at`, type: 'timestamptz' };
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const hides = (item: TTicketSummary, actor: TUserActor) => item.confidential && !readsConfidential(actor);
const idsOf = (items: TTicketSummary[]) => items.map((i) => i.id);

/** 退单审核: which unit returned the ticket, when, and why (its latest undecided return). */
async function decorateReturned(db: TDbOrTx, actor: TUserActor, _rows: TRow[], items: TTicketSummary[]) {
  if (!items.length) return;
  const res = await db.execute(sql`
    select distinct on (a.ticket_id) a.ticket_id, a.return_reason, a.returned_at, u.name as unit_name
    from assignments a join units u on u.id = a.unit_id
    where a.ticket_id in ${idsOf(items)} and a.status = 'returned'
    order by a.ticket_id, a.return_decision nulls first, a.returned_at desc nulls last`);
  const byTicket = new Map((res.rows as TRow[]).map((r) => [r.ticket_id as string, r]));
  for (const item of items) {
    const r = byTicket.get(item.id);
    item.returnReason = r && !hides(item, actor) ? ((r.return_reason as string) ?? null) : null;
    item.returnedByUnitName = (r?.unit_name as string) ?? null;
    item.returnedAt = iso(r?.returned_at);
  }
}

/** 延期审批: the pending request is the ticket's latest `extension_requested` event. */
async function decorateExtension(db: TDbOrTx, actor: TUserActor, _rows: TRow[], items: TTicketSummary[]) {
  if (!items.length) return;
  // The page's events are no older than its oldest ticket: only the months since are read.
  const since = ticketEventsFrom(
    items.reduce((a, i) => (i.createdAt < a ? i.createdAt : a), items[0]!.createdAt),
  );
  const res = await db.execute(sql`
    select distinct on (e.ticket_id) e.ticket_id, e.payload, e.created_at, u.name as unit_name
    from ticket_events e left join units u on u.id = e.unit_id
    where e.ticket_id in ${idsOf(items)} and e.type = 'ticket.extension_requested'
      and e.created_at >= ${since.toISOString()}::timestamptz
    order by e.ticket_id, e.id desc`);
  const byTicket = new Map((res.rows as TRow[]).map((r) => [r.ticket_id as string, r]));
  for (const item of items) {
    const r = byTicket.get(item.id);
    const payload = (r?.payload ?? {}) as { days?: number; reason?: string };
    item.extensionRequest = r
      ? {
          days: Number(payload.days ?? 0),
          reason: hides(item, actor) ? null : (payload.reason ?? null),
          requestedAt: iso(r.created_at)!,
          unitName: (r.unit_name as string) ?? null,
        }
      : null;
  }
}

async function decorateUrgent(_db: TDbOrTx, _actor: TUserActor, rows: TRow[], items: TTicketSummary[]) {
  items.forEach((item, i) => {
    const r = rows[i]!;
    item.unitAssignment = {
      role: r.ua_role as 'lead' | 'assist',
      status: r.ua_status as 'pending' | 'signed' | 'awaiting_signoff',
    };
    item.nextDeadline = r.nd_kind
      ? {
          kind: r.nd_kind as 'sign' | 'reply',
          dueAt: iso(r.nd_due_at),
          warnAt: iso(r.nd_warn_at),
          state: r.nd_state as NonNullable<TTicketSummary['nextDeadline']>['state'],
        }
      : null;
  });
}

async function decorateCallback(_db: TDbOrTx, _actor: TUserActor, rows: TRow[], items: TTicketSummary[]) {
  items.forEach((item, i) => {
    item.resolvedAt = iso(rows[i]!.resolved_at);
  });
}

/** The order of the unit queue's rows: breached first, then the nearest deadline, then the ticket. */
const URGENT_KEYS: TKey['type'][] = ['int', 'timestamptz'];

/**
 * The unit's nearest open sign-for / reply deadline per ticket, with its state at `now`. Driven
 * from the unit's open assignments (`assignments_unit_status_idx`), so its cost is the size of
 * the unit's inbox, not of the ticket table. With `page`, the rows after its cursor are ordered and
 * cut inside (the planner then fetches the page's tickets by key; unordered, it hash-joined the
 * inbox with all 100,000 open tickets at 5 M: 100 ms instead of a few).
 */
function unitDeadlines(unitId: string, now: Date, page?: { cursor?: string; limit: number }): SQL {
  const at = now.toISOString();
  const inbox = sql`
    select distinct on (ua.ticket_id) ua.ticket_id, ua.role as ua_role, ua.status as ua_status, dl.kind as nd_kind, dl.due_at as nd_due_at, dl.warn_at as nd_warn_at,
      case
        when dl.id is null then 1
        when dl.breached_at is not null or dl.due_at < ${at}::timestamptz then 0
        else 1 end as nd_rank,
      case
        when dl.id is null then null
        when dl.breached_at is not null or dl.due_at < ${at}::timestamptz then 'breached'
        when dl.due_at is null then 'paused'
        when dl.warned_at is not null or dl.warn_at <= ${at}::timestamptz then 'warning'
        else 'ok' end as nd_state
    from assignments ua
    left join ticket_deadlines dl on dl.ticket_id = ua.ticket_id and dl.assignment_id = ua.id
      and dl.status = 'active' and dl.kind in ('sign', 'reply')
    where ua.unit_id = ${unitId} and ua.status in ${OPEN_ASSIGNMENT}
    order by ua.ticket_id,
      case when dl.breached_at is not null or dl.due_at < ${at}::timestamptz then 0 else 1 end,
      dl.due_at asc nulls last`;
  if (!page) return sql`join (${inbox}) nd on nd.ticket_id = t.id`;
  const keys = sql`p.nd_rank, coalesce(p.nd_due_at, 'infinity'::timestamptz), p.ticket_id`;
  let after = sql``;
  if (page.cursor) {
    const [rank, due, id] = decodeParts(page.cursor, [...URGENT_KEYS, 'uuid']);
    after = sql`where (${keys}) > (${rank}::int, ${due}::timestamptz, ${id}::uuid)`;
  }
  return sql`join (
    select p.* from (${inbox}) p ${after} order by ${keys} limit ${page.limit}
  ) nd on nd.ticket_id = t.id`;
}

/** The plan of one queue for this user at `now`. */
export function queuePlan(queue: TTicketQueue, actor: TUserActor, now: Date): TQueuePlan {
  const plain = { joins: sql``, columns: sql``, decorate: none };
  switch (queue) {
    case 'to_dispatch':
      return keysetPlan([createdKey], { ...plain, where: [sql`t.status = 'registered'`] });
    case 'returned':
      return keysetPlan([createdKey], {
        ...plain,
        where: [sql`t.status = 'returned'`],
        decorate: decorateReturned,
      });
    case 'extension_requests':
      return keysetPlan([createdKey], {
        ...plain,
        // The status list lets the planner use the status index; the flag is the truth.
        where: [sql`t.status in ('in_progress', 'reopened')`, sql`t.extension_pending`],
        decorate: decorateExtension,
      });
    case 'callback_due':
      return keysetPlan([{ expr: sql`coalesce(t.resolved_at, t.created_at)`, type: 'timestamptz' }], {
        ...plain,
        columns: sql`, t.resolved_at`,
        where: [sql`t.status = 'resolved'`, sql`t.callback_done = false`],
        decorate: decorateCallback,
      });
    case 'unit_urgent':
      return keysetPlan(
        [
          { expr: sql`nd.nd_rank`, type: URGENT_KEYS[0]! },
          { expr: sql`coalesce(nd.nd_due_at, 'infinity'::timestamptz)`, type: URGENT_KEYS[1]! },
        ],
        {
          // An open assignment of the user's own unit: visible to this user by definition.
          visibility: sql`true`,
          joins: unitDeadlines(actor.unitId, now),
          pagedJoins: (cursor, limit) => unitDeadlines(actor.unitId, now, { cursor, limit }),
          columns: sql`, nd.ua_role, nd.ua_status, nd.nd_kind, nd.nd_due_at, nd.nd_warn_at, nd.nd_state`,
          where: [],
          decorate: decorateUrgent,
        },
      );
  }
}
