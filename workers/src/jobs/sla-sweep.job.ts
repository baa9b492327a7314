import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/**
 * The safety net under the SLA timers: every minute, record every warning and breach that is
 * due and not yet recorded, whatever happened to the delayed jobs (Redis flushed, worker down).
 */
export const SLA_SWEEP_QUEUE = QUEUE_NAMES.slaSweep;
export const SLA_SWEEP_SCHEDULER_ID = 'sla-sweep-every-minute';
export const SLA_SWEEP_JOB_NAME = 'sweep';
export const SLA_SWEEP_EVERY_MS = 60_000;

export const ZSlaSweepJobV1 = z.object({ v: z.literal(1) });
export const ZSlaSweepJob = z.discriminatedUnion('v', [ZSlaSweepJobV1]);
export type TSlaSweepJob = z.infer<typeof ZSlaSweepJob>;

export const SLA_SWEEP_TEMPLATE = {
  name: SLA_SWEEP_JOB_NAME,
  data: { v: 1 } satisfies TSlaSweepJob,
  // A sweep that failed is superseded by the next one a minute later: no retries, keep few.
  opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
};
