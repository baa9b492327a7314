import type { TInboundProcessor } from '../intake';
import { createPortalTicket } from './portal.service';

/**
 * Files the ticket of a stored portal request the submit could not file at once (the database
 * failed half way, the process died). The submit usually did it already: then the row is
 * `processed` and this never runs; if both race, the ticket's idempotency key keeps it one ticket.
 */
export const processPortalInbound: TInboundProcessor = async (ctx, row) => {
  if (row.ticketId) return;
  await createPortalTicket(ctx, row);
};
