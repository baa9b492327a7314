import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { outbox } from '../../infra/db/schema';
import { OUTBOX_CHANNEL } from '../tickets/use-cases/publish';

/** Background tasks the workers run on a schedule and on request. */
export const MAINTENANCE_TASKS = ['routing-train', 'calendar-check', 'kpi-rebuild', 'partitions'] as const;
export type TMaintenanceTask = (typeof MAINTENANCE_TASKS)[number];
export const MAINTENANCE_TOPIC = 'maintenance.run';
export type TMaintenancePayload = { task: TMaintenanceTask; requestId: string };

/**
 * Asks the workers to run a task now (e.g. an admin's "retrain"), through the outbox like
 * everything else the server hands to workers: the request survives a Redis outage.
 */
export async function requestMaintenance(db: TDbOrTx, task: TMaintenanceTask): Promise<string> {
  const requestId = randomUUID();
  const payload: TMaintenancePayload = { task, requestId };
  await db.insert(outbox).values({ topic: MAINTENANCE_TOPIC, aggregateId: null, payload });
  await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return requestId;
}
