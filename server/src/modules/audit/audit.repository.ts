import type { TAuditEntry, TAuditListResponse, TAuditQuery } from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../infra/http/keyset-cursor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type TRow = Record<string, unknown>;

/** The admins' search: newest first, keyset-paged on (at, id), each filter on its own index. */
export async function searchAudit(db: TDbOrTx, q: TAuditQuery): Promise<TAuditListResponse> {
  const where: SQL[] = [sql`true`];
  if (q.from) where.push(sql`a.at >= ${q.from}`);
  if (q.to) where.push(sql`a.at < ${q.to}`);
  if (q.actor) where.push(sql`a.actor_username = ${q.actor}`);
  if (q.action) where.push(sql`a.action = ${q.action}`);
  if (q.subject) {
    // A uuid names a ticket, citizen or call; anything else is a ticket number (or a call id).
    where.push(
      UUID.test(q.subject)
        ? sql`a.subject_id = ${q.subject.toLowerCase()}`
        : sql`(a.ticket_no = ${q.subject} or a.subject_id = ${q.subject})`,
    );
  }
  if (q.cursor) {
    const [at, id] = decodeKeysetCursor(q.cursor);
    where.push(sql`(a.at, a.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const res = await db.execute(sql`
    select a.*, u.name as unit_name from audit_log a left join units u on u.id = a.actor_unit_id
    where ${sql.join(where, sql` and `)}
    order by a.at desc nulls last, a.id desc nulls last
    limit ${q.limit + 1}`);
  const rows = res.rows as TRow[];
  const items = rows.slice(0, q.limit).map(toEntry);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > q.limit && last ? encodeKeysetCursor(last.at, last.id) : null,
  };
}

function toEntry(r: TRow): TAuditEntry {
  return {
    id: r.id as string,
    at: new Date(r.at as string).toISOString(),
    actorId: (r.actor_id as string) ?? null,
    actorUsername: r.actor_username as string,
    actorRole: r.actor_role as TAuditEntry['actorRole'],
    actorUnitId: (r.actor_unit_id as string) ?? null,
    actorUnitName: (r.unit_name as string) ?? null,
    action: r.action as TAuditEntry['action'],
    subjectType: r.subject_type as TAuditEntry['subjectType'],
    subjectId: r.subject_id as string,
    ticketNo: (r.ticket_no as string) ?? null,
    ip: (r.ip as string) ?? null,
    userAgent: (r.user_agent as string) ?? null,
    details: (r.details as Record<string, unknown>) ?? {},
  };
}
