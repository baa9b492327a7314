import { detectAndRecordHotTopics } from '../src/modules/hot-topics/use-cases/detect-hot-topics';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

const NOW = new Date('2026-11-26T02:30:00.000Z');
let serverNow = NOW;
let s: TTestServer;
let c: TCast;
const confidentialIds: string[] = [];
const lightIds: string[] = [];

beforeAll(async () => {
  s = await startTestServer('hot_topics_routes', { clock: () => serverNow });
  c = await signInCast(s);
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  const wj = units.find((u) => u.code === 'wj')!.id;
  for (let i = 0; i < 9; i++) {
    serverNow = new Date(NOW.getTime() - (30 - i) * 60_000);
    lightIds.push(
      (
        await createTicket(c, {
          title: '路灯不亮',
          description: `人民中路一段路灯晚上不亮，一片漆黑（第${i + 1}位来电）`,
          address: `武进区湖塘镇人民中路${10 + i}号`,
          districtId: wj,
          citizen: { phone: `1391000${2000 + i}` },
        })
      ).id,
    );
    // the same burst of 12388 reports: counted nowhere by its words, listed to no supervisor
    confidentialIds.push(
      (
        await createTicket(c, {
          line: '12388',
          type: 'report',
          title: '举报某局科长收受购物卡',
          description: '该科长多次在审批中收受企业购物卡',
          address: `武进区湖塘镇人民中路${10 + i}号`,
          districtId: wj,
          citizen: { phone: `1391000${3000 + i}` },
        })
      ).id,
    );
  }
  serverNow = NOW;
  const res = await detectAndRecordHotTopics(s.ctx, NOW);
  expect(res.raised).toHaveLength(1);
}, 120_000);
afterAll(async () => s?.stop(), 60_000);

async function insertAlert(label: string, ticketIds: string[], raisedAt: Date): Promise<string> {
  const res = await s.ctx.pool.query<{ id: string }>(
    `insert into hot_topic_alerts (topic_key, "window", window_start, label, dimensions, count, baseline,
       statistic, score, threshold, ticket_ids, raised_at)
     values ($1, 'day', $2, $1, '{}', $3, 0.2, 'poisson_tail', 1e-9, 1e-6, $4::uuid[], $2) returning id`,
    [label, raisedAt, ticketIds.length, ticketIds],
  );
  return res.rows[0]!.id;
}

const body = (r: { body: unknown }) => JSON.stringify(r.body);

test('only supervisors and admins read and handle hot-topic alerts', async () => {
  for (const who of [c.agent, c.dispatcher, c.handler, c.manager] as ApiClient[]) {
    expect((await who.get('/hot-topics')).status).toBe(403);
  }
  const [alert] = (await c.supervisor.get('/hot-topics')).body.items;
  expect((await c.agent.get(`/hot-topics/${alert.id}`)).status).toBe(403);
  expect((await c.dispatcher.post(`/hot-topics/${alert.id}/ack`, {})).status).toBe(403);
  const anonymous = await fetch(`${s.url}/api/v1/hot-topics`);
  expect(anonymous.status).toBe(401);
  expect((await c.admin.get('/hot-topics')).status).toBe(200);
});

test('the list shows the alert with its statistic; the detail its tickets and never a 12388 report', async () => {
  const list = await c.supervisor.get('/hot-topics');
  expect(list.status).toBe(200);
  expect(list.body.items).toHaveLength(1);
  const [alert] = list.body.items;
  expect(alert).toMatchObject({
    label: '路灯 · 武进区 湖塘镇',
    window: 'hour',
    count: 9,
    baseline: 0.2,
    statistic: 'poisson_tail',
    threshold: 1e-6,
    status: 'open',
    raisedAt: NOW.toISOString(),
  });
  expect(alert.score).toBeLessThan(1e-6);
  const detail = await c.supervisor.get(`/hot-topics/${alert.id}`);
  expect(detail.status).toBe(200);
  expect(detail.body.tickets.map((t: { id: string }) => t.id).sort()).toEqual([...lightIds].sort());
  expect(detail.body.tickets[0]).toEqual({
    id: lightIds[8],
    no: expect.any(String),
    title: '路灯不亮',
    district: '武进区',
    createdAt: new Date(NOW.getTime() - 22 * 60_000).toISOString(),
    status: 'registered',
  });
  expect(detail.body.hiddenCount).toBe(0);
  for (const r of [list, detail]) expect(body(r)).not.toContain('购物卡');
});

test('a confidential ticket in an alert is left out of its list, only counted', async () => {
  const id = await insertAlert(
    '某类别 · 武进区',
    [...confidentialIds.slice(0, 3), lightIds[0]!],
    new Date(NOW.getTime() - 3_600_000),
  );
  const detail = await c.supervisor.get(`/hot-topics/${id}`);
  expect(detail.body.tickets.map((t: { id: string }) => t.id)).toEqual([lightIds[0]]);
  expect(detail.body.hiddenCount).toBe(3);
  expect(body(detail)).not.toContain('购物卡');
  expect((await c.supervisor.post(`/hot-topics/${id}/close`, {})).status).toBe(200);
});

test('acknowledge, then close; the same step twice is a conflict', async () => {
  const id = await insertAlert('噪音 · 天宁区', lightIds.slice(0, 2), new Date(NOW.getTime() - 7_200_000));
  const ack = await c.supervisor.post(`/hot-topics/${id}/ack`, {});
  expect(ack.status).toBe(200);
  expect(ack.body.alert.status).toBe('acknowledged');
  const again = await c.supervisor.post(`/hot-topics/${id}/ack`, {});
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
  expect((await c.admin.post(`/hot-topics/${id}/close`, {})).body.alert.status).toBe('closed');
  expect((await c.supervisor.post(`/hot-topics/${id}/close`, {})).status).toBe(409);
  const open = await c.supervisor.get('/hot-topics?status=open');
  expect(open.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
  const closed = await c.supervisor.get('/hot-topics?status=closed,acknowledged');
  expect(closed.body.items.map((a: { id: string }) => a.id)).toContain(id);
});

test('pages newest first with a cursor', async () => {
  for (let i = 0; i < 3; i++)
    await insertAlert(`翻页${i} · 全市`, [lightIds[i]!], new Date(NOW.getTime() - (10 + i) * 3_600_000));
  const all = (await c.supervisor.get('/hot-topics?limit=100')).body.items as {
    id: string;
    raisedAt: string;
  }[];
  expect(all.map((a) => a.raisedAt)).toEqual([...all.map((a) => a.raisedAt)].sort().reverse());
  const first = await c.supervisor.get('/hot-topics?limit=2');
  expect(first.body.items).toHaveLength(2);
  const second = await c.supervisor.get(`/hot-topics?limit=2&cursor=${first.body.nextCursor}`);
  const third = await c.supervisor.get(`/hot-topics?limit=2&cursor=${second.body.nextCursor}`);
  expect([...first.body.items, ...second.body.items, ...third.body.items].map((a) => a.id)).toEqual(
    all.map((a) => a.id),
  );
  expect(third.body.nextCursor).toBeNull();
});

test('bad input is a 400, an unknown alert a 404', async () => {
  for (const path of [
    '/hot-topics?status=bogus',
    '/hot-topics?cursor=garbage',
    '/hot-topics?limit=0',
    '/hot-topics/not-a-uuid',
  ]) {
    const res = await c.supervisor.get(path);
    expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
      path,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  }
  const unknown = '00000000-0000-4000-8000-000000000000';
  expect((await c.supervisor.get(`/hot-topics/${unknown}`)).status).toBe(404);
  expect((await c.supervisor.post(`/hot-topics/${unknown}/ack`, {})).status).toBe(404);
  expect((await c.supervisor.post('/hot-topics/nope/close', {})).status).toBe(400);
});

test('running the detector again raises nothing new and keeps one row, even hours later', async () => {
  const again = await detectAndRecordHotTopics(s.ctx, new Date(NOW.getTime() + 30_000));
  expect(again.raised).toEqual([]);
  // 7 hours on, the same tickets are still a burst of the day window: the same alert, not a new one
  const later = await detectAndRecordHotTopics(s.ctx, new Date(NOW.getTime() + 7 * 3_600_000));
  expect(later.topics).toBe(1);
  expect(later.raised).toEqual([]);
  const rows = await s.ctx.pool.query<{ ticket_ids: string[] }>(
    `select ticket_ids from hot_topic_alerts where label like '路灯%'`,
  );
  expect(rows.rows.map((r) => [...r.ticket_ids].sort())).toEqual([[...lightIds].sort()]);
});
