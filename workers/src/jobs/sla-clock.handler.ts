import type { TAppContext } from '@hotline/server';
import { recordDeadlineBreach } from '@hotline/server/src/modules/sla/use-cases/record-deadline-breach';
import { recordDeadlineWarning } from '@hotline/server/src/modules/sla/use-cases/record-deadline-warning';
import { assertUnreachable } from '@hotline/shared';
import { parseJobPayload, toJobError, type TJobLike } from './job-payload';
import { SLA_CLOCK_QUEUE, ZSlaClockJob } from './sla-clock.job';

/**
 * A timer went off. The use cases decide from the database whether there is anything to
 * record: a deadline that was met, moved or already stamped makes this a no-op.
 */
export function slaClockHandler(ctx: TAppContext) {
  return async (job: TJobLike): Promise<{ recorded: boolean }> => {
    const { kind, deadlineId } = parseJobPayload(ZSlaClockJob, job.data, SLA_CLOCK_QUEUE);
    const log = ctx.logger.child({ queue: SLA_CLOCK_QUEUE, jobId: job.id, deadlineId });
    const now = ctx.clock();
    try {
      let recorded: boolean;
      switch (kind) {
        case 'warn':
          recorded = await recordDeadlineWarning(ctx, deadlineId, now);
          break;
        case 'breach':
          recorded = await recordDeadlineBreach(ctx, deadlineId, now);
          break;
        default:
          return assertUnreachable(kind);
      }
      log.debug({ kind, recorded }, 'sla timer fired');
      return { recorded };
    } catch (err) {
      throw toJobError(err);
    }
  };
}
