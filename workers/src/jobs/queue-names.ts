import type { DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every BullMQ queue of the system, in one place: producers and workers must agree on the names. */
export const QUEUE_NAMES = {
  routing: 'routing',
  slaClock: 'sla-clock',
  slaSweep: 'sla-sweep',
  intake: 'intake',
  maintenance: 'maintenance',
  hotTopics: 'hot-topics',
  assessment: 'assessment',
  kpiRollup: 'kpi-rollup',
} as const;
export type TQueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/**
 * BullMQ key prefix. The braces are a Redis Cluster hash tag: every key of every queue of one
 * deployment hashes to the same slot, which BullMQ's multi-key Lua scripts require.
 */
export const bullPrefix = (redisPrefix: string) => `{${redisPrefix}}:bull`;

/**
 * Job options every queue shares. Completed jobs are kept for a day so a re-sent outbox row
 * with the same jobId is absorbed by BullMQ instead of running again; failed ones a week for
 * inspection. Retries back off exponentially (1 s, 2 s, 4 s …).
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * What Queue and Worker constructors take. The connection must be an ioredis client made with
 * `maxRetriesPerRequest: null` (createRedis(url, { forWorker: true })): BullMQ duplicates it for
 * the workers' blocking connections.
 */
export function bullOptions(connection: Redis, redisPrefix: string) {
  return { connection, prefix: bullPrefix(redisPrefix) };
}
