import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/**
 * Keeps the KPI roll-up tables current: every couple of seconds, add what was committed since
 * the last run (server/src/modules/kpi/kpi-rollup.ts). Runs are exactly once and safe
 * concurrently, so any number of worker processes may take these jobs.
 */
export const KPI_ROLLUP_QUEUE = QUEUE_NAMES.kpiRollup;
export const KPI_ROLLUP_SCHEDULER_ID = 'kpi-rollup-every';
export const KPI_ROLLUP_JOB_NAME = 'rollup';
/** The room told which days changed, so the dashboards refetch only when something moved. */
export const KPI_UPDATED_EVENT = 'kpi.updated';

export const ZKpiRollupJobV1 = z.object({ v: z.literal(1) });
export const ZKpiRollupJob = z.discriminatedUnion('v', [ZKpiRollupJobV1]);
export type TKpiRollupJob = z.infer<typeof ZKpiRollupJob>;

export const KPI_ROLLUP_TEMPLATE = {
  name: KPI_ROLLUP_JOB_NAME,
  data: { v: 1 } satisfies TKpiRollupJob,
  // A failed run is superseded by the next one seconds later: no retries, keep few.
  opts: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 100 } },
};
