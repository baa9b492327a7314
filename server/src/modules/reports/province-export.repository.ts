/**
 * Before the period's tickets go to the provincial platform: the data-quality self-check
 * (records the platform would refuse: missing fields or registered late) and the export itself
 * in the documented format (docs/province-export.md). Phone numbers leave only masked; a 12388
 * report leaves only its non-content fields.
 */
import {
  type TDataQualityItem,
  type TDataQualityReport,
  addDays,
  dataQualityRate,
  fromShanghaiLocal,
  isTimely,
  missingFields,
  type TChannelCounters,
  type TQualityField,
} from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { eventOfTicketBound } from '../tickets/ticket-event-bounds';

const LIST_LIMIT = 500;

type TRow = {
  id: string;
  no: string;
  line: string;
  channel: string;
  type: string;
  urgency: string;
  status: string;
  title: string;
  description: string;
  address: string | null;
  category_id: string | null;
  district_id: string | null;
  has_citizen: boolean;
  confidential: boolean;
  created_at: Date;
  registered_at: Date;
  answered_at: Date | null;
};

const periodWhere = (from: string, to: string): SQL =>
  sql`t.created_at >= ${fromShanghaiLocal(from, 0)} and t.created_at < ${fromShanghaiLocal(addDays(to, 1), 0)}
    and t.status not in ('draft', 'merged')`;

const BASE_COLUMNS = sql`t.id, t.no, t.line, t.channel, t.type, t.urgency, t.status, t.title, t.description,
  t.address, t.category_id, t.district_id, t.citizen_id is not null as has_citizen, t.confidential,
  t.created_at, coalesce(t.registered_at, t.created_at) as registered_at, r.answered_at`;

function quality(r: TRow): { missing: TQualityField[]; timely: boolean } {
  return {
    missing: missingFields({
      channel: r.channel,
      type: r.type,
      title: r.title,
      description: r.description,
      categoryId: r.category_id,
      districtId: r.district_id,
      address: r.address,
      hasCitizen: r.has_citizen,
    }),
    timely: isTimely(new Date(r.registered_at), r.answered_at ? new Date(r.answered_at) : null),
  };
}

export async function dataQualityReport(db: TDbOrTx, from: string, to: string): Promise<TDataQualityReport> {
  const res = await db.execute(sql`select ${BASE_COLUMNS}
    from tickets t left join call_records r on r.call_id = t.call_id
    where ${periodWhere(from, to)} order by t.created_at, t.no`);
  const list = res.rows as TRow[];
  const failing: TDataQualityItem[] = [];
  const missingByField: Partial<Record<TQualityField, number>> = {};
  let complete = 0;
  let timely = 0;
  for (const r of list) {
    const q = quality(r);
    if (!q.missing.length) complete += 1;
    if (q.timely) timely += 1;
    for (const f of q.missing) missingByField[f] = (missingByField[f] ?? 0) + 1;
    if (q.missing.length || !q.timely)
      failing.push({
        id: r.id,
        no: r.no,
        line: r.line,
        channel: r.channel,
        createdAt: new Date(r.created_at).toISOString(),
        title: r.confidential ? null : r.title,
        ...q,
      });
  }
  const [rec] = (
    await db.execute(sql`select coalesce(sum(tickets), 0)::int as tickets, coalesce(sum(dq_complete), 0)::int as complete,
      coalesce(sum(dq_timely), 0)::int as timely
      from kpi_channel_daily where day between ${from}::date and ${to}::date`)
  ).rows as { tickets: number; complete: number; timely: number }[];
  const counters = {
    tickets: rec!.tickets,
    dqComplete: rec!.complete,
    dqTimely: rec!.timely,
  } as TChannelCounters;
  return {
    from,
    to,
    tickets: list.length,
    complete,
    timely,
    failing: failing.length,
    missingByField,
    recorded: { ...rec!, rate: dataQualityRate(counters) },
    items: failing.slice(0, LIST_LIMIT),
    truncated: failing.length > LIST_LIMIT,
  };
}

export const PROVINCE_EXPORT_FORMAT = 'hotline12345.province-export';
export const PROVINCE_EXPORT_VERSION = 1;

type TRef = { code: string; name: string } | null;

export type TProvinceTicket = {
  no: string;
  line: string;
  channel: string;
  type: string;
  urgency: string;
  status: string;
  confidential: boolean;
  createdAt: string;
  dispatchedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  dataQuality: { complete: boolean; missing: TQualityField[]; timely: boolean };
  /** Absent (not null) on confidential tickets: see docs/province-export.md. */
  title?: string;
  description?: string;
  address?: string | null;
  category?: TRef;
  district?: TRef;
  leadUnit?: TRef;
  citizenPhone?: string | null;
  reply?: string | null;
  replyOnTime?: boolean | null;
  satisfaction?: string | null;
};

export type TProvinceExport = {
  format: typeof PROVINCE_EXPORT_FORMAT;
  version: number;
  from: string;
  to: string;
  generatedAt: string;
  count: number;
  confidentialReduced: number;
  tickets: TProvinceTicket[];
};

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const ref = (code: string | null, name: string | null): TRef => (code && name ? { code, name } : null);

export async function provinceExport(
  db: TDbOrTx,
  from: string,
  to: string,
  now: Date,
): Promise<TProvinceExport> {
  const res =
    await db.execute(sql`select ${BASE_COLUMNS}, t.dispatched_at, t.resolved_at, t.closed_at, t.satisfaction,
      c.code as cat_code, c.name as cat_name, d.code as d_code, d.name as d_name, u.code as u_code, u.name as u_name,
      z.phone_masked,
      (select a.reply_content from assignments a where a.ticket_id = t.id and a.role = 'lead'
         and a.replied_at is not null order by a.replied_at desc limit 1) as reply,
      (select (e.payload->>'onTime')::boolean from ticket_events e where e.ticket_id = t.id and e.type = 'ticket.replied'
         and ${eventOfTicketBound('e', 't')}
         and coalesce(e.payload->>'assist', 'false') <> 'true' order by e.id desc limit 1) as reply_on_time
    from tickets t
    left join call_records r on r.call_id = t.call_id
    left join categories c on c.id = t.category_id
    left join units d on d.id = t.district_id
    left join units u on u.id = t.lead_unit_id
    left join citizens z on z.id = t.citizen_id
    where ${periodWhere(from, to)} order by t.created_at, t.no`);
  const rows = res.rows as (TRow & Record<string, unknown>)[];
  const tickets = rows.map((r): TProvinceTicket => {
    const q = quality(r);
    const base: TProvinceTicket = {
      no: r.no,
      line: r.line,
      channel: r.channel,
      type: r.type,
      urgency: r.urgency,
      status: r.status,
      confidential: r.confidential,
      createdAt: iso(r.created_at)!,
      dispatchedAt: iso(r.dispatched_at as Date | null),
      resolvedAt: iso(r.resolved_at as Date | null),
      closedAt: iso(r.closed_at as Date | null),
      dataQuality: { complete: q.missing.length === 0, ...q },
    };
    if (r.confidential) return base;
    return {
      ...base,
      title: r.title,
      description: r.description,
      address: r.address,
      category: ref(r.cat_code as string | null, r.cat_name as string | null),
      district: ref(r.d_code as string | null, r.d_name as string | null),
      leadUnit: ref(r.u_code as string | null, r.u_name as string | null),
      citizenPhone: (r.phone_masked as string | null) ?? null,
      reply: (r.reply as string | null) ?? null,
      replyOnTime: (r.reply_on_time as boolean | null) ?? null,
      satisfaction: (r.satisfaction as string | null) ?? null,
    };
  });
  return {
    format: PROVINCE_EXPORT_FORMAT,
    version: PROVINCE_EXPORT_VERSION,
    from,
    to,
    generatedAt: now.toISOString(),
    count: tickets.length,
    confidentialReduced: tickets.filter((t) => t.confidential).length,
    tickets,
  };
}
