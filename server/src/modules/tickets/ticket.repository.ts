import { decodeKeysetCursor, encodeKeysetCursor } from '../../infra/http/keyset-cursor';
import type {
  TAssignmentView,
  TDeadlineView,
  TListTicketsQuery,
  TTicketDetail,
  TTicketListResponse,
  TTicketSummary,
  TTimelineEntry,
} from '@hotline/shared';
import { AppError, CONFIDENTIAL_SAFE_PAYLOAD_KEYS, CONFIDENTIAL_TITLE, ticketScopeOf } from '@hotline/shared';
import type { TPiiCipher } from '../../infra/crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { executeNamed } from '../../infra/db/named';
import type { TUserActor } from '../auth/actor';
import { ticketEventsFrom } from './ticket-event-bounds';
import { queuePlan } from './ticket-queues';
import {
  readsConfidential,
  visibleTicketsCondition,
  visibleTicketsInListCondition,
} from './ticket-visibility';
import { draftFields, unitInternalPayload } from './unit-drafts';

const SUMMARY_COLUMNS = sql`
  t.id, t.no, t.line, t.channel, t.type, t.urgency, t.title, t.status, t.category_id, c.name as category_name,
  t.lead_unit_id, lu.name as lead_unit_name, du.name as district_name, t.due_at, t.due_kind, t.overdue,
  t.supervision_level, t.confidential, ci.phone_masked, t.created_at, t.updated_at, t.version`;
const SUMMARY_JOINS = sql`
  left join categories c on c.id = t.category_id
  left join units lu on lu.id = t.lead_unit_id
  left join units du on du.id = t.district_id
  left join citizens ci on ci.id = t.citizen_id`;

type TRow = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/**
 * A confidential ticket read by someone who may only know it exists: nothing that says what it is
 * about, where, or who reported it.
 */
function hidesContent(r: TRow, actor: TUserActor): boolean {
  return Boolean(r.confidential) && !readsConfidential(actor);
}

function toSummary(r: TRow, actor: TUserActor): TTicketSummary {
  const hidden = hidesContent(r, actor);
  return {
    id: r.id as string,
    no: r.no as string,
    line: r.line as TTicketSummary['line'],
    channel: r.channel as TTicketSummary['channel'],
    type: r.type as TTicketSummary['type'],
    urgency: r.urgency as TTicketSummary['urgency'],
    title: hidden ? CONFIDENTIAL_TITLE : (r.title as string),
    status: r.status as TTicketSummary['status'],
    categoryId: hidden ? null : ((r.category_id as string) ?? null),
    categoryName: hidden ? null : ((r.category_name as string) ?? null),
    leadUnitId: (r.lead_unit_id as string) ?? null,
    leadUnitName: (r.lead_unit_name as string) ?? null,
    districtName: (r.district_name as string) ?? null,
    dueAt: iso(r.due_at),
    dueKind: (r.due_kind as TTicketSummary['dueKind']) ?? null,
    overdue: Boolean(r.overdue),
    supervisionLevel: (r.supervision_level as TTicketSummary['supervisionLevel']) ?? null,
    confidential: Boolean(r.confidential),
    citizenPhoneMasked: hidden ? null : ((r.phone_masked as string) ?? null),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    version: Number(r.version),
  };
}

/** Keyset pagination over the filters the inboxes use; never OFFSET, so page 2,000 costs what page 1 does. */
export async function listTickets(
  db: TDbOrTx,
  actor: TUserActor,
  q: TListTicketsQuery,
  now: Date,
): Promise<TTicketListResponse> {
  // A work queue fixes its own membership and order (`sort` does not apply to it). One made of the
  // user's own unit's open assignments is visible by construction and skips the subtree check.
  const plan = q.queue ? queuePlan(q.queue, actor, now) : null;
  const where: SQL[] = [plan?.visibility ?? visibleTicketsInListCondition(actor), ...(plan?.where ?? [])];
  const queueOwnConditions = where.length;
  if (q.status?.length) where.push(sql`t.status in ${q.status}`);
  if (q.open) where.push(sql`t.status not in ('closed', 'merged')`);
  if (q.line?.length) where.push(sql`t.line in ${q.line}`);
  if (q.channel?.length) where.push(sql`t.channel in ${q.channel}`);
  if (q.type?.length) where.push(sql`t.type in ${q.type}`);
  if (q.categoryId) where.push(sql`t.category_id = ${q.categoryId}`);
  if (q.unitId) {
    where.push(
      sql`exists (select 1 from assignments fa where fa.ticket_id = t.id and fa.unit_id = ${q.unitId} and fa.status <> 'cancelled')`,
    );
  }
  if (q.overdue) where.push(sql`(t.overdue or t.due_at < ${now.toISOString()})`);
  if (q.awaitingSignoff) {
    where.push(
      sql`exists (select 1 from assignments sa where sa.ticket_id = t.id and sa.unit_id = ${actor.unitId} and sa.status = 'awaiting_signoff')`,
    );
  }
  if (q.from) where.push(sql`t.created_at >= ${q.from}`);
  if (q.to) where.push(sql`t.created_at < ${q.to}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    // Words of a confidential ticket must not be found by someone who may not read them.
    const searchable = readsConfidential(actor) ? sql`true` : sql`t.confidential = false`;
    where.push(
      sql`(t.no = ${q.q} or (${searchable} and (t.title ilike ${like} or t.description ilike ${like} or t.address ilike ${like})))`,
    );
  }
  const narrowed = where.length > queueOwnConditions;
  const dueKey = sql`coalesce(t.due_at, 'infinity'::timestamptz)`;
  let order: SQL;
  if (plan) {
    if (q.cursor) where.push(plan.after(q.cursor));
    order = plan.order;
  } else if (q.sort === 'due_asc') {
    if (q.cursor) {
      const [due, id] = decodeKeysetCursor(q.cursor);
      where.push(sql`(${dueKey}, t.id) > (${due}::timestamptz, ${id}::uuid)`);
    }
    order = sql`${dueKey} asc, t.id asc`;
  } else {
    if (q.cursor) {
      const [created, id] = decodeKeysetCursor(q.cursor);
      where.push(sql`(t.created_at, t.id) < (${created}::timestamptz, ${id}::uuid)`);
    }
    // NULLS LAST as in the indexes (drizzle's .desc()); a bare DESC would not use them.
    order = sql`t.created_at desc nulls last, t.id desc nulls last`;
  }
  // Unless another filter narrows it, a queue may cut its page before the join (the outer order, cursor
  // and limit still hold, so both forms give the same page).
  const joins = !plan
    ? sql``
    : plan.pagedJoins && !narrowed
      ? plan.pagedJoins(q.cursor, q.limit + 1)
      : plan.joins;
  const res = await db.execute(sql`
    select ${SUMMARY_COLUMNS}${plan?.columns ?? sql``} from tickets t ${SUMMARY_JOINS} ${joins}
    where ${sql.join(where, sql` and `)}
    order by ${order} limit ${q.limit + 1}`);
  const rows = res.rows as TRow[];
  const page = rows.slice(0, q.limit).map((r) => toSummary(r, actor));
  if (plan) await plan.decorate(db, actor, rows.slice(0, q.limit), page);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? plan
        ? plan.cursorOf(rows[q.limit - 1]!)
        : q.sort === 'due_asc'
          ? encodeKeysetCursor(last.dueAt ?? 'infinity', last.id)
          : encodeKeysetCursor(last.createdAt, last.id)
      : null;
  return { items: page, nextCursor };
}

/** Hotline centre staff call the citizen back and see the name; units see only its first character. */
function citizenNameFor(
  actor: TUserActor,
  nameEnc: unknown,
  pii: TPiiCipher | undefined,
  knownName?: string,
): string | null {
  if (typeof nameEnc !== 'string' || !pii) return null;
  const name = knownName ?? pii.decrypt(nameEnc);
  return ticketScopeOf(actor).kind === 'all' ? name : `${name.slice(0, 1)}**`;
}

/** The ticket if this user may see it, else 404 (never 403: we don't confirm it exists). */
export async function getVisibleTicket(
  db: TDbOrTx,
  actor: TUserActor,
  id: string,
  pii?: TPiiCipher,
): Promise<TTicketDetail> {
  // Named: every create, action and detail page ends here, and planning it costs more than running it.
  const res = await executeNamed(
    db,
    sql`
    select ${SUMMARY_COLUMNS}, t.description, t.address, ci.name_enc, ci.id_number_masked, t.parent_id, t.extension_pending,
      t.callback_done, t.satisfaction, t.call_id, t.status_before_suspend,
      coalesce((select array_agg(k.id order by k.created_at) from tickets k where k.parent_id = t.id), '{}') as child_ids
    from tickets t ${SUMMARY_JOINS}
    where t.id = ${id} and ${visibleTicketsCondition(actor)}`,
  );
  const r = res.rows[0] as TRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', 'Ticket not found');
  return ticketDetailOf(r, actor, pii);
}

/**
 * A ticket as its detail shows it to this user, from a row with the summary's columns and names,
 * the ticket's description, address, parent, flags and child ids, and the citizen's name_enc and
 * id_number_masked (getVisibleTicket reads such a row; the filing statement returns one).
 */
export function ticketDetailOf(
  r: TRow,
  actor: TUserActor,
  pii?: TPiiCipher,
  /** The caller's name when the caller of this request gave it (no need to decrypt it back). */
  knownName?: string,
): TTicketDetail {
  const hidden = hidesContent(r, actor);
  return {
    ...toSummary(r, actor),
    description: hidden ? '' : (r.description as string),
    address: hidden ? null : ((r.address as string) ?? null),
    citizenName: hidden ? null : citizenNameFor(actor, r.name_enc, pii, knownName),
    citizenIdNumberMasked: hidden ? null : ((r.id_number_masked as string) ?? null),
    parentId: (r.parent_id as string) ?? null,
    statusBeforeSuspend: (r.status_before_suspend as TTicketDetail['statusBeforeSuspend']) ?? null,
    childIds: (r.child_ids as string[]) ?? [],
    extensionPending: Boolean(r.extension_pending),
    callbackDone: Boolean(r.callback_done),
    satisfaction: (r.satisfaction as TTicketDetail['satisfaction']) ?? null,
    callId: (r.call_id as string) ?? null,
  };
}

function safePayload(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(payload).filter(([k]) => CONFIDENTIAL_SAFE_PAYLOAD_KEYS.includes(k)),
  );
}

/** A ticket's events, read from the months since it was created (ticket_events is partitioned by month). */
export function timelineSql(ticket: { id: string; createdAt: Date | string }): SQL {
  return sql`
    select e.id, e.type, e.actor_name, e.actor_role, e.unit_id, u.name as unit_name, e.from_status, e.to_status, e.payload, e.created_at
    from ticket_events e left join units u on u.id = e.unit_id
    where e.ticket_id = ${ticket.id} and e.created_at >= ${ticketEventsFrom(ticket.createdAt).toISOString()}::timestamptz
    order by e.id asc`;
}

/**
 * `hideContent`: the reader may know what happened and when, not what was said (12388).
 * `viewerUnitId`: the reader's unit, which alone reads its own unsent drafts (审核签发).
 */
export async function getTimeline(
  db: TDbOrTx,
  ticket: { id: string; createdAt: Date | string },
  hideContent = false,
  viewerUnitId: string | null = null,
): Promise<TTimelineEntry[]> {
  const res = await db.execute(timelineSql(ticket));
  return (res.rows as TRow[]).map((r) => ({
    id: Number(r.id),
    type: r.type as TTimelineEntry['type'],
    actorName: (r.actor_name as string) ?? null,
    actorRole: (r.actor_role as TTimelineEntry['actorRole']) ?? null,
    unitName: (r.unit_name as string) ?? null,
    fromStatus: (r.from_status as TTimelineEntry['fromStatus']) ?? null,
    toStatus: (r.to_status as TTimelineEntry['toStatus']) ?? null,
    payload: unitInternalPayload(
      r.type as TTimelineEntry['type'],
      hideContent
        ? safePayload((r.payload as Record<string, unknown>) ?? {})
        : ((r.payload as Record<string, unknown>) ?? {}),
      (r.unit_id as string) ?? null,
      viewerUnitId,
    ),
    createdAt: iso(r.created_at)!,
  }));
}

/** `viewerUnitId`: the reader's unit, which alone sees its own draft reply (审核签发). */
export async function getAssignments(
  db: TDbOrTx,
  ticketId: string,
  hideContent = false,
  viewerUnitId: string | null = null,
): Promise<TAssignmentView[]> {
  const res = await db.execute(sql`
    select a.*, u.name as unit_name, du.display_name as draft_submitted_by_name
    from assignments a join units u on u.id = a.unit_id left join users du on du.id = a.draft_submitted_by
    where a.ticket_id = ${ticketId} order by a.dispatched_at asc, a.role asc`);
  return (res.rows as TRow[]).map((r) => ({
    id: r.id as string,
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    role: r.role as TAssignmentView['role'],
    status: r.status as TAssignmentView['status'],
    dispatchedAt: iso(r.dispatched_at)!,
    signedAt: iso(r.signed_at),
    repliedAt: iso(r.replied_at),
    replyContent: hideContent ? null : ((r.reply_content as string) ?? null),
    returnReason: hideContent ? null : ((r.return_reason as string) ?? null),
    parentAssignmentId: (r.parent_assignment_id as string) ?? null,
    forwardedAt: iso(r.forwarded_at),
    redoCount: Number(r.redo_count ?? 0),
    returnDecision: (r.return_decision as TAssignmentView['returnDecision']) ?? null,
    ...draftFields(r, viewerUnitId, hideContent, iso),
  }));
}

export async function getDeadlines(db: TDbOrTx, ticketId: string): Promise<TDeadlineView[]> {
  const res = await db.execute(
    sql`select * from ticket_deadlines where ticket_id = ${ticketId} order by created_at asc`,
  );
  return (res.rows as TRow[]).map((r) => ({
    id: r.id as string,
    kind: r.kind as TDeadlineView['kind'],
    unitId: (r.unit_id as string) ?? null,
    startAt: iso(r.start_at)!,
    dueAt: iso(r.due_at),
    warnAt: iso(r.warn_at),
    status: r.status as TDeadlineView['status'],
    warnedAt: iso(r.warned_at),
    breachedAt: iso(r.breached_at),
    metAt: iso(r.met_at),
  }));
}
