import type { TAppContext } from '@hotline/server';
import { processInbound } from '@hotline/server/src/channels/intake';
import { parseJobPayload, toJobError, type TJobLike } from './job-payload';
import { INTAKE_QUEUE, ZIntakeJob } from './intake.job';

/** Turns a stored channel message into its conversation, ticket or call record; idempotent. */
export function intakeHandler(ctx: TAppContext) {
  return async (job: TJobLike) => {
    const { inboundId } = parseJobPayload(ZIntakeJob, job.data, INTAKE_QUEUE);
    try {
      const outcome = await processInbound(ctx, inboundId);
      ctx.logger.info(
        { queue: INTAKE_QUEUE, jobId: job.id, inboundId, outcome },
        'inbound message processed',
      );
      return outcome;
    } catch (err) {
      throw toJobError(err);
    }
  };
}
