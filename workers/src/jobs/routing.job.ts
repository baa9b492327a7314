import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/** Suggests or picks the unit for a newly registered ticket. Carries the ticket id only. */
export const ROUTING_QUEUE = QUEUE_NAMES.routing;
export const ROUTING_JOB_NAME = 'route-ticket';

export const ZRoutingJobV1 = z.object({ v: z.literal(1), ticketId: z.uuid() });
/** Every payload version a worker still accepts; producers always write the latest. */
export const ZRoutingJob = z.discriminatedUnion('v', [ZRoutingJobV1]);
export type TRoutingJob = z.infer<typeof ZRoutingJob>;

/**
 * One routing job per ticket: the outbox may re-send `ticket.created`, BullMQ drops the copy.
 * (BullMQ refuses custom ids with one ':' — only the legacy three-part form may contain it.)
 */
export const routingJobId = (ticketId: string) => `routing-${ticketId}`;

export function routingJob(ticketId: string) {
  const data: TRoutingJob = { v: 1, ticketId };
  return { name: ROUTING_JOB_NAME, data, opts: { jobId: routingJobId(ticketId) } };
}
