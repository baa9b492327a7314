import { handledTickets, isHeldOut, trainRoutingModels } from '../src/modules/dispatch/train-routing';
import { suggestRouting } from '../src/modules/tickets/use-cases/suggest-routing';
import { signInCast, ticketInStatus, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

// The learned router: trained from handled tickets, asked while typing and for each new ticket.
let s: TTestServer;
let c: TCast;
let ids: Record<string, string>;

/** What citizens tell each unit about, in words the model can tell apart. */
const TOPICS = {
  cgj: {
    category: '0102',
    words: [
      '小摊贩占道经营',
      '夜市摆摊堵路',
      '流动摊点油烟',
      '商户出店经营',
      '早点摊占用人行道',
      '水果摊占道',
    ],
  },
  zjj: {
    category: '0201',
    words: ['物业不作为', '小区电梯故障', '物业费乱收', '楼道堆物物业不管', '小区门禁损坏', '物业维修拖延'],
  },
  gdgs: {
    category: '1102',
    words: ['小区突然停电', '电压不稳家电烧坏', '供电线路老化', '频繁跳闸停电', '电表计量异常', '变压器噪声'],
  },
} as const;
type TUnitCode = keyof typeof TOPICS;
const PLACES = ['青龙苑', '红梅新村', '丽华北村', '清潭小区', '花园街', '翠竹新村', '广化街'];

/** A small deterministic generator: the same tickets on every run. */
function rng(seed: number) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

let ticketNo = 0;
/** A ticket row as the lifecycle leaves it, with its assignments (for the training query). */
async function insertTicket(t: {
  title: string;
  description: string;
  status: string;
  categoryCode?: string;
  districtCode?: string;
  confidential?: boolean;
  parentId?: string;
  line?: string;
  assignments: { unit: string; status: string; at: number }[];
}): Promise<string> {
  ticketNo += 1;
  const res = await s.ctx.pool.query<{ id: string }>(
    `insert into tickets (no, line, channel, type, urgency, title, description, status, category_id, district_id,
       confidential, parent_id, created_at, registered_at, resolved_at, closed_at)
     values ($1, $2, 'phone', 'complaint', 'normal', $3, $4, $5, $6, $7, $8, $9,
       now() - interval '10 days', now() - interval '10 days',
       case when $5 in ('resolved', 'closed') then now() - interval '2 days' end,
       case when $5 = 'closed' then now() - interval '1 day' end)
     returning id`,
    [
      `20990101${String(ticketNo).padStart(6, '0')}`,
      t.line ?? '12345',
      t.title,
      t.description,
      t.status,
      t.categoryCode ? ids[`cat${t.categoryCode}`] : null,
      t.districtCode ? ids[t.districtCode] : null,
      t.confidential ?? false,
      t.parentId ?? null,
    ],
  );
  const id = res.rows[0]!.id;
  for (const a of t.assignments) {
    await s.ctx.pool.query(
      `insert into assignments (ticket_id, unit_id, role, status, dispatched_at, replied_at)
       values ($1, $2, 'lead', $3, now() - interval '9 days' + make_interval(hours => $4),
         case when $3 in ('replied', 'done') then now() - interval '8 days' + make_interval(hours => $4) end)`,
      [id, ids[a.unit], a.status, a.at],
    );
  }
  return id;
}

function topicText(r: () => number, unit: TUnitCode) {
  const [a, b] = [pick(r, TOPICS[unit].words), pick(r, TOPICS[unit].words)];
  return { title: `${pick(r, PLACES)}${a}`, description: `${a}，${b}，希望尽快处理` };
}

const handled: Record<TUnitCode, string[]> = { cgj: [], zjj: [], gdgs: [] };
let viaApi: string;
let decoys: Record<string, string>;

beforeAll(async () => {
  s = await startTestServer('routing_model');
  c = await signInCast(s);
  const rows = await s.ctx.pool.query<{ code: string; id: string }>(
    `select code, id from units union all select 'cat' || code, id from categories`,
  );
  ids = Object.fromEntries(rows.rows.map((r) => [r.code, r.id]));
}, 60_000);
afterAll(async () => s?.stop());

test('with too few handled tickets no model is trained and suggestions fall back to the defaults', async () => {
  expect(await trainRoutingModels(s.ctx)).toEqual({ unit: null, category: null });
  expect((await c.dispatcher.get('/routing/models')).body.items).toEqual([]);
  const res = await c.agent.post('/routing/suggest', { title: '小区突然停电', categoryId: ids.cat1102 });
  expect(res.body).toEqual({
    units: [{ unitId: ids.gdgs, unitName: '国网常州供电公司', confidence: 0.5, reason: 'category default' }],
    categories: [],
    modelTrainedAt: null,
  });
});

describe('trained from handled tickets', () => {
  beforeAll(async () => {
    const r = rng(42);
    for (let i = 0; i < 60; i++) {
      const unit = (['cgj', 'zjj', 'gdgs'] as const)[i % 3]!;
      const id = await insertTicket({
        ...topicText(r, unit),
        status: i % 2 ? 'closed' : 'resolved',
        // some tickets reach their unit without a category (a dispatcher's call on a phone ticket)
        categoryCode: i % 4 ? TOPICS[unit].category : undefined,
        districtCode: pick(r, ['tn', 'zl', 'xb']),
        assignments: [{ unit, status: 'done', at: 0 }],
      });
      handled[unit].push(id);
    }
    // Driven through the whole lifecycle by people: 道路井盖缺失 → 市城管局.
    viaApi = await ticketInStatus(c, 'closed');
    const r2 = rng(7);
    decoys = {
      // returned by the first unit, done by the second: the second one learned
      reassigned: await insertTicket({
        ...topicText(r2, 'zjj'),
        status: 'closed',
        assignments: [
          { unit: 'gdgs', status: 'returned', at: 0 },
          { unit: 'zjj', status: 'done', at: 1 },
        ],
      }),
      // the district branch passed it to its street: the street learned
      twoLevel: await insertTicket({
        ...topicText(r2, 'cgj'),
        status: 'closed',
        districtCode: 'tn',
        assignments: [
          { unit: 'tn', status: 'forwarded', at: 0 },
          { unit: 'tn_qinglong', status: 'done', at: 1 },
        ],
      }),
      confidential: await insertTicket({
        title: '举报供电所收红包',
        description: '举报供电所收红包',
        status: 'closed',
        line: '12388',
        confidential: true,
        assignments: [{ unit: 'jwjw', status: 'done', at: 0 }],
      }),
      open: await insertTicket({
        ...topicText(r2, 'gdgs'),
        status: 'in_progress',
        assignments: [{ unit: 'gdgs', status: 'signed', at: 0 }],
      }),
      neverReplied: await insertTicket({
        ...topicText(r2, 'gdgs'),
        status: 'closed',
        assignments: [{ unit: 'gdgs', status: 'cancelled', at: 0 }],
      }),
    };
    decoys.merged = await insertTicket({
      ...topicText(r2, 'gdgs'),
      status: 'closed',
      parentId: handled.gdgs[0],
      assignments: [{ unit: 'gdgs', status: 'done', at: 0 }],
    });
  }, 60_000);

  test('the training rows are the handled tickets, labelled with the unit that did the work', async () => {
    const rows = await handledTickets(s.ctx);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(rows).toHaveLength(63);
    for (const decoy of ['confidential', 'open', 'neverReplied', 'merged'])
      expect({ decoy, included: byId.has(decoys[decoy]!) }).toEqual({ decoy, included: false });
    expect(byId.get(decoys.reassigned!)?.unitId).toBe(ids.zjj);
    expect(byId.get(decoys.twoLevel!)?.unitId).toBe(ids.tn_qinglong);
    expect(byId.get(viaApi)).toMatchObject({ unitId: ids.cgj, line: '12345' });
    expect(byId.get(handled.gdgs[1]!)).toMatchObject({ categoryCode: '1102', unitId: ids.gdgs });
  });

  test('two models are stored with the figures measured on the held-out fifth', async () => {
    const { unit, category } = await trainRoutingModels(s.ctx);
    const rows = await handledTickets(s.ctx);
    expect(unit).toMatchObject({
      target: 'unit',
      trainingRows: 63,
      heldoutRows: rows.filter((row) => isHeldOut(row.id)).length,
    });
    expect(unit!.heldoutRows).toBeGreaterThan(0);
    // only tickets with a category teach the category model
    expect(category).toMatchObject({ target: 'category', trainingRows: 45 });
    for (const m of [unit!, category!]) {
      expect(Date.now() - Date.parse(m.trainedAt)).toBeLessThan(60_000);
      expect(m.top1).toBeGreaterThanOrEqual(0);
      expect(m.top3).toBeLessThanOrEqual(1);
      expect(m.top3).toBeGreaterThanOrEqual(m.top1!);
    }
    // the topics are easy to tell apart: a working model gets most of the held-out tickets right
    expect(unit!.top1).toBeGreaterThan(0.7);

    const list = await c.supervisor.get('/routing/models');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(expect.arrayContaining([unit, category]));
    expect(JSON.stringify(list.body)).not.toContain('"model"');
    expect((await c.agent.get('/routing/models')).status).toBe(403);
  });

  test('what an agent types is matched to a unit and a category, each with a confidence', async () => {
    const res = await c.agent.post('/routing/suggest', {
      title: '我家小区突然停电',
      description: '供电线路老化',
    });
    expect(res.status).toBe(200);
    const { units, categories, modelTrainedAt } = res.body;
    expect(units[0]).toMatchObject({ unitId: ids.gdgs, unitName: '国网常州供电公司', reason: 'model' });
    expect(units[0].confidence).toBeGreaterThan(0.5);
    expect(units.length).toBeLessThanOrEqual(3);
    expect(new Set(units.map((u: { unitId: string }) => u.unitId)).size).toBe(units.length);
    for (let i = 1; i < units.length; i++)
      expect(units[i].confidence).toBeLessThanOrEqual(units[i - 1].confidence);
    expect(categories[0]).toMatchObject({ categoryId: ids.cat1102, code: '1102', name: '供电' });
    expect(categories[0].confidence).toBeGreaterThan(0.5);
    const models = (await c.admin.get('/routing/models')).body.items as {
      target: string;
      trainedAt: string;
    }[];
    expect(modelTrainedAt).toBe(models.find((m) => m.target === 'unit')!.trainedAt);
  });

  test('a catalogue rule comes first: a leaf rule at least 0.95 sure, a group rule as sure as the model', async () => {
    const text = { title: '小区电梯故障', description: '物业不作为' };
    const modelOnly = (await c.agent.post('/routing/suggest', { ...text, categoryId: ids.cat0201 })).body
      .units;
    expect(modelOnly[0]).toMatchObject({ unitId: ids.zjj, reason: 'model' });
    const p = modelOnly[0].confidence as number;

    const group = await c.admin.post('/dispatch-rules', { categoryId: ids.cat02, leadUnitId: ids.zjj });
    expect(group.status).toBe(201);
    const withGroup = (await c.agent.post('/routing/suggest', { ...text, categoryId: ids.cat0201 })).body
      .units;
    expect(withGroup[0]).toEqual({
      unitId: ids.zjj,
      unitName: '市住建局',
      confidence: p,
      reason: 'catalogue',
      assisting: [],
    });
    expect(withGroup.filter((u: { unitId: string }) => u.unitId === ids.zjj)).toHaveLength(1);

    const leaf = await c.admin.post('/dispatch-rules', {
      categoryId: ids.cat0201,
      leadUnitId: ids.zjj,
      assistingUnitIds: [ids.cgj],
    });
    expect(leaf.status).toBe(201);
    const withLeaf = (await c.agent.post('/routing/suggest', { ...text, categoryId: ids.cat0201 })).body
      .units;
    expect(withLeaf[0]).toMatchObject({ unitId: ids.zjj, reason: 'catalogue', assisting: [{ id: ids.cgj }] });
    expect(withLeaf[0].confidence).toBe(Math.max(p, 0.95));
    for (const r of [group.body, leaf.body]) await c.admin.call('DELETE', `/dispatch-rules/${r.id}`);
  });

  test('a phone ticket is dispatched by the model when it is sure enough, and only suggested when not', async () => {
    const newTicket = async (description: string) =>
      (
        await c.agent.post('/tickets', {
          type: 'complaint',
          channel: 'phone',
          title: '反映问题',
          description,
        })
      ).body.ticket.id as string;
    // one matter the model knows well, one that says nothing about whose it is
    const clear = await newTicket('最近一周频繁跳闸停电，电压不稳家电烧坏，供电线路老化');
    const mixed = await newTicket('希望有关部门尽快处理');
    const topOf = async (id: string) => {
      const res = await c.dispatcher.get(`/tickets/${id}/suggestions`);
      expect(res.status).toBe(200);
      return res.body.units[0] as { unitId: string; confidence: number; reason: string };
    };
    const [sure, unsure] = [await topOf(clear), await topOf(mixed)];
    expect(sure).toMatchObject({ unitId: ids.gdgs, reason: 'model' });
    expect(unsure.reason).toBe('model');
    expect(unsure.confidence).toBeLessThan(sure.confidence);

    const threshold = Math.round(((sure.confidence + unsure.confidence) / 2) * 10_000) / 10_000;
    expect(
      (await c.admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: threshold })).status,
    ).toBe(200);
    try {
      expect(await suggestRouting(s.ctx, mixed)).toEqual({ outcome: 'suggested', unitId: unsure.unitId });
      const event = (
        await s.ctx.pool.query(
          `select payload from ticket_events where ticket_id = $1 and type = 'ticket.routing_suggested'`,
          [mixed],
        )
      ).rows[0].payload;
      expect(event.suggestions[0]).toEqual(unsure);
      expect(event.categories.length).toBeGreaterThan(0);
      expect(event.modelTrainedAt).toEqual(expect.any(String));

      expect(await suggestRouting(s.ctx, clear)).toEqual({ outcome: 'dispatched', unitId: ids.gdgs });
      const detail = await c.dispatcher.get(`/tickets/${clear}`);
      expect(detail.body.ticket).toMatchObject({ status: 'dispatched', leadUnitId: ids.gdgs });
      const dispatched = detail.body.timeline.find((e: { type: string }) => e.type === 'ticket.dispatched');
      expect(dispatched.payload.note).toContain('智能模型');
    } finally {
      await c.admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 0.9 });
    }
  });

  test('a ticket’s suggestions are for those who see it, and a confidential one’s say nothing', async () => {
    const open = (
      await c.agent.post('/tickets', { type: 'complaint', title: '小区突然停电', description: '停电' })
    ).body.ticket.id as string;
    expect((await c.dispatcher.get(`/tickets/${open}/suggestions`)).body.units[0].unitId).toBe(ids.gdgs);
    // a unit user who has not been sent the ticket does not see it at all
    expect((await c.handler.get(`/tickets/${open}/suggestions`)).status).toBe(404);

    const secret = await c.agent.post('/tickets', {
      line: '12388',
      type: 'report',
      title: '举报供电所所长收受红包',
      description: '供电所所长在办理电表业务时收受红包，小区突然停电也不管',
    });
    expect(secret.status).toBe(201);
    for (const who of [c.dispatcher, c.admin]) {
      const res = await who.get(`/tickets/${secret.body.ticket.id}/suggestions`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ units: [], categories: [] });
    }
  });

  test('retraining keeps the newest five models of each kind, and suggestions use the newest', async () => {
    for (let i = 0; i < 5; i++) await trainRoutingModels(s.ctx);
    const stored = await s.ctx.pool.query<{ target: string; n: number; newest: Date }>(
      `select target, count(*)::int as n, max(trained_at) as newest from routing_models group by target order by target`,
    );
    expect(stored.rows.map((r) => [r.target, r.n])).toEqual([
      ['category', 5],
      ['unit', 5],
    ]);
    const newestUnit = stored.rows.find((r) => r.target === 'unit')!.newest;
    const res = await c.agent.post('/routing/suggest', { title: '小区突然停电' });
    expect(res.body.modelTrainedAt).toBe(newestUnit.toISOString());
  });

  test('an admin asks the workers to retrain; nobody else may', async () => {
    const res = await c.admin.post('/routing/models/train');
    expect(res.status).toBe(202);
    expect(res.body.requestId).toEqual(expect.any(String));
    const queued = await s.ctx.pool.query(`select payload from outbox where topic = 'maintenance.run'`);
    expect(queued.rows.map((r) => r.payload)).toContainEqual({
      task: 'routing-train',
      requestId: res.body.requestId,
    });
    expect((await c.dispatcher.post('/routing/models/train')).status).toBe(403);
  });
});
