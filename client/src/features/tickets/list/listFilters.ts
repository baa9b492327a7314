import {
  OPEN_STATUSES,
  type TLine,
  type TTicketStatus,
  type TTicketSummary,
  type TTicketType,
} from '@hotline/shared';
import type { TListQuery } from '../../../api/endpoints';
import { matchesScope, scopeQuery, type TListScope } from './urlFilters';

export type TSort = 'created_desc' | 'due_asc';

export type TListFilters = {
  status: TTicketStatus[];
  line: TLine[];
  type: TTicketType[];
  q: string;
  overdue: boolean;
  sort: TSort;
  /** Set by links into the list (the supervisor overview); see urlFilters.ts. */
  scope?: TListScope;
};

export const PAGE_SIZE = 30;

export function defaultFilters(sort: TSort): TListFilters {
  return { status: [], line: [], type: [], q: '', overdue: false, sort };
}

/** Without a status filter the list shows every open ticket. */
export function toQuery(f: TListFilters, cursor?: string): TListQuery {
  return {
    ...(f.status.length ? { status: f.status.join(',') } : { open: true }),
    line: f.line.join(',') || undefined,
    type: f.type.join(',') || undefined,
    q: f.q.trim() || undefined,
    overdue: f.overdue || undefined,
    sort: f.sort,
    ...scopeQuery(f.scope),
    cursor,
    limit: PAGE_SIZE,
  };
}

/** Whether a ticket in this status could appear in the list at all (checked before fetching it). */
export function statusMatches(f: TListFilters, status: TTicketStatus): boolean {
  return f.status.length ? f.status.includes(status) : OPEN_STATUSES.includes(status);
}

/** The client's view of the server's filter, used to decide whether a live ticket joins the list. */
export function matchesFilters(f: TListFilters, t: TTicketSummary): boolean {
  if (!statusMatches(f, t.status)) return false;
  if (f.line.length && !f.line.includes(t.line)) return false;
  if (f.type.length && !f.type.includes(t.type)) return false;
  if (f.overdue && !t.overdue) return false;
  if (!matchesScope(f.scope, t)) return false;
  const q = f.q.trim().toLowerCase();
  if (q && !`${t.no} ${t.title}`.toLowerCase().includes(q)) return false;
  return true;
}

function dueKey(t: TTicketSummary): number {
  return t.dueAt ? new Date(t.dueAt).getTime() : Number.POSITIVE_INFINITY;
}

/**
 * Puts a ticket where the server's sort would have put it among the rows already loaded. A ticket
 * that sorts after the last loaded row is left for a later page (when there is one) so that cursor
 * pagination does not return it twice.
 */
export function insertSorted(
  items: TTicketSummary[],
  ticket: TTicketSummary,
  sort: TSort,
  hasMore: boolean,
): TTicketSummary[] {
  const rest = items.filter((i) => i.id !== ticket.id);
  const at =
    sort === 'created_desc'
      ? rest.findIndex((i) => i.createdAt < ticket.createdAt)
      : rest.findIndex((i) => dueKey(i) > dueKey(ticket));
  if (at === -1) return hasMore ? rest : [...rest, ticket];
  return [...rest.slice(0, at), ticket, ...rest.slice(at)];
}

export function toSummary(t: TTicketSummary): TTicketSummary {
  return {
    id: t.id,
    no: t.no,
    line: t.line,
    channel: t.channel,
    type: t.type,
    urgency: t.urgency,
    title: t.title,
    status: t.status,
    categoryId: t.categoryId,
    categoryName: t.categoryName,
    leadUnitId: t.leadUnitId,
    leadUnitName: t.leadUnitName,
    districtName: t.districtName,
    dueAt: t.dueAt,
    dueKind: t.dueKind,
    overdue: t.overdue,
    supervisionLevel: t.supervisionLevel,
    confidential: t.confidential,
    citizenPhoneMasked: t.citizenPhoneMasked,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    version: t.version,
  };
}
