import { DEFAULT_ASSESSMENT_NAME, type TAssessmentRankings, type TUnitBreakdown } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import { applyKpiRollup } from '../../src/modules/kpi/kpi-rollup';
import { createTicket, signInCast, type TCast } from '../support/drive';
import { DEMO_PASSWORD } from '../support/db';
import { startTestServer, type ApiClient, type TTestServer } from '../support/harness';

// A March morning in Changzhou (Monday 2026-03-02 09:00): sign-for is due 2 working hours after
// dispatch, a 求助 reply 5 working days after; the clock moves forward to make some late.
let now = new Date('2026-03-02T01:00:00Z');
const at = (iso: string) => {
  now = new Date(iso);
};

let s: TTestServer;
let c: TCast;
let zjjHandler: ApiClient;
let streetHandler: ApiClient;
let unitIds: Record<string, string>;
let schemeId: string;

const SCHEME = {
  name: '测试方案',
  config: {
    items: [
      { kpi: 'onTimeRate', weight: 60, target: 1, floor: 0.667 },
      { kpi: 'signOnTimeRate', weight: 40, target: 1 },
    ],
    tiers: [
      {
        key: 'district',
        label: '区（市）',
        unitKinds: ['district'],
        fullMarks: 150,
        rollupSubtree: true,
        listSize: 1,
      },
      {
        key: 'department',
        label: '市级部门',
        unitKinds: ['department', 'enterprise'],
        fullMarks: 100,
        listSize: 1,
      },
    ],
    adjustments: [
      { key: 'red', label: '红牌督办', counter: 'supervisedRed', pointsEach: -2, cap: 10 },
      { key: 'yellow', label: '黄牌督办', counter: 'supervisedYellow', pointsEach: -1, cap: 5 },
    ],
    minReceived: 2,
  },
};

async function ok(client: ApiClient, path: string, body: unknown = {}) {
  const res = await client.post(path, body);
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
async function dispatched(unit: string): Promise<string> {
  const { id } = await createTicket(c, { type: 'help' });
  await ok(c.dispatcher, `/tickets/${id}/dispatch`, { unitId: unitIds[unit] });
  return id;
}
const sign = (h: ApiClient, id: string) => ok(h, `/tickets/${id}/sign`);
const reply = (h: ApiClient, id: string) =>
  ok(h, `/tickets/${id}/reply`, { content: '已处理完毕，已告知来电人', solved: true });
const card = (id: string, level: 'yellow' | 'red') =>
  ok(c.supervisor, `/tickets/${id}/supervise`, { level, note: '请加快办理进度' });

/**
 * The roll-up counts what committed below the cluster-wide xmin: a long transaction elsewhere on
 * the server (another test file) holds it back, so run it until every event is in.
 */
async function rollUpEverything(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await applyKpiRollup(s.ctx.db);
    const left = await s.ctx.db.execute(sql`select count(*)::int as n from ticket_events
      where xid >= coalesce((select horizon from rollup_cursors where name = 'kpi'), '0'::xid8)`);
    if ((left.rows[0] as { n: number }).n === 0) return;
    if (Date.now() > deadline) throw new Error('the KPI roll-up did not catch up');
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  s = await startTestServer('assessment_api', { clock: () => now });
  c = await signInCast(s);
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  unitIds = Object.fromEntries(units.map((u) => [u.code, u.id]));
  await ok(c.admin, '/users', {
    username: 'zjj_handler',
    displayName: '住建承办',
    role: 'unit_handler',
    unitId: unitIds.zjj,
    password: DEMO_PASSWORD,
  });
  zjjHandler = await s.login('zjj_handler');
  streetHandler = await s.login('tn_street_handler');
  const street = (await streetHandler.get('/auth/me')).body;
  unitIds.street = street.user.unitId;

  // 09:00: everything dispatched; 09:10 signed on time; 09:20 the on-time replies.
  const cgj = [
    await dispatched('cgj'),
    await dispatched('cgj'),
    await dispatched('cgj'),
    await dispatched('cgj'),
  ];
  const zjj = [await dispatched('zjj'), await dispatched('zjj'), await dispatched('zjj')];
  await dispatched('scjgj');
  const street1 = [await dispatched('street'), await dispatched('street')];
  at('2026-03-02T01:10:00Z');
  for (const id of cgj) await sign(c.handler, id);
  for (const id of zjj.slice(0, 2)) await sign(zjjHandler, id);
  for (const id of street1) await sign(streetHandler, id);
  at('2026-03-02T01:20:00Z');
  for (const id of cgj.slice(0, 3)) await reply(c.handler, id);
  await reply(zjjHandler, zjj[0]!);
  for (const id of street1) await reply(streetHandler, id);
  await card(cgj[3]!, 'yellow');
  await card(zjj[1]!, 'red');
  // 14:00: past the sign-for deadline; two weeks on: past the reply deadline.
  at('2026-03-02T06:00:00Z');
  await sign(zjjHandler, zjj[2]!);
  at('2026-03-16T02:00:00Z');
  await reply(c.handler, cgj[3]!);
  await reply(zjjHandler, zjj[1]!);
  await reply(zjjHandler, zjj[2]!);
  at('2026-04-01T02:00:00Z');
  await rollUpEverything();

  const created = await c.admin.post('/assessment/schemes', SCHEME);
  expect(created.status).toBe(201);
  schemeId = created.body.id;
}, 120_000);
afterAll(() => s?.stop());

test('the default scheme is seeded and supervisors may read it but not write', async () => {
  const list = await c.supervisor.get('/assessment/schemes');
  expect(list.status).toBe(200);
  expect(list.body.items.map((x: { name: string }) => x.name)).toContain(DEFAULT_ASSESSMENT_NAME);
  const def = list.body.items.find((x: { name: string }) => x.name === DEFAULT_ASSESSMENT_NAME);
  expect(def.config.tiers.map((t: { fullMarks: number }) => t.fullMarks)).toEqual([150, 100]);
  expect((await c.supervisor.post('/assessment/schemes', SCHEME)).status).toBe(403);
  expect((await c.handler.get('/assessment/schemes')).status).toBe(403);
});

test('an invalid scheme answers 400 with the fields at fault', async () => {
  const bad = structuredClone(SCHEME) as { config: Record<string, unknown> } & typeof SCHEME;
  bad.config.items[0]!.floor = 1.2;
  bad.config.items[1]!.kpi = 'onTimeRate';
  const res = await c.admin.post('/assessment/schemes', bad);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(JSON.stringify(res.body.error.details)).toMatch(/floor/);
  const res2 = await c.admin.put(`/assessment/schemes/${schemeId}`, {
    ...SCHEME,
    config: { ...SCHEME.config, tiers: [] },
  });
  expect(res2.status).toBe(400);
});

test('scoring March gives exact scores, floors, ranks, lists and leaves small units unranked', async () => {
  const run = await c.supervisor.post('/assessment/run', { schemeId, period: '2026-03' });
  expect(run.status).toBe(200);
  expect(run.body).toMatchObject({ period: '2026-03', from: '2026-03-01', to: '2026-03-31' });

  const res = await c.supervisor.get<TAssessmentRankings>(
    `/assessment/rankings?period=2026-03&schemeId=${schemeId}`,
  );
  expect(res.status).toBe(200);
  expect(res.body.scored).toBe(true);
  const [district, dept] = res.body.tiers;
  expect(dept!.key).toBe('department');
  const ranked = dept!.rows.filter((r) => r.ranked);
  // 市城管局: signs 4/4 → 40; replies 3/4 on time → 60 × 0.75 = 45; a yellow card −1.
  // 市住建局: signs 2/3 → 26.67; replies 1/3 on time, below the 66.7 % floor → 0; a red card −2.
  expect(ranked.map((r) => [r.name, r.received, r.score, r.rank, r.list])).toEqual([
    ['市城管局', 4, 84, 1, 'red'],
    ['市住建局', 3, 24.67, 2, 'black'],
  ]);
  expect(dept!.red.map((r) => r.name)).toEqual(['市城管局']);
  expect(dept!.black.map((r) => r.name)).toEqual(['市住建局']);
  const small = dept!.rows.find((r) => r.name === '市市场监管局')!;
  expect(small).toMatchObject({ received: 1, ranked: false, rank: null, list: null });
  // 天宁区 answers for its street: 2 received, all on time, full 150; the other districts had no work.
  expect(district!.rows.filter((r) => r.ranked).map((r) => [r.name, r.score, r.rank])).toEqual([
    ['天宁区12345分中心', 150, 1],
  ]);
  expect(district!.rows.filter((r) => !r.ranked)).toHaveLength(5);
});

test('a unit reads its own breakdown with links to the tickets, but not another unit’s', async () => {
  await c.supervisor.post('/assessment/run', { schemeId, period: '2026-03' });
  const mine = await c.handler.get<TUnitBreakdown>(
    `/assessment/units/${unitIds.cgj}?period=2026-03&schemeId=${schemeId}`,
  );
  expect(mine.status).toBe(200);
  expect(mine.body.items.map((i) => [i.kpi, i.value, i.points, i.why])).toEqual([
    ['onTimeRate', 0.75, 45, 'linear'],
    ['signOnTimeRate', 1, 40, 'full'],
  ]);
  expect(mine.body.adjustments.find((a) => a.key === 'yellow')).toMatchObject({ count: 1, points: -1 });
  expect(mine.body).toMatchObject({ score: 84, rank: 1, tierSize: 2, list: 'red' });
  expect(mine.body.items[0]!.links.numerator[0]!.href).toBe(
    `/kpi/tickets?metric=repliedOnTime&unitId=${unitIds.cgj}&level=unit&from=2026-03-01&to=2026-03-31`,
  );

  const zjj = await c.supervisor.get<TUnitBreakdown>(
    `/assessment/units/${unitIds.zjj}?period=2026-03&schemeId=${schemeId}`,
  );
  expect(zjj.body.items[0]).toMatchObject({ kpi: 'onTimeRate', value: 0.3333, points: 0, why: 'floor' });

  expect(
    (await c.handler.get(`/assessment/units/${unitIds.zjj}?period=2026-03&schemeId=${schemeId}`)).status,
  ).toBe(404);
  // a street handler sees neither its district's score nor a department's
  expect(
    (await streetHandler.get(`/assessment/units/${unitIds.tn}?period=2026-03&schemeId=${schemeId}`)).status,
  ).toBe(404);
  expect(
    (await c.agent.get(`/assessment/units/${unitIds.cgj}?period=2026-03&schemeId=${schemeId}`)).status,
  ).toBe(404);
  expect((await c.handler.get(`/assessment/rankings?period=2026-03`)).status).toBe(403);
});

test('a district branch reads its own score, linked to the tickets of its whole subtree', async () => {
  await c.supervisor.post('/assessment/run', { schemeId, period: '2026-03' });
  const tn = await s.login('tn_dispatcher');
  const res = await tn.get<TUnitBreakdown>(
    `/assessment/units/${unitIds.tn}?period=2026-03&schemeId=${schemeId}`,
  );
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ score: 150, received: 2, fullMarks: 150 });
  expect(res.body.items[0]!.links.denominator[0]).toMatchObject({ metric: 'replied', level: 'district' });
});

test('the monthly notice has a title, summary sentences, tables and a line per unit', async () => {
  await c.supervisor.post('/assessment/run', { schemeId, period: '2026-03' });
  const res = await c.supervisor.get(`/assessment/notices/2026-03?schemeId=${schemeId}`);
  expect(res.status).toBe(200);
  expect(res.body.title).toBe('2026年3月阶段性考核排名通报');
  expect(res.body.summary[0]).toMatch(/其中3家参与排名/);
  expect(res.body.summary.join('')).toMatch(/红榜：市城管局；黑榜：市住建局/);
  const line = res.body.lines.find((l: { name: string }) => l.name === '市住建局').text;
  expect(line).toContain('得分24.67分（市级部门第2名，列入黑榜）');
  expect(line).toContain('按时办结率33.33%，得0/60分');
  expect(line).toContain('红牌督办1次-2分');
  expect((await c.supervisor.get('/assessment/notices/2025-01')).status).toBe(404);
  expect((await c.supervisor.get('/assessment/notices/2025-13')).status).toBe(400);
});

test('re-running replaces the stored results; a scheme with results cannot be deleted', async () => {
  await c.supervisor.post('/assessment/run', { schemeId, period: '2026-03' });
  await c.supervisor.post('/assessment/run', { schemeId, period: '2026-03' });
  const count = await s.ctx.db.execute(
    sql`select count(*)::int as n from assessment_results where scheme_id = ${schemeId} and period = '2026-03'`,
  );
  // one row per active district (6), department (21) and enterprise (5)
  expect((count.rows[0] as { n: number }).n).toBe(32);
  expect((await c.admin.delete(`/assessment/schemes/${schemeId}`)).status).toBe(409);
  const unused = await c.admin.post('/assessment/schemes', { ...SCHEME, name: '未用方案' });
  expect((await c.admin.delete(`/assessment/schemes/${unused.body.id}`)).status).toBe(204);
});
