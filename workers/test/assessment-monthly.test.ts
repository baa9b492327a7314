import { createLogger } from '@hotline/server/src/infra/logger';
import { DEFAULT_ASSESSMENT_NAME } from '@hotline/shared';
import { UnrecoverableError } from 'bullmq';
import { startTestServer, type TTestServer } from '../../server/test/support/harness';
import { startWorkers, type TRunningWorkers } from '../src';
import { assessmentMonthlyHandler } from '../src/jobs/assessment-monthly.handler';
import { QUEUE_NAMES } from '../src/jobs/queue-names';
import { workerConfigFor } from './support/worker-harness';

// 01:00 on 1 April in China is still 31 March in UTC: the job must score March, not February.
const NOW = new Date('2026-03-31T17:00:00.000Z');

let s: TTestServer;
let w: TRunningWorkers;

beforeAll(async () => {
  s = await startTestServer('wk_assessment_monthly', { clock: () => NOW });
  w = await startWorkers(workerConfigFor(s), { logger: createLogger({ level: 'silent' }), clock: () => NOW });
}, 60_000);
afterAll(async () => {
  await w?.close();
  await s?.stop();
});

test('the monthly assessment is scheduled on the 1st at 01:00 China time', async () => {
  const schedulers = await w.queues[QUEUE_NAMES.assessment].getJobSchedulers();
  expect(schedulers.map((j) => [j.key, j.pattern, j.tz])).toEqual([
    ['assessment-monthly', '0 1 1 * *', 'Asia/Shanghai'],
  ]);
  // BullMQ plans from the real clock: whatever today is, the next run is a 1st at 01:00 +08:00.
  const local = new Date(schedulers[0]!.next! + 8 * 3600_000);
  expect([local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes()]).toEqual([1, 1, 0]);
});

test('the job scores the month just ended (China time) with every active scheme and stores it', async () => {
  const runs = (await assessmentMonthlyHandler(w.ctx)({ id: 't1', data: { v: 1 } })) as {
    period: string;
    scheme: { name: string };
    units: number;
  }[];
  expect(runs.map((r) => [r.scheme.name, r.period])).toEqual([[DEFAULT_ASSESSMENT_NAME, '2026-03']]);
  expect(runs[0]!.units).toBe(32);
  const supervisor = await s.login('supervisor1');
  const rankings = await supervisor.get('/assessment/rankings?period=2026-03');
  expect(rankings.body).toMatchObject({ scored: true, computedAt: NOW.toISOString() });
});

test('an explicit period re-scores that period; a bad payload fails at once', async () => {
  const runs = (await assessmentMonthlyHandler(w.ctx)({ id: 't2', data: { v: 1, period: '2026-Q1' } })) as {
    period: string;
  }[];
  expect(runs.map((r) => r.period)).toEqual(['2026-Q1']);
  await expect(
    assessmentMonthlyHandler(w.ctx)({ id: 't3', data: { v: 1, period: '2026-13' } }),
  ).rejects.toBeInstanceOf(UnrecoverableError);
});
