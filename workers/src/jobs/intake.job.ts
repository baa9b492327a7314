import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/** Processes one stored inbound message (any channel). Carries the message id only. */
export const INTAKE_QUEUE = QUEUE_NAMES.intake;
export const INTAKE_JOB_NAME = 'process-inbound';

export const ZIntakeJobV1 = z.object({ v: z.literal(1), inboundId: z.uuid() });
export const ZIntakeJob = z.discriminatedUnion('v', [ZIntakeJobV1]);
export type TIntakeJob = z.infer<typeof ZIntakeJob>;

export function intakeJob(inboundId: string) {
  const data: TIntakeJob = { v: 1, inboundId };
  return { name: INTAKE_JOB_NAME, data, opts: { jobId: `intake-${inboundId}` } };
}
