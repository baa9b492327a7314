import type { TTicketStatus } from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { TDbOrTx } from '../../infra/db/client';
import { eventOfTicketBound } from '../../modules/tickets/ticket-event-bounds';
import { Open311Error, toOpen311Datetime, type TJson } from './open311-format';
import { SERVICE_NOTICE } from './open311.service';

/**
 * GET requests / requests/{id}: Open311 tickets as GeoReport service requests. Only tickets that
 * came in through Open311 are published (phone and social tickets are written down from what a
 * citizen said and may name people), never confidential ones, and never the citizen's data.
 */

/** Open311 knows two states; ours map onto them. */
const CLOSED_STATUSES: readonly TTicketStatus[] = ['resolved', 'closed', 'merged'];
const MAX_RESULTS = 1000;
const DEFAULT_DAYS = 90;

/** What a citizen may read about a ticket still being worked on (no names, no unit staff). */
const STAGE_NOTES: Partial<Record<TTicketStatus, string>> = {
  registered: '已受理，等待派单',
  dispatched: '已派单，等待承办单位签收',
  returned: '重新派单中',
  in_progress: '承办单位办理中',
  reopened: '承办单位重新办理中',
  replied: '承办单位已答复，热线审核中',
  suspended: '暂缓办理',
};

const list = (v: unknown) =>
  (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** A filter value: PostgreSQL text cannot hold NUL, so one with it would fail the query (a 500). */
const ZQueryValue = z
  .string()
  .max(50)
  .refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');

const ZFilters = z.object({
  service_request_id: z.preprocess(list, z.array(ZQueryValue).max(MAX_RESULTS)),
  service_code: z.preprocess(list, z.array(ZQueryValue).max(200)),
  status: z.preprocess(list, z.array(z.enum(['open', 'closed'], 'status must be open or closed'))),
  start_date: z.preprocess(single, z.iso.datetime({ offset: true, local: false }).optional()),
  end_date: z.preprocess(single, z.iso.datetime({ offset: true, local: false }).optional()),
});

export type TRequestFilters = {
  ids: string[];
  serviceCodes: string[];
  status: ('open' | 'closed')[];
  from: Date;
  to: Date | null;
};

export function parseFilters(query: Record<string, unknown>, now: Date): TRequestFilters {
  const parsed = ZFilters.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Open311Error(400, `${issue.path.join('.')}: ${issue.message}`);
  }
  const q = parsed.data;
  const to = q.end_date ? new Date(q.end_date) : null;
  // Without dates the spec asks for the last 90 days; with only an end date, the 90 days before it.
  const from = q.start_date
    ? new Date(q.start_date)
    : new Date((to ?? now).getTime() - DEFAULT_DAYS * 86_400_000);
  if (to && from > to) throw new Open311Error(400, 'start_date must not be after end_date');
  return { ids: q.service_request_id, serviceCodes: q.service_code, status: q.status, from, to };
}

type TRow = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

function statusNotes(r: TRow): string | null {
  const status = r.status as TTicketStatus;
  if (status === 'merged')
    return r.parent_no ? `重复诉求，已并入工单 ${String(r.parent_no)}` : '重复诉求，已合并办理';
  if (CLOSED_STATUSES.includes(status)) return str(r.reply) ?? str(r.answer) ?? '已办结';
  return STAGE_NOTES[status] ?? null;
}

function toServiceRequest(r: TRow): TJson {
  const extra = (r.extra ?? {}) as { mediaUrl?: string | null; addressId?: string | null };
  return {
    service_request_id: String(r.no),
    status: CLOSED_STATUSES.includes(r.status as TTicketStatus) ? 'closed' : 'open',
    status_notes: statusNotes(r),
    service_name: str(r.service_name),
    service_code: str(r.service_code),
    description: str(r.description),
    agency_responsible: str(r.agency),
    service_notice: SERVICE_NOTICE,
    requested_datetime: toOpen311Datetime(r.created_at as string),
    updated_datetime: toOpen311Datetime(r.updated_at as string),
    expected_datetime: toOpen311Datetime(r.expected as string | null),
    address: str(r.address),
    address_id: str(extra.addressId),
    zipcode: null,
    lat: num(r.latitude),
    long: num(r.longitude),
    media_url: str(extra.mediaUrl),
  };
}

async function select(db: TDbOrTx, where: SQL[]): Promise<TJson[]> {
  const res = await db.execute(sql`
    select t.no, t.status, t.description, t.address, t.latitude, t.longitude, t.created_at, t.updated_at,
      c.code as service_code, c.name as service_name, lu.name as agency, p.no as parent_no,
      (select dl.due_at from ticket_deadlines dl
        where dl.ticket_id = t.id and dl.kind = 'reply' and (dl.unit_id = t.lead_unit_id or dl.unit_id is null)
        order by (dl.status = 'active') desc, dl.created_at desc limit 1) as expected,
      (select a.reply_content from assignments a
        where a.ticket_id = t.id and a.role = 'lead' and a.status = 'done' and a.reply_content is not null
        order by a.replied_at desc nulls last limit 1) as reply,
      (select e.payload->>'answer' from ticket_events e
        where e.ticket_id = t.id and e.type = 'ticket.answered' and ${eventOfTicketBound('e', 't')}
        order by e.id desc limit 1) as answer,
      (select im.headers->'open311' from inbound_messages im
        where im.ticket_id = t.id and im.channel = 'open311' limit 1) as extra
    from tickets t
    left join categories c on c.id = t.category_id
    left join units lu on lu.id = t.lead_unit_id
    left join tickets p on p.id = t.parent_id
    where t.channel = 'open311' and not t.confidential and t.status <> 'draft' and ${sql.join(where, sql` and `)}
    order by t.created_at desc, t.no desc
    limit ${MAX_RESULTS}`);
  return (res.rows as TRow[]).map(toServiceRequest);
}

export async function listServiceRequests(db: TDbOrTx, f: TRequestFilters): Promise<TJson[]> {
  // The spec: when ids are given, every other filter is ignored.
  if (f.ids.length) return select(db, [sql`t.no in ${f.ids}`]);
  const where: SQL[] = [sql`t.created_at >= ${f.from.toISOString()}`];
  if (f.to) where.push(sql`t.created_at <= ${f.to.toISOString()}`);
  if (f.serviceCodes.length) where.push(sql`c.code in ${f.serviceCodes}`);
  const wantOpen = f.status.includes('open');
  const wantClosed = f.status.includes('closed');
  if (wantOpen !== wantClosed)
    where.push(wantClosed ? sql`t.status in ${CLOSED_STATUSES}` : sql`t.status not in ${CLOSED_STATUSES}`);
  return select(db, where);
}

export async function getServiceRequest(db: TDbOrTx, id: string): Promise<TJson | null> {
  if (!/^[0-9A-Za-z-]{1,50}$/.test(id)) return null;
  return (await select(db, [sql`t.no = ${id}`]))[0] ?? null;
}
