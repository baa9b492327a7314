import {
  CHANNELS,
  LINES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TChannel,
  type TTicketSummary,
} from '@hotline/shared';
import type { TListFilters, TSort } from './listFilters';

/**
 * Filters a link can put on the list besides the visible ones (the supervisor overview's figures:
 * a channel, a unit, a category, a creation period). Shown as one removable tag above the list.
 */
export type TListScope = {
  channel?: TChannel;
  unitId?: string;
  categoryId?: string;
  /** created in [from, to), ISO instants with offset */
  from?: string;
  to?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function csvOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  return value.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

/** The list's filters from its URL (`/tickets?status=closed&overdue=true&channel=wechat…`); unknown values are dropped. */
export function filtersFromSearch(search: string, defaults: TListFilters): TListFilters {
  const q = new URLSearchParams(search);
  if ([...q.keys()].length === 0) return defaults;
  const sort = q.get('sort');
  const scope: TListScope = {};
  const channel = q.get('channel');
  if (channel && (CHANNELS as readonly string[]).includes(channel)) scope.channel = channel as TChannel;
  for (const key of ['unitId', 'categoryId'] as const) {
    const v = q.get(key);
    if (v && UUID.test(v)) scope[key] = v;
  }
  for (const key of ['from', 'to'] as const) {
    const v = q.get(key);
    if (v && INSTANT.test(v) && !Number.isNaN(Date.parse(v))) scope[key] = v;
  }
  return {
    ...defaults,
    status: csvOf(q.get('status'), TICKET_STATUSES),
    line: csvOf(q.get('line'), LINES),
    type: csvOf(q.get('type'), TICKET_TYPES),
    q: (q.get('q') ?? '').slice(0, 200),
    overdue: q.get('overdue') === 'true',
    sort: sort === 'due_asc' || sort === 'created_desc' ? (sort as TSort) : defaults.sort,
    ...(Object.keys(scope).length ? { scope } : {}),
  };
}

export function hasScope(scope: TListScope | undefined): scope is TListScope {
  return Boolean(scope && Object.values(scope).some(Boolean));
}

/** The scope as list query parameters (the server's names are the same). */
export function scopeQuery(scope: TListScope | undefined): TListScope {
  return hasScope(scope) ? { ...scope } : {};
}

/**
 * Whether a live ticket falls inside the scope. The unit filter matches any unit the ticket was
 * sent to; a summary names only its lead unit, so that is what is compared.
 */
export function matchesScope(scope: TListScope | undefined, t: TTicketSummary): boolean {
  if (!hasScope(scope)) return true;
  if (scope.channel && t.channel !== scope.channel) return false;
  if (scope.categoryId && t.categoryId !== scope.categoryId) return false;
  if (scope.unitId && t.leadUnitId !== scope.unitId) return false;
  const created = Date.parse(t.createdAt);
  if (scope.from && created < Date.parse(scope.from)) return false;
  if (scope.to && created >= Date.parse(scope.to)) return false;
  return true;
}
