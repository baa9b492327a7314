import type { TAppContext } from '@hotline/server';
import {
  suggestRouting,
  type TRoutingOutcome,
} from '@hotline/server/src/modules/tickets/use-cases/suggest-routing';
import { parseJobPayload, toJobError, type TJobLike } from './job-payload';
import { ROUTING_QUEUE, ZRoutingJob } from './routing.job';

/**
 * Routes a registered ticket: auto-dispatch when the request is structured and its category
 * names one unit, a suggestion for the dispatcher otherwise. Running it twice changes nothing
 * the second time (the use case re-checks the ticket's status under its row lock).
 */
export function routingHandler(ctx: TAppContext) {
  return async (job: TJobLike): Promise<TRoutingOutcome> => {
    const { ticketId } = parseJobPayload(ZRoutingJob, job.data, ROUTING_QUEUE);
    const log = ctx.logger.child({ queue: ROUTING_QUEUE, jobId: job.id, ticketId });
    try {
      const outcome = await suggestRouting(ctx, ticketId);
      log.info(outcome, 'ticket routed');
      return outcome;
    } catch (err) {
      throw toJobError(err);
    }
  };
}
