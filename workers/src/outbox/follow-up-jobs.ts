import type { TTicketOutboxPayload } from '@hotline/shared';
import type { JobsOptions } from 'bullmq';
import { routingJob } from '../jobs/routing.job';
import { slaClockJob } from '../jobs/sla-clock.job';
import { QUEUE_NAMES, type TQueueName } from '../jobs/queue-names';

export type TFollowUpJob = { queue: TQueueName; name: string; data: unknown; opts: JobsOptions };

/** A ticket that just became `registered` (created as such, or a draft registered) needs a unit. */
function needsRouting(topic: string, p: TTicketOutboxPayload): boolean {
  return (topic === 'ticket.created' && p.message.status === 'registered') || topic === 'ticket.registered';
}

/**
 * The jobs a ticket change starts. Pure: the same row always gives the same job ids, so a row
 * the relay sends twice enqueues nothing new. Every change re-arms the ticket's active clocks;
 * a clock whose instant moved gets a new id (the instant is part of it), an unchanged one is a
 * duplicate BullMQ ignores, and a suspended one (no instant) gets no timer.
 */
export function followUpJobs(topic: string, p: TTicketOutboxPayload, nowMs: number): TFollowUpJob[] {
  const jobs: TFollowUpJob[] = [];
  if (needsRouting(topic, p)) jobs.push({ queue: QUEUE_NAMES.routing, ...routingJob(p.message.ticketId) });
  for (const d of p.deadlines) {
    if (d.warnAt)
      jobs.push({ queue: QUEUE_NAMES.slaClock, ...slaClockJob('warn', d.id, new Date(d.warnAt), nowMs) });
    if (d.dueAt)
      jobs.push({ queue: QUEUE_NAMES.slaClock, ...slaClockJob('breach', d.id, new Date(d.dueAt), nowMs) });
  }
  return jobs;
}
