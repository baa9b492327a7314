/**
 * `npm run bench:queues`: jobs/s through the real routing and SLA-timer processors of the
 * workers, against a BullMQ worker with a no-op processor on the same Redis, at the same
 * concurrency, in the same run (the queue's own ceiling).
 *
 *   npm run bench:queues
 *   BENCH_QUICK=1 npm run bench:queues            300 jobs per queue instead of BENCH_JOBS (2,000)
 *   BENCH_CONCURRENCY=10 npm run bench:queues     worker concurrency (default 5, WORKER_CONCURRENCY's)
 *
 * The work is real: registered tickets filed through create-ticket (the routing worker suggests
 * or auto-dispatches each), and tickets dispatched 60 days ago whose deadlines are overdue (each
 * breach timer stamps one and writes its event). A fresh copy of hotline_bench_queues per run,
 * its own Redis prefix; the jobs are queued before the clock starts, so only processing is timed.
 */
import fs from 'node:fs';
import { Queue, Worker, type Job } from 'bullmq';
import { createLogger } from '../../server/src/infra/logger';
import { parseWorkerConfig } from '../../workers/src/config';
import { createWorkerContext } from '../../workers/src/context';
import { bullOptions, DEFAULT_JOB_OPTIONS, QUEUE_NAMES } from '../../workers/src/jobs/queue-names';
import { routingHandler } from '../../workers/src/jobs/routing.handler';
import { routingJob } from '../../workers/src/jobs/routing.job';
import { slaClockHandler } from '../../workers/src/jobs/sla-clock.handler';
import { slaClockJob } from '../../workers/src/jobs/sla-clock.job';
import { clearRedisPrefix } from './lib/intake-children';
import { freshRunDatabase } from './lib/intake-database';
import { fillOverdueDeadlines, fillRegisteredTickets } from './lib/intake-queue-fill';
import { flushResults, record } from './lib/results';

const JOBS = process.env.BENCH_QUICK === '1' ? 300 : Number(process.env.BENCH_JOBS ?? 2000);
const WARM = Math.max(20, Math.floor(JOBS / 20));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 5);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench-queues-${process.pid}`;
const NOOP_QUEUE = 'bench-noop';

type TJobSpec = { name: string; data: unknown; opts?: { jobId?: string; delay?: number } };
type TRun = { jobsPerS: number; seconds: number; results: Map<string, number> };

async function main(): Promise<void> {
  const db = await freshRunDatabase({ name: 'hotline_bench_queues', open: 0, total: 1000 });
  // The workers' own context (pool, Redis for BullMQ, calendar…); logs at info, as in production,
  // written to /dev/null so the cost of logging is in the figures but not on the screen.
  const config = parseWorkerConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    LOG_LEVEL: 'info',
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    WORKER_CONCURRENCY: String(CONCURRENCY),
  });
  const devNull = fs.createWriteStream('/dev/null');
  const logger = createLogger({ level: 'info', name: 'workers', destination: devNull });
  const ctx = createWorkerContext(config, logger, () => new Date());
  const bull = bullOptions(ctx.redis, PREFIX);
  const queues: Queue[] = [];
  try {
    console.log(`queues: ${JOBS} jobs per queue (+${WARM} warm-up), concurrency ${CONCURRENCY}`);
    const t0 = Date.now();
    const routingTickets = await fillRegisteredTickets(ctx, JOBS + WARM, 200_000_000);
    const deadlines = await fillOverdueDeadlines(ctx, Math.ceil((JOBS + WARM) / 2) + 10, 300_000_000);
    if (deadlines.length < JOBS + WARM)
      throw new Error(`only ${deadlines.length} overdue deadlines for ${JOBS + WARM} SLA jobs`);
    console.log(
      `filled ${routingTickets.length} registered tickets and ${deadlines.length} overdue deadlines ` +
        `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    /** Queues the jobs, then times one worker (this concurrency) until all of them are done. */
    const run = async (
      queueName: string,
      processor: (job: Job) => Promise<unknown>,
      jobs: TJobSpec[],
    ): Promise<TRun> => {
      const queue = new Queue(queueName, { ...bull, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queues.push(queue);
      await queue.addBulk(jobs);
      const results = new Map<string, number>();
      let done = 0;
      let failure: Error | null = null;
      const worker = new Worker(queueName, processor, { ...bull, concurrency: CONCURRENCY, autorun: false });
      const finished = new Promise<void>((resolve) => {
        worker.on('completed', (_job, value: unknown) => {
          const key = outcomeOf(value);
          results.set(key, (results.get(key) ?? 0) + 1);
          if (++done === jobs.length) resolve();
        });
        worker.on('failed', (job, err) => {
          failure ??= new Error(`${queueName} job ${job?.id} failed: ${err.message}`);
          if (++done === jobs.length) resolve();
        });
      });
      const started = performance.now();
      void worker.run();
      await finished;
      const seconds = (performance.now() - started) / 1000;
      await worker.close();
      if (failure) throw failure;
      return { jobsPerS: jobs.length / seconds, seconds, results };
    };
    const noop = async () => ({ ok: true });
    const measure = async (
      label: string,
      queueName: string,
      p: (job: Job) => Promise<unknown>,
      all: TJobSpec[],
    ) => {
      await run(queueName, p, all.slice(0, WARM)); // JIT, pools, the routing model and calendar caches
      const timed = all.slice(WARM);
      const r = await run(queueName, p, timed);
      const outcomes = [...r.results].map(([k, n]) => `${k} ${n}`).join(', ');
      console.log(
        `  ${label.padEnd(8)} ${String(timed.length).padStart(6)} jobs in ${r.seconds.toFixed(2).padStart(6)} s: ` +
          `${r.jobsPerS.toFixed(0).padStart(6)} jobs/s  (${outcomes})`,
      );
      return r;
    };

    const now = Date.now();
    const routingJobs = routingTickets.map((id) => routingJob(id));
    const slaJobs = deadlines.slice(0, JOBS + WARM).map((d) => slaClockJob('breach', d.id, d.dueAt, now));
    // The no-op queue carries the same payloads as the routing queue, with ids of its own, and
    // more of them (at least 5,000): it drains so fast that a few hundred would time little more
    // than the start of the worker.
    const noopCount = Math.max(JOBS, 5000) + WARM;
    const noopJobs = Array.from({ length: noopCount }, (_, i) => ({
      name: 'noop',
      data: { v: 1, ticketId: routingTickets[i % routingTickets.length] },
      opts: { jobId: `noop-${i}` },
    }));

    const n = await measure('no-op', NOOP_QUEUE, noop, noopJobs);
    const routing = await measure('routing', QUEUE_NAMES.routing, routingHandler(ctx), routingJobs);
    const sla = await measure('sla', QUEUE_NAMES.slaClock, slaClockHandler(ctx), slaJobs);
    const breached = await ctx.pool.query<{ n: number }>(
      `select count(*)::int as n from ticket_deadlines where breached_at is not null`,
    );
    console.log(`  deadlines stamped as breached: ${breached.rows[0]!.n}`);

    const label = `BullMQ no-op worker, concurrency ${CONCURRENCY}`;
    record({ name: 'queue_noop_jobs_per_s', value: n.jobsPerS, unit: 'jobs/s' });
    record({
      name: 'queue_routing_jobs_per_s',
      value: routing.jobsPerS,
      unit: 'jobs/s',
      limit: n.jobsPerS,
      limitLabel: label,
    });
    record({
      name: 'queue_sla_jobs_per_s',
      value: sla.jobsPerS,
      unit: 'jobs/s',
      limit: n.jobsPerS,
      limitLabel: label,
    });
    flushResults('Queues (issue #8)');
  } finally {
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
    await ctx.redis.quit().catch(() => ctx.redis.disconnect());
    await ctx.pool.end().catch(() => undefined);
    devNull.end();
    await clearRedisPrefix(REDIS_URL, PREFIX);
    if (process.env.BENCH_KEEP_DB !== '1') await db.drop();
  }
}

/** What a processor returned, for the printed mix: the routing outcome, whether a breach was recorded. */
function outcomeOf(value: unknown): string {
  const v = value as { outcome?: string; reason?: string; recorded?: boolean; ok?: boolean } | undefined;
  if (v?.outcome) return v.reason ? `${v.outcome} (${v.reason})` : v.outcome;
  if (v?.recorded !== undefined) return v.recorded ? 'recorded' : 'nothing to record';
  return 'done';
}

main().catch((err: unknown) => {
  console.error('bench:queues failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
