import {
  PORTAL_EVENT_LABELS,
  STATUS_LABELS,
  type TLine,
  type TPortalCategoriesResponse,
  type TPortalTrackResponse,
  type TTicketEventType,
  type TTicketStatus,
  type TTicketType,
} from '@hotline/shared';
import { AppError } from '@hotline/shared';
import { and, asc, eq, gte } from 'drizzle-orm';
import type { TUseCaseContext } from '../../app-context';
import { categories, ticketEvents, tickets, trackingCodes, units } from '../../infra/db/schema';
import { ticketEventsFrom } from '../../modules/tickets/ticket-event-bounds';
import { PORTAL_EXCLUDED_GROUPS, sameHash } from './portal.service';

/** Public leaf categories, grouped under their top level; discipline reports and polls left out. */
export async function listPortalCategories(ctx: TUseCaseContext): Promise<TPortalCategoriesResponse> {
  const rows = await ctx.db
    .select()
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.code));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const groups = new Map<string, TPortalCategoriesResponse['groups'][number]>();
  for (const r of rows) {
    if (!r.isLeaf || !r.parentId) continue;
    const parent = byId.get(r.parentId);
    // an inactive parent hides its leaves too
    if (!parent || PORTAL_EXCLUDED_GROUPS.some((g) => r.code.startsWith(g))) continue;
    let group = groups.get(parent.id);
    if (!group) {
      group = { code: parent.code, name: parent.name, items: [] };
      groups.set(parent.id, group);
    }
    group.items.push({ id: r.id, code: r.code, name: r.name });
  }
  return { groups: [...groups.values()] };
}

const NOT_FOUND = () => new AppError('NOT_FOUND', '未找到该受理编号，或查询码不正确');

/**
 * What a citizen sees of their request: status, lead unit, the approved reply and the timeline as
 * labels and times. Never a name, a phone, an address or a staff member. An unknown number and a
 * wrong query code answer the same 404, so the numbers cannot be probed.
 */
export async function trackPortalRequest(
  ctx: TUseCaseContext,
  trackingNo: string,
  queryCode: string,
): Promise<TPortalTrackResponse> {
  const [row] = await ctx.db
    .select({ ticket: tickets, queryCodeHash: trackingCodes.queryCodeHash })
    .from(trackingCodes)
    .innerJoin(tickets, eq(tickets.id, trackingCodes.ticketId))
    .where(eq(trackingCodes.code, trackingNo));
  if (!row?.queryCodeHash || !sameHash(row.queryCodeHash, ctx.pii.hash(queryCode))) throw NOT_FOUND();
  const t = row.ticket;
  if (t.confidential) throw NOT_FOUND();

  const [lead] = t.leadUnitId
    ? await ctx.db.select({ name: units.name }).from(units).where(eq(units.id, t.leadUnitId))
    : [];
  const events = await ctx.db
    .select({ type: ticketEvents.type, payload: ticketEvents.payload, at: ticketEvents.createdAt })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, t.id), gte(ticketEvents.createdAt, ticketEventsFrom(t.createdAt))))
    .orderBy(asc(ticketEvents.id));

  let pendingReply: { content: string; at: string } | null = null;
  let reply: TPortalTrackResponse['reply'] = null;
  const timeline: TPortalTrackResponse['timeline'] = [];
  for (const e of events) {
    const type = e.type as TTicketEventType;
    const at = e.at.toISOString();
    const content = (key: string) => (typeof e.payload[key] === 'string' ? (e.payload[key] as string) : null);
    // Only the lead unit's reply counts, and only once the hotline approved it.
    if (type === 'ticket.replied' && !e.payload.assist) {
      const c = content('content');
      pendingReply = c ? { content: c, at } : null;
    } else if (type === 'ticket.reply_approved' && pendingReply) {
      reply = pendingReply;
    } else if (type === 'ticket.answered') {
      const c = content('answer');
      if (c) reply = { content: c, at };
    }
    const label = PORTAL_EVENT_LABELS[type];
    if (label && !(type === 'ticket.replied' && e.payload.assist)) timeline.push({ type, label, at });
  }

  const status = t.status as TTicketStatus;
  return {
    trackingNo,
    line: t.line as TLine,
    type: t.type as TTicketType,
    status,
    statusLabel: STATUS_LABELS[status],
    submittedAt: t.createdAt.toISOString(),
    leadUnit: lead?.name ?? null,
    reply,
    timeline,
  };
}
