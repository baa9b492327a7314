/**
 * Fills a migrated, seeded database with many synthetic tickets, straight in SQL (generate_series),
 * for list and dashboard benchmarks: 100,000 rows take seconds, 5 million a few minutes.
 *
 * Each open ticket that a unit holds gets its assignment and active deadline, so unit inboxes,
 * urgency sorts and deadline scans read realistic rows. Closed tickets carry met deadlines.
 * Deterministic: the same (open, closed) counts make the same rows.
 */
import type { Pool } from 'pg';
import { ensureMonthPartitions } from '../../../server/src/infra/db/partitions';

const TITLES = [
  '路灯不亮',
  '小区噪音扰民',
  '占道经营',
  '违章搭建',
  '垃圾未及时清运',
  '社保卡补办咨询',
  '公积金提取咨询',
  '燃气泄漏报修',
  '停水咨询',
  '物业服务纠纷',
  '共享单车乱停放',
  '拖欠农民工工资',
  '餐饮油烟扰民',
  '道路破损',
  '井盖缺失',
  '消费维权',
  '学区划分咨询',
  '电动车充电安全隐患',
  '夜间施工扰民',
  '流浪犬伤人隐患',
];

export type TBulkOptions = {
  /** Open tickets (registered … replied), spread over the last 30 days. */
  open: number;
  /** Closed tickets, spread over the last two years. */
  closed: number;
  /** Rows per INSERT statement. */
  batch?: number;
  /**
   * Also write each ticket's events with the facts the KPI roll-up reads (filed, dispatched,
   * signed, replied, called back): for the dashboard benchmark. Off for the list benchmark.
   */
  events?: boolean;
  onProgress?: (done: number, total: number) => void;
};

/** Inserts the tickets; returns how many rows of each table were written. */
export async function insertBulkTickets(
  pool: Pool,
  opts: TBulkOptions,
): Promise<{ tickets: number; assignments: number; deadlines: number; events: number }> {
  const batch = opts.batch ?? 50_000;
  const units = (
    await pool.query<{ id: string }>(
      `select id from units where kind not in ('hotline') and active order by code`,
    )
  ).rows.map((r) => r.id);
  const categories = (
    await pool.query<{ id: string; unit: string | null }>(
      `select id, default_unit_id as unit from categories where is_leaf and active order by code`,
    )
  ).rows;
  const districts = (
    await pool.query<{ id: string }>(`select id from units where kind = 'district' order by code`)
  ).rows.map((r) => r.id);
  if (!units.length || !categories.length) throw new Error('seed the reference data first');

  const total = opts.open + opts.closed;
  // Two years and a month of history (BATCH_SQL's ranges): each month in its own partition.
  if (opts.events)
    await ensureMonthPartitions(pool, { from: new Date(Date.now() - 740 * 86_400_000), to: new Date() }, [
      'ticket_events',
    ]);
  let written = { tickets: 0, assignments: 0, deadlines: 0, events: 0 };
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    const r = await pool.query<{ tickets: string; assignments: string; deadlines: string; events: string }>(
      BATCH_SQL,
      [from, to, opts.open, units, categories.map((c) => c.id), districts, TITLES, opts.events ?? false],
    );
    const row = r.rows[0]!;
    written = {
      tickets: written.tickets + Number(row.tickets),
      assignments: written.assignments + Number(row.assignments),
      deadlines: written.deadlines + Number(row.deadlines),
      events: written.events + Number(row.events),
    };
    opts.onProgress?.(to, total);
  }
  await pool.query('analyze tickets; analyze assignments; analyze ticket_deadlines; analyze ticket_events');
  return written;
}

/**
 * Rows from..to of the series: numbers ≤ $3 are open, the rest closed. Statuses of open tickets:
 * 10 % registered, 25 % dispatched, 45 % in progress, 10 % replied, 10 % resolved; 4 % of the
 * held ones overdue, 2 % under supervision. Written in one statement so a batch is all or nothing.
 */
const BATCH_SQL = `
with g as (
  select n,
    n <= $3::int as is_open,
    abs(hashtext('bulk' || n)) as h
  from generate_series($1::int, $2::int) n
),
rows as (
  select n, h, is_open,
    case when not is_open then 'closed'
      when h % 100 < 10 then 'registered'
      when h % 100 < 35 then 'dispatched'
      when h % 100 < 80 then 'in_progress'
      when h % 100 < 90 then 'replied'
      else 'resolved' end as status,
    ($4::uuid[])[1 + (h / 7) % array_length($4::uuid[], 1)] as unit_id,
    ($5::uuid[])[1 + (h / 11) % array_length($5::uuid[], 1)] as category_id,
    ($6::uuid[])[1 + (h / 13) % greatest(array_length($6::uuid[], 1), 1)] as district_id,
    ($7::text[])[1 + (h / 17) % array_length($7::text[], 1)] as title,
    case when is_open then now() - make_interval(secs => (h % (30 * 86400)))
      else now() - interval '30 days' - make_interval(secs => (h % (700 * 86400))) end as created_at
  from g
),
t as (
  insert into tickets (no, line, channel, type, category_id, urgency, title, description, address,
    district_id, status, lead_unit_id, supervision_level, extension_pending, due_at, due_kind, overdue,
    created_at, updated_at, registered_at, dispatched_at, resolved_at, closed_at, version)
  select '9' || lpad(n::text, 13, '0'),
    case when h % 50 = 0 then '12315' else '12345' end,
    (array['phone','phone','phone','phone','wechat','web','weibo','open311'])[1 + h % 8],
    (array['complaint','consultation','help','report','suggestion'])[1 + (h / 3) % 5],
    category_id,
    case when h % 40 = 0 then 'urgent' else 'normal' end,
    title || '（' || n || '）',
    '市民反映：' || title || '，地点附近多次出现，请相关部门尽快处理。编号 ' || n,
    '常州市某区某街道 ' || (h % 500) || ' 号',
    district_id,
    status,
    case when status in ('registered') then null else unit_id end,
    case when is_open and status in ('dispatched','in_progress') and h % 50 = 0 then
      (array['yellow','red'])[1 + h % 2] end,
    is_open and status = 'in_progress' and h % 60 = 0,
    case when status in ('dispatched','in_progress') then
      created_at + interval '1 day' + make_interval(secs => h % (15 * 86400))
      - case when h % 25 = 0 then interval '40 days' else interval '0' end end,
    case when status = 'dispatched' then 'sign' when status = 'in_progress' then 'reply' end,
    is_open and status in ('dispatched','in_progress') and h % 25 = 0,
    created_at, created_at, created_at,
    case when status <> 'registered' then created_at + interval '10 minutes' end,
    case when status in ('resolved','closed') then created_at + interval '3 days' end,
    case when status = 'closed' then created_at + interval '4 days' end,
    1
  from rows
  returning id, status, lead_unit_id, created_at, due_at, due_kind, overdue, line, channel, type, urgency
),
a as (
  insert into assignments (ticket_id, unit_id, role, status, dispatched_at, signed_at, replied_at)
  select id, lead_unit_id, 'lead',
    case status when 'dispatched' then 'pending' when 'in_progress' then 'signed'
      when 'replied' then 'replied' else 'done' end,
    created_at + interval '10 minutes',
    case when status <> 'dispatched' then created_at + interval '2 hours' end,
    case when status in ('replied','resolved','closed') then created_at + interval '2 days' end
  from t where lead_unit_id is not null
  returning id, ticket_id, unit_id, status
),
d as (
  insert into ticket_deadlines (ticket_id, assignment_id, unit_id, kind, start_at, due_at, warn_at,
    status, duration_amount, duration_unit, breached_at, met_at)
  select t.id, a.id, a.unit_id, coalesce(t.due_kind, 'reply'), t.created_at,
    coalesce(t.due_at, t.created_at + interval '5 days'),
    coalesce(t.due_at, t.created_at + interval '5 days') - interval '1 day',
    case when a.status in ('pending','signed') then 'active' else 'met' end,
    5, 'working_days',
    case when t.overdue then t.due_at end,
    case when a.status not in ('pending','signed') then t.created_at + interval '2 days' end
  from t join a on a.ticket_id = t.id
  returning id
),
ev as (
  insert into ticket_events (ticket_id, type, unit_id, to_status, payload, created_at)
  select t.id, x.type, x.unit_id, x.to_status, x.payload, x.at
  from t
  left join a on a.ticket_id = t.id
  cross join lateral (select abs(hashtext(t.id::text)) % 1000 as r) k
  cross join lateral (values
    ('ticket.created', null::uuid, 'registered', jsonb_build_object('line', t.line, 'channel', t.channel,
      'type', t.type, 'urgency', t.urgency, 'repeatCaller', k.r % 20 = 0, 'complete', k.r % 50 <> 0,
      'timely', true), t.created_at, true),
    ('ticket.dispatched', t.lead_unit_id, 'dispatched', jsonb_build_object('toUnitId', t.lead_unit_id),
      t.created_at + interval '10 minutes', a.id is not null),
    ('ticket.signed', t.lead_unit_id, 'in_progress', jsonb_build_object('onTime', k.r % 40 <> 0),
      t.created_at + interval '2 hours', a.status in ('signed', 'replied', 'done')),
    ('ticket.replied', t.lead_unit_id, 'replied', jsonb_build_object('onTime', k.r % 70 <> 0, 'solved', true,
      'handleSeconds', 172200), t.created_at + interval '2 days', a.status in ('replied', 'done')),
    ('ticket.callback_recorded', null::uuid, 'resolved', jsonb_build_object('satisfaction',
      case when k.r % 200 = 0 then 'unsatisfied' when k.r % 5 = 0 then 'basically_satisfied' else 'satisfied' end,
      'resolved', k.r % 200 <> 0, 'leadUnitId', t.lead_unit_id), t.created_at + interval '4 days', t.status = 'closed')
  ) x(type, unit_id, to_status, payload, at, keep)
  where $8::boolean and x.keep
  returning 1
)
select (select count(*) from t) as tickets, (select count(*) from a) as assignments,
  (select count(*) from d) as deadlines, (select count(*) from ev) as events
`;
