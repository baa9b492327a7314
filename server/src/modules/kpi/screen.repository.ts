/**
 * The big screen's live parts that are not in the roll-up: open tickets at warning / overdue
 * (open tickets only, through the partial indexes on open tickets), today's filed tickets by
 * district and category (today's slice of the created_at index) and the open hot-topic alerts.
 */
import {
  addDays,
  CONFIDENTIAL_TITLE,
  fromShanghaiLocal,
  type TKpiTicketItem,
  type TScreenLive,
  type TTicketStatus,
} from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';

type TRow = Record<string, unknown>;
const rows = async (db: TDbOrTx, q: SQL): Promise<TRow[]> => (await db.execute(q)).rows as TRow[];

/** Open = neither finished nor merged away (the partial indexes' predicate), and not a draft. */
const OPEN = sql`t.status not in ('closed', 'merged') and t.status <> 'draft'`;

/**
 * The open workload now, as the overview and the ticket list count it: overdue = the list's
 * `overdue=true`; warning = past the warning point of a current (lead or hotline) deadline but
 * not yet due. Warning is counted from the active deadlines due later (an index range), so its
 * cost follows the deadlines, not every ticket ever filed.
 */
export async function openStates(db: TDbOrTx, now: string): Promise<TScreenLive['open']> {
  const lateAt = sql`(t.overdue or coalesce(t.due_at < ${now}::timestamptz, false))`;
  const [r] = await rows(
    db,
    sql`select count(*)::int as open, count(*) filter (where ${lateAt})::int as overdue
      from tickets t where ${OPEN}`,
  );
  const [w] = await rows(
    db,
    sql`select count(distinct d.ticket_id)::int as warning
      from ticket_deadlines d
      join tickets t on t.id = d.ticket_id
      left join assignments a on a.id = d.assignment_id
      where d.status = 'active' and d.breached_at is null and d.due_at > ${now}::timestamptz
        and d.warn_at <= ${now}::timestamptz and (a.id is null or a.role = 'lead')
        and ${OPEN} and not ${lateAt}`,
  );
  return { open: Number(r?.open ?? 0), warning: Number(w?.warning ?? 0), overdue: Number(r?.overdue ?? 0) };
}

const dayBounds = (day: string) => ({
  start: fromShanghaiLocal(day, 0).toISOString(),
  end: fromShanghaiLocal(addDays(day, 1), 0).toISOString(),
});
const filedOn = (day: string) => {
  const b = dayBounds(day);
  return sql`t.created_at >= ${b.start}::timestamptz and t.created_at < ${b.end}::timestamptz and t.status <> 'draft'`;
};

/** District names without the branch suffix (天宁区12345分中心 → 天宁区). */
const districtName = sql`replace(d.name, '12345分中心', '')`;

export async function todayByDistrict(db: TDbOrTx, day: string): Promise<TScreenLive['byDistrict']> {
  const res = await rows(
    db,
    sql`select t.district_id, coalesce(${districtName}, '') as name, count(*)::int as n
      from tickets t left join units d on d.id = t.district_id
      where ${filedOn(day)} group by t.district_id, d.name order by n desc, name`,
  );
  return res.map((r) => ({
    districtId: (r.district_id as string | null) ?? null,
    name: r.name as string,
    count: Number(r.n),
  }));
}

/**
 * Today's tickets by top-level category. 12388 reports are counted without their category (it
 * would say what they are about): they fall under the unnamed bucket with uncategorised tickets.
 */
export async function todayByCategory(db: TDbOrTx, day: string): Promise<TScreenLive['byCategory']> {
  const res = await rows(
    db,
    sql`select g.id as category_id, coalesce(g.name, '') as name, count(*)::int as n
      from tickets t
      left join categories c on c.id = t.category_id and not t.confidential
      left join categories g on g.id = coalesce(c.parent_id, c.id)
      where ${filedOn(day)} group by g.id, g.name order by n desc, name limit 12`,
  );
  return res.map((r) => ({
    categoryId: (r.category_id as string | null) ?? null,
    name: r.name as string,
    count: Number(r.n),
  }));
}

export async function openHotTopics(db: TDbOrTx): Promise<TScreenLive['hotTopics']> {
  const res = await rows(
    db,
    sql`select id, label, "window", count, baseline, raised_at, coalesce(cardinality(ticket_ids), 0) as n
      from hot_topic_alerts where status = 'open' order by raised_at desc limit 10`,
  );
  return res.map((r) => ({
    id: r.id as string,
    label: r.label as string,
    window: r.window as string,
    count: Number(r.count),
    baseline: Number(r.baseline),
    raisedAt: new Date(r.raised_at as string).toISOString(),
    ticketCount: Number(r.n),
  }));
}

export type TScreenFilter =
  | { kind: 'district'; id: string | null }
  | { kind: 'category'; id: string | null }
  | { kind: 'hotTopic'; id: string };

/** The tickets behind a district / category bar of today, or behind a hot-topic alert. */
export async function screenTickets(
  db: TDbOrTx,
  day: string,
  f: TScreenFilter,
  readsConfidential: boolean,
  limit = 200,
): Promise<TKpiTicketItem[]> {
  let where: SQL;
  if (f.kind === 'hotTopic')
    where = sql`t.id = any(select unnest(ticket_ids) from hot_topic_alerts where id = ${f.id})`;
  else if (f.kind === 'district')
    where = sql`${filedOn(day)} and ${f.id ? sql`t.district_id = ${f.id}` : sql`t.district_id is null`}`;
  else
    where = sql`${filedOn(day)} and ${
      f.id
        ? sql`not t.confidential and t.category_id in (select id from categories where id = ${f.id} or parent_id = ${f.id})`
        : sql`(t.confidential or t.category_id is null)`
    }`;
  const res = await rows(
    db,
    sql`select t.id, t.no, t.title, t.status, t.confidential,
        to_char((t.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day
      from tickets t where ${where} order by t.created_at desc, t.id desc limit ${limit}`,
  );
  return res.map((r) => ({
    eventId: '',
    ticketId: r.id as string,
    no: r.no as string,
    title: r.confidential && !readsConfidential ? CONFIDENTIAL_TITLE : (r.title as string),
    status: r.status as TTicketStatus,
    confidential: Boolean(r.confidential),
    day: r.day as string,
    unitId: null,
    unitName: null,
    amount: 1,
  }));
}
