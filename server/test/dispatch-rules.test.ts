import { suggestRouting } from '../src/modules/tickets/use-cases/suggest-routing';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// 派单目录: the catalogue admins keep, its history, and how the router uses it.
let s: TTestServer;
let admin: ApiClient;
let agent: ApiClient;
let dispatcher: ApiClient;
let ids: Record<string, string>;

beforeAll(async () => {
  s = await startTestServer('dispatch_rules');
  [admin, agent, dispatcher] = await Promise.all([
    s.login('admin'),
    s.login('agent1'),
    s.login('dispatcher1'),
  ]);
  const rows = await s.ctx.pool.query<{ code: string; id: string }>(
    `select code, id from units union all select 'cat' || code, id from categories`,
  );
  ids = Object.fromEntries(rows.rows.map((r) => [r.code, r.id]));
});
afterAll(async () => s?.stop());

const rule = (overrides: Record<string, unknown>) =>
  admin.post('/dispatch-rules', { categoryId: ids.cat0105, leadUnitId: ids.cgj, ...overrides });
const put = (client: ApiClient, id: string, body: unknown) =>
  client.call('PUT', `/dispatch-rules/${id}`, body);

async function ticket(overrides: Record<string, unknown>): Promise<string> {
  const res = await agent.post('/tickets', {
    type: 'complaint',
    channel: 'phone',
    title: '小区门口违章搭建',
    description: '有人在小区门口搭建彩钢棚',
    ...overrides,
  });
  expect(res.status).toBe(201);
  return res.body.ticket.id as string;
}

const assignmentsOf = async (ticketId: string) =>
  (
    await s.ctx.pool.query(
      `select u.code, a.role from assignments a join units u on u.id = a.unit_id
       where a.ticket_id = $1 order by a.role desc, u.code`,
      [ticketId],
    )
  ).rows;

const suggestionOf = async (ticketId: string) =>
  (
    await s.ctx.pool.query(
      `select payload from ticket_events where ticket_id = $1 and type = 'ticket.routing_suggested'`,
      [ticketId],
    )
  ).rows[0]?.payload;

describe('the catalogue and its history', () => {
  test('an admin adds, changes and deletes a rule; every change is a version with who, when and what', async () => {
    const created = await rule({
      districtId: ids.tn,
      assistingUnitIds: [ids.zjj, ids.zjj, ids.cgj],
      note: '天宁区户外广告',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      categoryCode: '0105',
      districtId: ids.tn,
      districtName: '天宁区12345分中心',
      line: null,
      leadUnitId: ids.cgj,
      leadUnitName: '市城管局',
      // the lead is not its own assistant, and a unit named twice is assigned once
      assisting: [{ id: ids.zjj, name: '市住建局' }],
      active: true,
      version: 1,
      updatedByName: expect.any(String),
    });
    const id = created.body.id as string;

    // a change names only what changes: the rest of the rule stays as it was
    const changed = await put(admin, id, { note: '只改备注', expectedVersion: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      districtId: ids.tn,
      leadUnitId: ids.cgj,
      assisting: [{ id: ids.zjj, name: '市住建局' }],
      note: '只改备注',
      version: 2,
    });
    expect((await put(admin, id, { note: '改回', expectedVersion: 1 })).body.error.code).toBe(
      'STALE_VERSION',
    );

    const deleted = await admin.call('DELETE', `/dispatch-rules/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ active: false, version: 3 });

    const versions = await dispatcher.get(`/dispatch-rules/${id}/versions`);
    expect(versions.status).toBe(200);
    const items = versions.body.items as {
      version: number;
      change: string;
      snapshot: Record<string, unknown>;
      changedByName: string;
      changedAt: string;
    }[];
    expect(items.map((v) => [v.version, v.change])).toEqual([
      [3, 'deleted'],
      [2, 'updated'],
      [1, 'created'],
    ]);
    const adminName = (await admin.get('/auth/me')).body.user.displayName as string;
    for (const v of items) {
      expect(v.changedByName).toBe(adminName);
      expect(Date.now() - Date.parse(v.changedAt)).toBeLessThan(60_000);
    }
    expect(items[2]!.snapshot).toMatchObject({ leadUnitId: ids.cgj, note: '天宁区户外广告', version: 1 });
    expect(items[1]!.snapshot).toMatchObject({
      leadUnitId: ids.cgj,
      assisting: [{ id: ids.zjj, name: '市住建局' }],
      note: '只改备注',
      version: 2,
    });
    expect(items[0]!.snapshot).toMatchObject({ active: false, version: 3 });
  });

  test('a second live rule for the same category, district and line is a 409; after a delete the key is free', async () => {
    const first = await rule({ categoryId: ids.cat0106, line: '12345' });
    expect(first.status).toBe(201);
    const again = await rule({ categoryId: ids.cat0106, line: '12345', leadUnitId: ids.zjj });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', details: { ruleId: first.body.id } });
    // a different line or a district makes it another key
    expect((await rule({ categoryId: ids.cat0106 })).status).toBe(201);
    expect((await rule({ categoryId: ids.cat0106, line: '12345', districtId: ids.zl })).status).toBe(201);
    // moving a rule onto a taken key is refused as well
    const other = (await rule({ categoryId: ids.cat0107 })).body;
    expect((await put(admin, other.id, { categoryId: ids.cat0106 })).status).toBe(409);

    expect((await admin.call('DELETE', `/dispatch-rules/${first.body.id}`)).status).toBe(200);
    expect((await rule({ categoryId: ids.cat0106, line: '12345', leadUnitId: ids.zjj })).status).toBe(201);
  });

  test('a deleted rule is hidden from the list unless asked for, and cannot be changed', async () => {
    const r = (await rule({ categoryId: ids.cat0108, note: '待删' })).body;
    expect((await admin.call('DELETE', `/dispatch-rules/${r.id}?expectedVersion=1`)).status).toBe(200);
    const live = await agent.get(`/dispatch-rules?categoryId=${ids.cat0108}`);
    expect(live.body.items).toEqual([]);
    const all = await agent.get(`/dispatch-rules?categoryId=${ids.cat0108}&includeDeleted=true`);
    expect(all.body.items.map((i: { id: string; active: boolean }) => [i.id, i.active])).toEqual([
      [r.id, false],
    ]);
    expect((await put(admin, r.id, { note: '复活' })).status).toBe(409);
    expect((await admin.call('DELETE', `/dispatch-rules/${r.id}`)).status).toBe(409);
  });

  test('the list filters by category, district and unit (lead or assisting)', async () => {
    const a = (await rule({ categoryId: ids.cat0201, leadUnitId: ids.zjj, districtId: ids.xb })).body;
    const b = (await rule({ categoryId: ids.cat0202, leadUnitId: ids.zjj, assistingUnitIds: [ids.gjj] }))
      .body;
    const byUnit = await agent.get(`/dispatch-rules?unitId=${ids.gjj}`);
    expect(byUnit.body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    const byDistrict = await agent.get(`/dispatch-rules?districtId=${ids.xb}`);
    expect(byDistrict.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect((await agent.get(`/dispatch-rules?categoryId=nope`)).status).toBe(400);
  });

  test('only admins write the catalogue', async () => {
    const r = (await rule({ categoryId: ids.cat0203 })).body;
    for (const client of [agent, dispatcher]) {
      const post = await client.post('/dispatch-rules', { categoryId: ids.cat0204, leadUnitId: ids.zjj });
      expect(post.status).toBe(403);
      expect((await put(client, r.id, { note: 'x' })).status).toBe(403);
      expect((await client.call('DELETE', `/dispatch-rules/${r.id}`)).status).toBe(403);
    }
    expect((await agent.get(`/dispatch-rules/${r.id}`)).body.version).toBe(1);
  });

  test('rules naming an unknown or inactive unit, or a district that is not a district branch, are 422', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await rule({ leadUnitId: missing })).status).toBe(422);
    expect((await rule({ assistingUnitIds: [missing] })).status).toBe(422);
    expect((await rule({ categoryId: missing })).status).toBe(422);
    const street = await rule({ districtId: ids.tn_qinglong });
    expect(street.status).toBe(422);
    expect(street.body.error.details).toEqual({ districtId: ids.tn_qinglong });
    await s.ctx.pool.query(`update units set active = false where code = 'ydgs'`);
    expect((await rule({ leadUnitId: ids.ydgs })).status).toBe(422);
    expect((await rule({ categoryId: 'not-a-uuid' })).status).toBe(400);
  });
});

describe('dispatch settings', () => {
  test('staff read them with their defaults; only an admin changes them, field by field', async () => {
    const read = await agent.get('/settings/dispatch');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ autoDispatchMinConfidence: 0.9, returnWindowDays: 2 });
    expect((await dispatcher.call('PUT', '/settings/dispatch', { returnWindowDays: 3 })).status).toBe(403);
    const changed = await admin.call('PUT', '/settings/dispatch', { returnWindowDays: 3 });
    expect(changed.body).toMatchObject({ autoDispatchMinConfidence: 0.9, returnWindowDays: 3 });
    expect((await admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 2 })).status).toBe(
      400,
    );
    expect((await admin.call('PUT', '/settings/dispatch', { nope: 1 })).status).toBe(400);
    expect((await agent.get('/settings/dispatch')).body.returnWindowDays).toBe(3);
  });
});

describe('routing by the catalogue', () => {
  // 0301 … are 12315's; 04 生态环境 (sthjj by default) is free for these tests.
  beforeAll(async () => {
    const made = await Promise.all([
      rule({ categoryId: ids.cat0401, districtId: ids.tn, leadUnitId: ids.tn, assistingUnitIds: [ids.cgj] }),
      rule({ categoryId: ids.cat0402, leadUnitId: ids.slj }),
      rule({ categoryId: ids.cat0402, districtId: ids.wj, leadUnitId: ids.wj }),
      rule({ categoryId: ids.cat04, districtId: ids.jt, leadUnitId: ids.jt }),
      rule({ categoryId: ids.cat0404, leadUnitId: ids.slj }),
      rule({ categoryId: ids.cat0404, line: '12345', leadUnitId: ids.yjglj }),
    ]);
    for (const m of made) expect(m.status).toBe(201);
  });

  test('a leaf rule for the ticket’s district beats the category default and dispatches with its 协办 units', async () => {
    const id = await ticket({ categoryId: ids.cat0401, districtId: ids.tn });
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'dispatched', unitId: ids.tn });
    expect(await assignmentsOf(id)).toEqual([
      { code: 'tn', role: 'lead' },
      { code: 'cgj', role: 'assist' },
    ]);
    const events = await s.ctx.pool.query(
      `select actor_name, payload from ticket_events where ticket_id = $1 and type = 'ticket.dispatched'`,
      [id],
    );
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].actor_name).toBe('智能派单');
    expect(events.rows[0].payload).toMatchObject({
      toUnitId: ids.tn,
      assisting: [{ id: ids.cgj, name: '市城管局' }],
      note: expect.stringContaining('派单目录'),
    });
  });

  test('outside the rule’s district the category default is only suggested (a phone ticket)', async () => {
    const id = await ticket({ categoryId: ids.cat0401, districtId: ids.zl });
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'suggested', unitId: ids.sthjj });
    expect((await suggestionOf(id)).suggestions).toEqual([
      { unitId: ids.sthjj, unitName: '市生态环境局', confidence: 0.5, reason: 'category default' },
    ]);
  });

  test('a rule for the ticket’s district beats the city-wide rule, which covers every other district', async () => {
    const inWj = await ticket({ categoryId: ids.cat0402, districtId: ids.wj });
    const inZl = await ticket({ categoryId: ids.cat0402, districtId: ids.zl });
    const nowhere = await ticket({ categoryId: ids.cat0402 });
    expect(await suggestRouting(s.ctx, inWj)).toEqual({ outcome: 'dispatched', unitId: ids.wj });
    expect(await suggestRouting(s.ctx, inZl)).toEqual({ outcome: 'dispatched', unitId: ids.slj });
    expect(await suggestRouting(s.ctx, nowhere)).toEqual({ outcome: 'dispatched', unitId: ids.slj });
  });

  test('a rule for the whole group is a suggestion, not a dispatch, without a model to weigh it', async () => {
    const id = await ticket({ channel: 'web', categoryId: ids.cat0403, districtId: ids.jt });
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'suggested', unitId: ids.jt });
    expect((await suggestionOf(id)).suggestions).toEqual([
      { unitId: ids.jt, unitName: '金坛区12345分中心', confidence: 0.5, reason: 'catalogue', assisting: [] },
    ]);
  });

  test('a threshold above the catalogue’s confidence turns its dispatch into a suggestion', async () => {
    expect((await admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 0.99 })).status).toBe(
      200,
    );
    try {
      const id = await ticket({ categoryId: ids.cat0401, districtId: ids.tn });
      expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'suggested', unitId: ids.tn });
      expect((await suggestionOf(id)).suggestions[0]).toEqual({
        unitId: ids.tn,
        unitName: '天宁区12345分中心',
        confidence: 0.95,
        reason: 'catalogue',
        assisting: [{ id: ids.cgj, name: '市城管局' }],
      });
    } finally {
      await admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 0.9 });
    }
  });

  test('however low the threshold, a phone ticket is never dispatched on its category’s default alone', async () => {
    expect((await admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 0.1 })).status).toBe(
      200,
    );
    try {
      const id = await ticket({ categoryId: ids.cat0401, districtId: ids.zl });
      expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'suggested', unitId: ids.sthjj });
    } finally {
      await admin.call('PUT', '/settings/dispatch', { autoDispatchMinConfidence: 0.9 });
    }
  });

  test('the live suggestion for a form being typed shows the catalogue rule', async () => {
    const res = await agent.post('/routing/suggest', {
      title: '河道黑臭',
      categoryId: ids.cat0402,
      districtId: ids.wj,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      units: [
        {
          unitId: ids.wj,
          unitName: '武进区12345分中心',
          confidence: 0.95,
          reason: 'catalogue',
          assisting: [],
        },
      ],
      categories: [],
      modelTrainedAt: null,
    });
  });

  test('a rule for the ticket’s line beats the one for every line', async () => {
    const unitFor = async (line: string) =>
      (await agent.post('/routing/suggest', { title: '危废偷倒', categoryId: ids.cat0404, line })).body
        .units[0].unitId;
    expect(await unitFor('12345')).toBe(ids.yjglj);
    expect(await unitFor('12340')).toBe(ids.slj);
  });
});
