import { applyKpiRollup, rebuildKpis, snapshotKpis } from '../../src/modules/kpi/kpi-rollup';
import {
  generateDemoPeriod,
  GENERATE_PRESETS,
  type TGenerateResult,
} from '../../src/modules/seed/demo-generate';
import { startTestServer, type ApiClient, type TTestServer } from '../support/harness';

// Acceptance 1 and 2 of #6: the generated half-year, rolled up incrementally while it is written
// (after each month's commit and by a loop running alongside), equals a full rebuild, and the
// report computed from it shows the published figures.
let s: TTestServer;
let sup: ApiClient;
let gen: TGenerateResult;
let incremental: Awaited<ReturnType<typeof snapshotKpis>>;
let runs = 0;

beforeAll(async () => {
  s = await startTestServer('reports_half_year');
  sup = await s.login('supervisor1');
  const db = s.ctx.db;
  await applyKpiRollup(db);
  let writing = true;
  const alongside = (async () => {
    while (writing) {
      await applyKpiRollup(db);
      runs += 1;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    gen = await generateDemoPeriod(db, s.ctx.pii, {
      ...GENERATE_PRESETS['changzhou-2018h1'],
      rebuild: false,
      afterMonth: async () => {
        await Promise.all([applyKpiRollup(db), applyKpiRollup(db)]);
      },
    });
  } finally {
    writing = false;
    await alongside;
  }
  await applyKpiRollup(db);
  incremental = await snapshotKpis(db);
}, 600_000);
afterAll(() => s?.stop());

test('writes the half-year month by month and refuses to write it twice', async () => {
  expect(gen.written).toBe(true);
  expect(gen.months).toEqual(['2018-01', '2018-02', '2018-03', '2018-04', '2018-05', '2018-06']);
  expect(gen.totals.tickets).toBeGreaterThan(10_000);
  expect(gen.totals.calls).toBeGreaterThan(92_042);
  expect(runs).toBeGreaterThan(0);
  const again = await generateDemoPeriod(s.ctx.db, s.ctx.pii, { ...GENERATE_PRESETS['changzhou-2018h1'] });
  expect(again.written).toBe(false);
  expect(again.reason).toMatch(/refusing to write it twice/);
});

test('the incremental roll-up equals the full recompute', async () => {
  const rebuilt = await rebuildKpis(s.ctx.db);
  expect(rebuilt.events).toBeGreaterThan(50_000);
  const after = await snapshotKpis(s.ctx.db);
  expect(after.unit.length).toBeGreaterThan(1000);
  expect(after).toEqual(incremental);
}, 300_000);

test('the summary shows the published figures, computed from the events and calls', async () => {
  const res = await sup.get('/reports/summary?from=2018-01-01&to=2018-06-30');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    from: '2018-01-01',
    to: '2018-06-30',
    callsAnswered: 92042,
    onlineItems: 724,
    onTimeRate: 0.9986,
    satisfactionRate: 0.996,
    threeWayCalls: 120,
  });
  const byChannel = res.body.onlineItemsByChannel as Record<string, number>;
  expect(Object.keys(byChannel).sort()).toEqual(['web', 'wechat', 'weibo']);
  expect(Object.values(byChannel).reduce((a, b) => a + b, 0)).toBe(724);
  expect(res.body.ticketsReceived).toBe(gen.totals.tickets);
  // The planted exceptions, counted straight from the event log.
  const { rows } = await s.ctx.pool.query(`
    select count(*) filter (where e.type = 'ticket.replied')::int as replies,
           count(*) filter (where e.type = 'ticket.replied' and e.payload->>'onTime' = 'false')::int as late,
           count(*) filter (where e.type = 'ticket.callback_recorded')::int as rated,
           count(*) filter (where e.type = 'ticket.callback_recorded' and e.payload->>'satisfaction' = 'unsatisfied')::int as unsatisfied
    from ticket_events e join tickets t on t.id = e.ticket_id where t.idempotency_key like 'demo-gen-%'`);
  const f = rows[0] as { replies: number; late: number; rated: number; unsatisfied: number };
  expect(f.late).toBeGreaterThan(0);
  expect(Math.round(((f.replies - f.late) / f.replies) * 10_000) / 10_000).toBe(0.9986);
  expect(Math.round(((f.rated - f.unsatisfied) / f.rated) * 10_000) / 10_000).toBe(0.996);
});

test('the work report writes the paragraph from those figures', async () => {
  const res = await sup.get('/reports/work-report?from=2018-01-01&to=2018-06-30');
  expect(res.status).toBe(200);
  expect(res.body.paragraph).toBe(
    '上半年，共接听来电92042件，通过微博、微信、网站受理事项724件，按时办结率99.86%，群众满意率99.6%；通过三方通话助力不见面审批120次',
  );
  expect(res.body.byMonth).toHaveLength(6);
  const sum = (k: string) => (res.body.byMonth as Record<string, number>[]).reduce((n, m) => n + m[k]!, 0);
  expect(sum('callsAnswered')).toBe(92042);
  expect(sum('onlineItems')).toBe(724);
  expect(sum('threeWayCalls')).toBe(120);
  const units = res.body.units as { received: number; onTimeRate: number | null }[];
  expect(units.length).toBeGreaterThan(20);
  expect(units.reduce((n, u) => n + u.received, 0)).toBeGreaterThanOrEqual(gen.totals.tickets - 200);
});
