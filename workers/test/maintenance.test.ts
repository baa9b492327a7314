import { createLogger } from '@hotline/server/src/infra/logger';
import { seedDemoHistory } from '@hotline/server/src/modules/seed/demo-history';
import { startTestServer, type ApiClient, type TTestServer } from '../../server/test/support/harness';
import { startWorkers, type TRunningWorkers } from '../src';
import { QUEUE_NAMES } from '../src/jobs/queue-names';
import { waitUntil, workerConfigFor } from './support/worker-harness';

// The workers' clock: late November, when next year's holidays are usually not yet announced.
const NOW = new Date('2026-11-26T02:00:00.000Z');

let s: TTestServer;
let w: TRunningWorkers;
let admin: ApiClient;

beforeAll(async () => {
  s = await startTestServer('wk_maintenance', { clock: () => NOW });
  await seedDemoHistory(s.ctx.db, s.ctx.pii, { count: 400, now: NOW });
  admin = await s.login('admin');
  w = await startWorkers(workerConfigFor(s), { logger: createLogger({ level: 'silent' }), clock: () => NOW });
}, 60_000);
afterAll(async () => {
  await w?.close();
  await s?.stop();
});

test('the housekeeping tasks are scheduled: nightly retraining, the calendar check, daily partitions', async () => {
  const schedulers = await w.queues[QUEUE_NAMES.maintenance].getJobSchedulers();
  expect(schedulers.map((j) => [j.key, j.pattern ?? null, j.tz ?? null, j.every ?? null]).sort()).toEqual([
    ['calendar-check-6h', null, null, 6 * 3600_000],
    ['partitions-daily', '30 3 * * *', 'Asia/Shanghai', null],
    ['routing-train-nightly', '0 2 * * *', 'Asia/Shanghai', null],
  ]);
});

test('the calendar check runs at start and raises the missing-2027 alert', async () => {
  const alerts = await waitUntil(
    async () => {
      const items = (await admin.get('/alerts')).body.items as { kind: string; key: string }[];
      return items.length ? items : null;
    },
    'the calendar alert',
    15_000,
  );
  expect(alerts).toEqual([
    expect.objectContaining({ kind: 'calendar_missing', key: '2027', level: 'warning' }),
  ]);
});

test("an admin's 重新训练 goes through the outbox to the maintenance queue and stores both models", async () => {
  expect((await admin.get('/routing/models')).body.items).toEqual([]);
  const res = await admin.post('/routing/models/train', {});
  expect(res.status).toBe(202);
  const models = await waitUntil(
    async () => {
      const items = (await admin.get('/routing/models')).body.items as { target: string }[];
      return items.length === 2 ? items : null;
    },
    'both routing models',
    60_000,
    250,
  );
  expect(models.map((m) => m.target).sort()).toEqual(['category', 'unit']);
  for (const m of models) {
    expect(m).toMatchObject({
      trainedAt: NOW.toISOString(),
      trainingRows: expect.any(Number),
      heldoutRows: expect.any(Number),
    });
    expect((m as unknown as { top3: number }).top3).toBeGreaterThan(0.5);
  }
  // the new model is used at once for the next suggestion
  const suggest = await admin.post('/routing/suggest', {
    title: '停电',
    description: '小区突然停电，整栋楼没电',
  });
  expect(suggest.body.modelTrainedAt).toBe(NOW.toISOString());
  expect(suggest.body.units[0].reason).toBe('model');
}, 90_000);
