import { addDays, TICKET_STATUSES, type TChannel, type TTicketStatus } from '@hotline/shared';

/** Every status a filed ticket can have (drafts are not yet received). */
const FILED: readonly TTicketStatus[] = TICKET_STATUSES.filter((s) => s !== 'draft');
/** The overview's open workload: not closed, merged or a draft. */
const OPEN: readonly TTicketStatus[] = FILED.filter((s) => s !== 'closed' && s !== 'merged');

function listUrl(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const qs = q.toString();
  return qs ? `/tickets?${qs}` : '/tickets';
}

/** The China-time day of the overview as the list's `from` / `to` (created in [from, to)). */
function dayRange(date: string) {
  return { from: `${date}T00:00:00+08:00`, to: `${addDays(date, 1)}T00:00:00+08:00` };
}

/**
 * Where each figure of the overview leads: the ticket list with the filters that find the tickets
 * counted. `warning` has no list filter of its own: it opens the open tickets nearest their
 * deadline first, where the warnings stand right after the breaches.
 */
export const overviewLinks = {
  received: (date: string) => listUrl({ status: FILED.join(','), ...dayRange(date) }),
  channel: (date: string, channel: TChannel) =>
    listUrl({ status: FILED.join(','), channel, ...dayRange(date) }),
  category: (date: string, categoryId: string) =>
    listUrl({ status: FILED.join(','), categoryId, ...dayRange(date) }),
  open: () => listUrl({ status: OPEN.join(',') }),
  status: (status: TTicketStatus) => listUrl({ status }),
  warning: () => listUrl({ sort: 'due_asc' }),
  overdue: () => listUrl({ overdue: 'true', sort: 'due_asc' }),
  closed: () => listUrl({ status: 'closed' }),
  unit: (unitId: string, overdue = false) =>
    listUrl({ unitId, ...(overdue ? { overdue: 'true', sort: 'due_asc' } : {}) }),
};

/** A rate as a percentage with two decimals (0.6667 → "66.67%"), or a dash when nothing was measured. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}
