import { ticketScopeOf } from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TUserActor } from '../auth/actor';

/** Whether this user may read what a confidential ticket says (not merely that it exists). */
export function readsConfidential(actor: TUserActor): boolean {
  return actor.confidentialReader === true;
}

/**
 * SQL condition on alias `t` (tickets) for the tickets this user may see. Anything outside it
 * answers 404, in lists, details, timelines and socket rooms alike.
 */
export function visibleTicketsCondition(actor: TUserActor): SQL {
  const scope = ticketScopeOf(actor);
  if (scope.kind === 'all') return sql`true`;
  return sql`exists (
    select 1 from assignments va join units vu on vu.id = va.unit_id
    where va.ticket_id = t.id and va.status <> 'cancelled' and vu.path like ${actor.unitPath + '%'}
  )`;
}

/**
 * The same set as visibleTicketsCondition, for lists: through the ticket's own audience column
 * (kept by triggers, migration 0010), so the open inbox of a unit is a lookup in
 * tickets_open_audience_idx and any other list checks a column of the row it already read
 * instead of probing each ticket's assignments.
 */
export function visibleTicketsInListCondition(actor: TUserActor): SQL {
  const scope = ticketScopeOf(actor);
  if (scope.kind === 'all') return sql`true`;
  // The cardinality term matches the partial index's predicate (tickets_open_audience_idx).
  return sql`(t.audience_unit_ids @> array[${actor.unitId}]::uuid[] and cardinality(t.audience_unit_ids) > 0)`;
}
