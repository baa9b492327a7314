import type { TAppContext } from '@hotline/server';
import { maintainPartitionsAtStart } from '@hotline/server/src/infra/db/partitions';
import { createLogger, type TLogger } from '@hotline/server/src/infra/logger';
import { socketIoKey } from '@hotline/server/src/infra/realtime';
import { sweepDeadlines, type TSweepResult } from '@hotline/server/src/modules/sla/use-cases/sweep-deadlines';
import type { TDetectResult } from '@hotline/server/src/modules/hot-topics/use-cases/detect-hot-topics';
import { Queue, Worker, type Job } from 'bullmq';
import type { TWorkerConfig } from './config';
import { createWorkerContext } from './context';
import { bullOptions, DEFAULT_JOB_OPTIONS, QUEUE_NAMES, type TQueueName } from './jobs/queue-names';
import { routingHandler } from './jobs/routing.handler';
import { slaClockHandler } from './jobs/sla-clock.handler';
import { SLA_SWEEP_EVERY_MS, SLA_SWEEP_SCHEDULER_ID, SLA_SWEEP_TEMPLATE } from './jobs/sla-sweep.job';
import { slaSweepHandler } from './jobs/sla-sweep.handler';
import { createOutboxDelivery } from './outbox/outbox-delivery';
import { OutboxRelay } from './outbox/outbox-relay';
import { recoverLostJobs } from './outbox/recover-lost-jobs';
import { createRoomEmitter, createTicketEmitter } from './outbox/realtime-emitter';
import { intakeHandler } from './jobs/intake.handler';
import { maintenanceHandler } from './jobs/maintenance.handler';
import { MAINTENANCE_SCHEDULES } from './jobs/maintenance.job';
import { hotTopicsHandler } from './jobs/hot-topics.handler';
import { HOT_TOPICS_SCHEDULER_ID, HOT_TOPICS_TEMPLATE } from './jobs/hot-topics.job';
import { assessmentMonthlyHandler } from './jobs/assessment-monthly.handler';
import {
  ASSESSMENT_MONTHLY_REPEAT,
  ASSESSMENT_MONTHLY_SCHEDULER_ID,
  ASSESSMENT_MONTHLY_TEMPLATE,
} from './jobs/assessment-monthly.job';
import { kpiRollupHandler } from './jobs/kpi-rollup.handler';
import { KPI_ROLLUP_SCHEDULER_ID, KPI_ROLLUP_TEMPLATE } from './jobs/kpi-rollup.job';

export { loadWorkerConfig, parseWorkerConfig, type TWorkerConfig } from './config';
export { QUEUE_NAMES, bullPrefix } from './jobs/queue-names';

export type TRunningWorkers = {
  ctx: TAppContext;
  queues: Record<TQueueName, Queue>;
  /** Stops taking work, lets running jobs and the relay pass finish, then releases every connection. */
  close(): Promise<void>;
  /** One sweep for overdue and due-soon deadlines, as the every-minute job runs it. */
  runSweepOnce(): Promise<TSweepResult>;
  /** One hot-topic detection at the workers' clock, as the scheduled job runs it (new alerts announced). */
  runHotTopicsOnce(): Promise<TDetectResult>;
  /** One outbox pass; resolves with the number of rows marked sent. */
  relayOnce(): Promise<number>;
};

/** The scheduler itself lives in Redis: re-assert it now and then so a flushed Redis gets it back. */
const SCHEDULER_REFRESH_MS = 5 * 60_000;

/**
 * Starts the outbox relay and the BullMQ workers of this process. Any number of processes may
 * run this against the same database and Redis prefix.
 */
export async function startWorkers(
  config: TWorkerConfig,
  opts: { logger?: TLogger; clock?: () => Date } = {},
): Promise<TRunningWorkers> {
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL, name: 'workers' });
  const ctx = createWorkerContext(config, logger, opts.clock ?? (() => new Date()));
  await maintainPartitionsAtStart(ctx.pool, ctx.clock(), logger);
  const bull = bullOptions(ctx.redis, config.REDIS_PREFIX);

  const queues = Object.fromEntries(
    Object.values(QUEUE_NAMES).map((name) => [
      name,
      new Queue(name, { ...bull, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    ]),
  ) as Record<TQueueName, Queue>;
  for (const q of Object.values(queues))
    q.on('error', (err) => logger.warn({ queue: q.name, err: err.message }, 'queue error'));

  const hotTopics = hotTopicsHandler(ctx, createRoomEmitter(ctx.redis, socketIoKey(config.REDIS_PREFIX)));
  const processors: Record<TQueueName, { run: (job: Job) => Promise<unknown>; concurrency: number }> = {
    [QUEUE_NAMES.routing]: { run: routingHandler(ctx), concurrency: config.WORKER_CONCURRENCY },
    [QUEUE_NAMES.slaClock]: { run: slaClockHandler(ctx), concurrency: config.WORKER_CONCURRENCY },
    [QUEUE_NAMES.slaSweep]: { run: slaSweepHandler(ctx), concurrency: 1 },
    [QUEUE_NAMES.intake]: { run: intakeHandler(ctx), concurrency: config.WORKER_CONCURRENCY },
    // Training takes a core for seconds: one at a time per process.
    [QUEUE_NAMES.maintenance]: { run: maintenanceHandler(ctx), concurrency: 1 },
    [QUEUE_NAMES.hotTopics]: { run: hotTopics.handle, concurrency: 1 },
    [QUEUE_NAMES.assessment]: { run: assessmentMonthlyHandler(ctx), concurrency: 1 },
    // One run at a time per process; runs in other processes are safe (a locked cursor row).
    [QUEUE_NAMES.kpiRollup]: {
      run: kpiRollupHandler(ctx, createRoomEmitter(ctx.redis, socketIoKey(config.REDIS_PREFIX))),
      concurrency: 1,
    },
  };
  const workers = Object.entries(processors).map(([name, p]) => {
    const worker = new Worker(name, p.run, { ...bull, concurrency: p.concurrency });
    worker.on('failed', (job, err) =>
      logger.warn(
        { queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message },
        'job failed',
      ),
    );
    worker.on('error', (err) => logger.warn({ queue: name, err: err.message }, 'worker error'));
    return worker;
  });

  const ensureSweepScheduler = () =>
    Promise.all([
      queues[QUEUE_NAMES.slaSweep]
        .upsertJobScheduler(SLA_SWEEP_SCHEDULER_ID, { every: SLA_SWEEP_EVERY_MS }, SLA_SWEEP_TEMPLATE)
        .catch((err: Error) => logger.warn({ err: err.message }, 'could not schedule the SLA sweep')),
      queues[QUEUE_NAMES.kpiRollup]
        .upsertJobScheduler(
          KPI_ROLLUP_SCHEDULER_ID,
          { every: config.KPI_ROLLUP_EVERY_MS },
          KPI_ROLLUP_TEMPLATE,
        )
        .catch((err: Error) => logger.warn({ err: err.message }, 'could not schedule the KPI roll-up')),
      queues[QUEUE_NAMES.assessment]
        .upsertJobScheduler(
          ASSESSMENT_MONTHLY_SCHEDULER_ID,
          ASSESSMENT_MONTHLY_REPEAT,
          ASSESSMENT_MONTHLY_TEMPLATE,
        )
        .catch((err: Error) =>
          logger.warn({ err: err.message }, 'could not schedule the monthly assessment'),
        ),
      queues[QUEUE_NAMES.hotTopics]
        .upsertJobScheduler(
          HOT_TOPICS_SCHEDULER_ID,
          { every: config.HOT_TOPICS_EVERY_MS },
          HOT_TOPICS_TEMPLATE,
        )
        .catch((err: Error) =>
          logger.warn({ err: err.message }, 'could not schedule the hot-topic detector'),
        ),
      ...MAINTENANCE_SCHEDULES.map((s) =>
        queues[QUEUE_NAMES.maintenance]
          .upsertJobScheduler(s.id, s.repeat, s.template)
          .catch((err: Error) => logger.warn({ err: err.message, scheduler: s.id }, 'could not schedule')),
      ),
    ]);
  await ensureSweepScheduler();

  // Jobs already handed to Redis are lost with its data: re-add what the database still owes,
  // at start, whenever the connection comes back (a restarted Redis may be empty) and now and then.
  let recovering: Promise<void> | null = null;
  let recoverAgain = false;
  const recover = (): void => {
    if (recovering) {
      recoverAgain = true;
      return;
    }
    recovering = (async () => {
      do {
        recoverAgain = false;
        const r = await recoverLostJobs({
          pool: ctx.pool,
          redis: ctx.redis,
          redisPrefix: config.REDIS_PREFIX,
          queues,
          logger,
          now: ctx.clock,
        }).catch((err: Error) => {
          logger.warn({ err: err.message }, 'could not re-add lost jobs; trying again on the next occasion');
          return null;
        });
        if (r?.redisWasEmpty) await ensureSweepScheduler();
      } while (recoverAgain);
    })().finally(() => {
      recovering = null;
    });
  };
  ctx.redis.on('ready', recover);
  const schedulerTimer = setInterval(() => {
    void ensureSweepScheduler();
    recover();
  }, SCHEDULER_REFRESH_MS);

  const relay = new OutboxRelay({
    pool: ctx.pool,
    databaseUrl: config.DATABASE_URL,
    logger,
    deliver: createOutboxDelivery({
      emit: createTicketEmitter(ctx.redis, socketIoKey(config.REDIS_PREFIX)),
      emitToRooms: createRoomEmitter(ctx.redis, socketIoKey(config.REDIS_PREFIX)),
      queues,
      clock: ctx.clock,
    }),
    crashAfterClaim: config.NODE_ENV === 'test' && config.HOTLINE_TEST_CRASH_AFTER_CLAIM === '1',
  });
  await relay.start();
  recover();
  logger.info({ queues: Object.keys(queues), prefix: config.REDIS_PREFIX }, 'workers started');

  let closing: Promise<void> | null = null;
  return {
    ctx,
    queues,
    relayOnce: () => relay.relayOnce(),
    runHotTopicsOnce: () => hotTopics.run(),
    runSweepOnce: () => sweepDeadlines(ctx, ctx.clock()),
    close() {
      closing ??= (async () => {
        clearInterval(schedulerTimer);
        ctx.redis.off('ready', recover);
        await recovering;
        await relay.close();
        await Promise.all(workers.map((w) => w.close()));
        await Promise.all(Object.values(queues).map((q) => q.close()));
        await ctx.pool.end();
        await ctx.redis.quit().catch(() => ctx.redis.disconnect());
        logger.info('workers stopped');
      })();
      return closing;
    },
  };
}
