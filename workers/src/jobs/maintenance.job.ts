import { MAINTENANCE_TASKS } from '@hotline/server/src/modules/maintenance/maintenance';
import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/**
 * Housekeeping on a schedule and on request: retraining the routing models (nightly), checking
 * that the holiday calendar covers the coming months (every six hours and at start), creating
 * the coming months' partitions of the append-only tables (daily and at start).
 */
export const MAINTENANCE_QUEUE = QUEUE_NAMES.maintenance;
export const ZMaintenanceJobV1 = z.object({ v: z.literal(1), task: z.enum(MAINTENANCE_TASKS) });
export const ZMaintenanceJob = z.discriminatedUnion('v', [ZMaintenanceJobV1]);
export type TMaintenanceJob = z.infer<typeof ZMaintenanceJob>;

export function maintenanceJob(task: TMaintenanceJob['task'], requestId: string) {
  const data: TMaintenanceJob = { v: 1, task };
  return { name: task, data, opts: { jobId: `maint-${requestId}`, attempts: 3 } };
}

/** Repeating schedules (BullMQ job schedulers), re-asserted with the SLA sweep's. */
export const MAINTENANCE_SCHEDULES = [
  {
    id: 'routing-train-nightly',
    repeat: { pattern: '0 2 * * *', tz: 'Asia/Shanghai' },
    template: { name: 'routing-train', data: { v: 1, task: 'routing-train' } satisfies TMaintenanceJob },
  },
  {
    id: 'partitions-daily',
    repeat: { pattern: '30 3 * * *', tz: 'Asia/Shanghai' },
    template: { name: 'partitions', data: { v: 1, task: 'partitions' } satisfies TMaintenanceJob },
  },
  {
    id: 'calendar-check-6h',
    repeat: { every: 6 * 3600_000 },
    template: { name: 'calendar-check', data: { v: 1, task: 'calendar-check' } satisfies TMaintenanceJob },
  },
] as const;
