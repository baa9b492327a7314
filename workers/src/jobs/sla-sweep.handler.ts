import type { TAppContext } from '@hotline/server';
import { sweepDeadlines, type TSweepResult } from '@hotline/server/src/modules/sla/use-cases/sweep-deadlines';
import { parseJobPayload, type TJobLike } from './job-payload';
import { SLA_SWEEP_QUEUE, ZSlaSweepJob } from './sla-sweep.job';

/** Records what the SLA timers missed. Anything found here means a timer was lost: worth a log line. */
export function slaSweepHandler(ctx: TAppContext) {
  return async (job: TJobLike): Promise<TSweepResult> => {
    parseJobPayload(ZSlaSweepJob, job.data, SLA_SWEEP_QUEUE);
    const result = await sweepDeadlines(ctx, ctx.clock());
    const log = ctx.logger.child({ queue: SLA_SWEEP_QUEUE, jobId: job.id });
    if (result.breaches || result.warnings) log.info(result, 'sweep recorded deadlines no timer had');
    else log.debug(result, 'sweep found nothing');
    return result;
  };
}
