import type { TAppContext } from '@hotline/server';
import { runMonthlyAssessment } from '@hotline/server/src/modules/assessment/use-cases/run-assessment';
import { applyKpiRollup } from '@hotline/server/src/modules/kpi/kpi-rollup';
import { parseJobPayload, toJobError, type TJobLike } from './job-payload';
import { ASSESSMENT_QUEUE, ZAssessmentJob } from './assessment-monthly.job';

/** Brings the roll-up up to date, then scores the month with every active scheme (a replace: safe twice). */
export function assessmentMonthlyHandler(ctx: TAppContext) {
  return async (job: TJobLike): Promise<unknown> => {
    const { period } = parseJobPayload(ZAssessmentJob, job.data, ASSESSMENT_QUEUE);
    const log = ctx.logger.child({ queue: ASSESSMENT_QUEUE, jobId: job.id });
    try {
      await applyKpiRollup(ctx.db);
      const runs = await runMonthlyAssessment(ctx, period);
      log.info({ periods: runs.map((r) => r.period), schemes: runs.length }, 'monthly assessment done');
      return runs;
    } catch (err) {
      throw toJobError(err);
    }
  };
}
