import type { TOverviewCategory, TOverviewUnit } from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';

/**
 * The plain SQL aggregates behind the supervisor's overview. Every query takes the reader's
 * visibility condition on alias `t` (tickets), so a district branch counts only its own subtree.
 * A first version: issue #6 moves the day figures onto roll-up tables kept by the workers.
 */
export type TDay = { start: string; end: string };
type TRow = Record<string, unknown>;

/** Neither finished nor merged away, and registered (a draft is not yet anyone's work). */
const OPEN = sql`t.status not in ('closed', 'merged', 'draft')`;
/** The list's own overdue rule (`/tickets?overdue=true`), so a click on the figure finds these tickets. */
const overdueAt = (now: string) => sql`(t.overdue or coalesce(t.due_at < ${now}::timestamptz, false))`;
const createdIn = (day: TDay) =>
  sql`t.created_at >= ${day.start}::timestamptz and t.created_at < ${day.end}::timestamptz and t.status <> 'draft'`;

async function rows(db: TDbOrTx, query: SQL): Promise<TRow[]> {
  return (await db.execute(query)).rows as TRow[];
}

/** Tickets filed that day, by channel. */
export async function receivedByChannel(db: TDbOrTx, vis: SQL, day: TDay): Promise<Map<string, number>> {
  const res = await rows(
    db,
    sql`select t.channel, count(*)::int as n from tickets t
        where ${createdIn(day)} and ${vis} group by t.channel`,
  );
  return new Map(res.map((r) => [r.channel as string, Number(r.n)]));
}

/** Every ticket by its current status. */
export async function countByStatus(db: TDbOrTx, vis: SQL): Promise<Map<string, number>> {
  const res = await rows(
    db,
    sql`select t.status, count(*)::int as n from tickets t where ${vis} group by t.status`,
  );
  return new Map(res.map((r) => [r.status as string, Number(r.n)]));
}

/**
 * Open tickets breached now, and those in warning: past the warning point of a current deadline
 * (the lead unit's or the hotline's, as the list's countdown shows) but not yet breached.
 */
export async function deadlineStates(
  db: TDbOrTx,
  vis: SQL,
  now: string,
): Promise<{ warning: number; overdue: number }> {
  const [r] = await rows(
    db,
    sql`select
      count(*) filter (where ${overdueAt(now)})::int as overdue,
      count(*) filter (where not ${overdueAt(now)} and exists (
        select 1 from ticket_deadlines d left join assignments a on a.id = d.assignment_id
        where d.ticket_id = t.id and d.status = 'active' and d.breached_at is null
          and d.warn_at <= ${now}::timestamptz and d.due_at > ${now}::timestamptz
          and (a.id is null or a.role = 'lead')
      ))::int as warning
    from tickets t where ${OPEN} and ${vis}`,
  );
  return { warning: Number(r?.warning ?? 0), overdue: Number(r?.overdue ?? 0) };
}

/** Reply deadlines met that day, and how many of them by their due time. */
export async function replyDeadlinesMet(
  db: TDbOrTx,
  vis: SQL,
  day: TDay,
): Promise<{ total: number; onTime: number }> {
  const [r] = await rows(
    db,
    sql`select count(*)::int as total, count(*) filter (where d.met_at <= d.due_at)::int as on_time
    from ticket_deadlines d join tickets t on t.id = d.ticket_id
    where d.kind = 'reply' and d.status = 'met'
      and d.met_at >= ${day.start}::timestamptz and d.met_at < ${day.end}::timestamptz and ${vis}`,
  );
  return { total: Number(r?.total ?? 0), onTime: Number(r?.on_time ?? 0) };
}

/** Callbacks (回访) recorded that day, and how many of them 满意 or 基本满意. */
export async function callbacksRecorded(
  db: TDbOrTx,
  vis: SQL,
  day: TDay,
): Promise<{ rated: number; satisfied: number }> {
  const [r] = await rows(
    db,
    sql`select count(*)::int as rated,
      count(*) filter (where e.payload->>'satisfaction' in ('satisfied', 'basically_satisfied'))::int as satisfied
    from ticket_events e join tickets t on t.id = e.ticket_id
    where e.type = 'ticket.callback_recorded'
      and e.created_at >= ${day.start}::timestamptz and e.created_at < ${day.end}::timestamptz and ${vis}`,
  );
  return { rated: Number(r?.rated ?? 0), satisfied: Number(r?.satisfied ?? 0) };
}

export async function closedIn(db: TDbOrTx, vis: SQL, day: TDay): Promise<number> {
  const [r] = await rows(
    db,
    sql`select count(*)::int as n from tickets t
    where t.status = 'closed' and t.closed_at >= ${day.start}::timestamptz
      and t.closed_at < ${day.end}::timestamptz and ${vis}`,
  );
  return Number(r?.n ?? 0);
}

/**
 * Units by the open work they hold: assignments pending sign-for, signed, or waiting for the
 * manager's sign-off, on open tickets; `overdue` counts those with a breached clock of their own.
 */
export async function topUnits(db: TDbOrTx, vis: SQL, now: string, limit = 10): Promise<TOverviewUnit[]> {
  const res = await rows(
    db,
    sql`select a.unit_id, u.name as unit_name, count(distinct a.ticket_id)::int as open,
      count(distinct a.ticket_id) filter (where dl.late)::int as overdue
    from assignments a
    join tickets t on t.id = a.ticket_id
    join units u on u.id = a.unit_id
    left join lateral (
      select bool_or(d.breached_at is not null or d.due_at < ${now}::timestamptz) as late
      from ticket_deadlines d where d.assignment_id = a.id and d.status = 'active'
    ) dl on true
    where a.status in ('pending', 'signed', 'awaiting_signoff') and ${OPEN} and ${vis}
    group by a.unit_id, u.name, u.code
    order by open desc, overdue desc, u.code asc
    limit ${limit}`,
  );
  return res.map((r) => ({
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    open: Number(r.open),
    overdue: Number(r.overdue),
  }));
}

/**
 * Categories of the tickets filed that day. `readsConfidential` false leaves out 12388 reports:
 * their category would say what they are about.
 */
export async function topCategories(
  db: TDbOrTx,
  vis: SQL,
  day: TDay,
  readsConfidential: boolean,
  limit = 10,
): Promise<TOverviewCategory[]> {
  const readable = readsConfidential ? sql`true` : sql`t.confidential = false`;
  const res = await rows(
    db,
    sql`select t.category_id, c.name, count(*)::int as n
    from tickets t join categories c on c.id = t.category_id
    where ${createdIn(day)} and ${readable} and ${vis}
    group by t.category_id, c.name, c.code
    order by n desc, c.code asc
    limit ${limit}`,
  );
  return res.map((r) => ({
    categoryId: r.category_id as string,
    name: r.name as string,
    count: Number(r.n),
  }));
}
