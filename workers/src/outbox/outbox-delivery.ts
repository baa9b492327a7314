import { audienceRooms } from '@hotline/shared';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import { INBOUND_TOPIC, REALTIME_TOPIC } from '@hotline/server/src/channels/inbound';
import { intakeJob } from '../jobs/intake.job';
import { maintenanceJob } from '../jobs/maintenance.job';
import { MAINTENANCE_TASKS, MAINTENANCE_TOPIC } from '@hotline/server/src/modules/maintenance/maintenance';
import { QUEUE_NAMES, type TQueueName } from '../jobs/queue-names';
import { followUpJobs, type TFollowUpJob } from './follow-up-jobs';
import { isTicketTopic, ZTicketOutboxPayload, type TOutboxRow } from './outbox-payload';
import type { createRoomEmitter, createTicketEmitter } from './realtime-emitter';

const ZInboundPayload = z.object({ inboundId: z.uuid() });
const ZMaintenancePayload = z.object({ task: z.enum(MAINTENANCE_TASKS), requestId: z.uuid() });
const ZRealtimePayload = z.object({
  rooms: z.array(z.string()).min(1),
  event: z.string().min(1),
  data: z.unknown(),
});

export type TDeliverRow = (row: TOutboxRow) => Promise<void>;

/**
 * What sending one outbox row means: the realtime message to everyone who may see the ticket,
 * then the jobs the change starts. Throws when any part failed; the relay then keeps the row
 * pending and sends all of it again (clients dedupe by eventId, BullMQ by jobId).
 */
export function createOutboxDelivery(deps: {
  emit: ReturnType<typeof createTicketEmitter>;
  emitToRooms: ReturnType<typeof createRoomEmitter>;
  queues: Record<TQueueName, Queue>;
  clock: () => Date;
}): TDeliverRow {
  return async (row) => {
    if (row.topic === INBOUND_TOPIC) {
      const { inboundId } = ZInboundPayload.parse(row.payload);
      const job = intakeJob(inboundId);
      await deps.queues[QUEUE_NAMES.intake].add(job.name, job.data, job.opts);
      return;
    }
    if (row.topic === MAINTENANCE_TOPIC) {
      const p = ZMaintenancePayload.parse(row.payload);
      const job = maintenanceJob(p.task, p.requestId);
      await deps.queues[QUEUE_NAMES.maintenance].add(job.name, job.data, job.opts);
      return;
    }
    if (row.topic === REALTIME_TOPIC) {
      const p = ZRealtimePayload.parse(row.payload);
      await deps.emitToRooms(p.rooms, p.event, p.data);
      return;
    }
    // An unknown topic may come from a newer server during a rolling deploy: leave it for a newer worker.
    if (!isTicketTopic(row.topic)) throw new Error(`no consumer for outbox topic "${row.topic}"`);
    const parsed = ZTicketOutboxPayload.safeParse(row.payload);
    if (!parsed.success)
      throw new Error(`invalid outbox payload: ${z.prettifyError(parsed.error).slice(0, 500)}`);
    const payload = parsed.data;
    await deps.emit(audienceRooms(payload), payload.message);
    // One pipelined round trip per queue (a dispatch arms several SLA clocks at once).
    const byQueue = new Map<TQueueName, TFollowUpJob[]>();
    for (const j of followUpJobs(row.topic, payload, deps.clock().getTime()))
      byQueue.set(j.queue, [...(byQueue.get(j.queue) ?? []), j]);
    await Promise.all(
      [...byQueue].map(([queue, jobs]) =>
        jobs.length === 1
          ? deps.queues[queue].add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts)
          : deps.queues[queue].addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts }))),
      ),
    );
  };
}
