/**
 * ticket_events is partitioned by month of created_at: a query that says from when it reads a
 * ticket's events scans only the months since, not the whole history. No event precedes its
 * ticket, so the ticket's own created_at is that bound, less a day of slack: events are stamped
 * by the clock of the process that writes them (a worker on another machine may run a little
 * behind the server that filed the ticket), and a missing event would be silently wrong where an
 * extra month read is only slower.
 */
import { sql, type SQL } from 'drizzle-orm';

export const EVENT_CLOCK_SLACK_MS = 24 * 3600_000;
/** The slack as an SQL interval. */
export const EVENT_CLOCK_SLACK = sql.raw(`interval '${EVENT_CLOCK_SLACK_MS / 1000} seconds'`);

/** The earliest created_at any event of a ticket created at `ticketCreatedAt` can have. */
export function ticketEventsFrom(ticketCreatedAt: Date | string): Date {
  return new Date(new Date(ticketCreatedAt).getTime() - EVENT_CLOCK_SLACK_MS);
}

/**
 * `<event>.created_at >= <ticket>.created_at - slack` for a query joining events to their ticket
 * (pruned per ticket at run time, e.g. in a correlated subquery).
 */
export function eventOfTicketBound(eventAlias: string, ticketAlias: string): SQL {
  return sql`${sql.identifier(eventAlias)}.created_at >= ${sql.identifier(ticketAlias)}.created_at - ${EVENT_CLOCK_SLACK}`;
}
