import type { TLogger } from '@hotline/server/src/infra/logger';
import { EVENT_CLOCK_SLACK_MS } from '@hotline/server/src/modules/tickets/ticket-event-bounds';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { intakeJob } from '../jobs/intake.job';
import { bullPrefix, QUEUE_NAMES, type TQueueName } from '../jobs/queue-names';
import { routingJob } from '../jobs/routing.job';

/**
 * The relay marks an outbox row sent once its job is in Redis. If Redis then loses its data
 * (restarted without persistence, failed over, flushed) the job is gone and nothing would send
 * it again: a stored channel message never processed, a registered ticket never routed. This
 * pass re-adds, from what the database says is still to do, the jobs with their deterministic
 * ids, so a job Redis still has (waiting, active, completed or failed) is not added twice and
 * each handler's own checks keep a second run harmless.
 */
export type TRecoveryResult = { intake: number; retried: number; routing: number; redisWasEmpty: boolean };

/** How far back unfinished work is looked for; older leftovers are a person's business. */
const LOOKBACK = '7 days';
const BATCH = 1000;
/**
 * A message whose intake job used up its attempts (the database was down longer than the backoff,
 * a deploy broke a processor) gets one more run per pass (every few minutes) until its job has run
 * this often; after that it stays `failed` for a person to look at.
 */
export const MAX_INTAKE_RUNS = 40;

/** Set once per Redis data set: when it is missing, Redis lost everything (or is new) and the schedulers go back too. */
export const redisEpochKey = (redisPrefix: string) => `${bullPrefix(redisPrefix)}:recovery-epoch`;

export async function recoverLostJobs(deps: {
  pool: Pool;
  redis: Redis;
  redisPrefix: string;
  queues: Record<TQueueName, Queue>;
  logger: TLogger;
  now: () => Date;
}): Promise<TRecoveryResult> {
  const { pool, queues } = deps;
  const epochKey = redisEpochKey(deps.redisPrefix);
  const redisWasEmpty = (await deps.redis.exists(epochKey)) === 0;

  const inbound = await pool.query<{ id: string }>(
    `select id from inbound_messages
     where status <> 'processed' and received_at > now() - interval '${LOOKBACK}'`,
  );
  await addAll(
    queues[QUEUE_NAMES.intake],
    inbound.rows.map((r) => intakeJob(r.id)),
  );
  const retried = await retryFailedIntake(pool, queues[QUEUE_NAMES.intake]);

  // Registered and never looked at by the router (a suggestion is an event; a dispatch leaves `registered`).
  const unrouted = await pool.query<{ id: string }>(
    `select t.id from tickets t
     where t.status = 'registered' and t.registered_at > now() - interval '${LOOKBACK}'
       and not exists (select 1 from ticket_events e
                       where e.ticket_id = t.id and e.type = 'ticket.routing_suggested'
                         and e.created_at >= t.created_at - interval '${EVENT_CLOCK_SLACK_MS / 1000} seconds')`,
  );
  await addAll(
    queues[QUEUE_NAMES.routing],
    unrouted.rows.map((r) => routingJob(r.id)),
  );

  // The SLA timers are not re-armed here: the every-minute sweeper records what a lost timer
  // missed, and its scheduler (in Redis too) is re-asserted by the caller when Redis was empty.
  if (redisWasEmpty) await deps.redis.set(epochKey, deps.now().toISOString());
  const result = {
    intake: inbound.rowCount ?? 0,
    retried,
    routing: unrouted.rowCount ?? 0,
    redisWasEmpty,
  };
  if (result.intake || result.routing || redisWasEmpty)
    deps.logger.info(result, 'jobs re-added from the database after a Redis (re)connect');
  return result;
}

/** Gives messages whose intake job failed for good one more run (see MAX_INTAKE_RUNS). */
async function retryFailedIntake(pool: Pool, queue: Queue): Promise<number> {
  const failed = await pool.query<{ id: string }>(
    `select id from inbound_messages
     where status = 'failed' and received_at > now() - interval '${LOOKBACK}'`,
  );
  let retried = 0;
  for (const { id } of failed.rows) {
    const job = await queue.getJob(intakeJob(id).opts.jobId);
    if (!job || job.attemptsMade >= MAX_INTAKE_RUNS || !(await job.isFailed())) continue;
    // Another worker may retry it first: then this one finds it no longer failed.
    const ok = await job.retry('failed').then(
      () => true,
      () => false,
    );
    if (ok) retried += 1;
  }
  return retried;
}

async function addAll(queue: Queue, jobs: { name: string; data: unknown; opts: object }[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += BATCH) await queue.addBulk(jobs.slice(i, i + BATCH));
}
