import type { TAppContext } from '@hotline/server';
import { checkCalendarCoverage } from '@hotline/server/src/modules/alerts/calendar-coverage';
import { trainRoutingModels } from '@hotline/server/src/modules/dispatch/train-routing';
import { maintainPartitions } from '@hotline/server/src/infra/db/partitions';
import { assertUnreachable } from '@hotline/shared';
import { parseJobPayload, toJobError, type TJobLike } from './job-payload';
import { MAINTENANCE_QUEUE, ZMaintenanceJob } from './maintenance.job';
import { rebuildKpisTask } from './kpi-rollup.handler';

export function maintenanceHandler(ctx: TAppContext) {
  return async (job: TJobLike): Promise<unknown> => {
    const { task } = parseJobPayload(ZMaintenanceJob, job.data, MAINTENANCE_QUEUE);
    const log = ctx.logger.child({ queue: MAINTENANCE_QUEUE, jobId: job.id, task });
    try {
      switch (task) {
        case 'routing-train': {
          const models = await trainRoutingModels(ctx);
          log.info(
            { unitTop1: models.unit?.top1, unitTop3: models.unit?.top3, categoryTop1: models.category?.top1 },
            'routing models trained',
          );
          return models;
        }
        case 'calendar-check':
          return await checkCalendarCoverage(ctx, ctx.clock());
        case 'kpi-rebuild':
          return await rebuildKpisTask(ctx);
        case 'partitions':
          return await maintainPartitions(ctx.pool, ctx.clock());
        default:
          return assertUnreachable(task);
      }
    } catch (err) {
      throw toJobError(err);
    }
  };
}
