import type { TAppContext } from '@hotline/server';
import { queueRealtime } from '@hotline/server/src/channels/inbound';
import { applyKpiRollup, rebuildKpis, type TRollupRun } from '@hotline/server/src/modules/kpi/kpi-rollup';
import { rooms } from '@hotline/shared';
import { parseJobPayload, type TJobLike } from './job-payload';
import { KPI_ROLLUP_QUEUE, KPI_UPDATED_EVENT, ZKpiRollupJob } from './kpi-rollup.job';

type TEmitToRooms = (roomNames: string[], event: string, data: unknown) => Promise<void>;

/** One incremental run; tells the supervisors' consoles which days changed, if any did. */
export function kpiRollupHandler(ctx: TAppContext, emitToRooms: TEmitToRooms) {
  return async (job: TJobLike): Promise<Omit<TRollupRun, 'callDays'>> => {
    parseJobPayload(ZKpiRollupJob, job.data, KPI_ROLLUP_QUEUE);
    const run = await applyKpiRollup(ctx.db);
    const log = ctx.logger.child({ queue: KPI_ROLLUP_QUEUE, jobId: job.id });
    if (run.days.length) {
      log.debug({ events: run.events, days: run.days }, 'kpi roll-up advanced');
      // The figures are already committed: a lost message only delays a screen until its next poll.
      await emitToRooms([rooms.supervisors], KPI_UPDATED_EVENT, { days: run.days }).catch((err: Error) =>
        log.warn({ err: err.message }, 'kpi.updated not emitted'),
      );
    }
    return { from: run.from, to: run.to, events: run.events, days: run.days };
  };
}

/**
 * The maintenance task `kpi-rebuild`: recompute every roll-up from the event log, then tell the
 * supervisors (through the outbox, in the rebuild's wake) that every day may have changed.
 */
export async function rebuildKpisTask(ctx: TAppContext): Promise<{ events: number; days: number }> {
  const run = await rebuildKpis(ctx.db);
  await queueRealtime(ctx.db, {
    rooms: [rooms.supervisors],
    event: KPI_UPDATED_EVENT,
    data: { days: run.days.slice(-31), rebuilt: true },
  });
  ctx.logger.info({ events: run.events, days: run.days.length }, 'kpi roll-ups rebuilt');
  return { events: run.events, days: run.days.length };
}
