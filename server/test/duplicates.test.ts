import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let categoryId: (name: string) => string;

beforeAll(async () => {
  s = await startTestServer('duplicates');
  c = await signInCast(s);
  const cats = (await c.agent.get('/categories')).body.items as { id: string; name: string }[];
  categoryId = (name) => cats.find((x) => x.name === name)!.id;
}, 60_000);
afterAll(async () => s?.stop());

type TItem = { ticketId: string; no: string; title: string; score: number; reasons: string[] };

async function duplicates(params: Record<string, string>, client = c.agent): Promise<TItem[]> {
  const res = await client.get(`/tickets/duplicates?${new URLSearchParams(params).toString()}`);
  expect(res.status).toBe(200);
  return res.body.items as TItem[];
}
const ids = (items: TItem[]) => items.map((i) => i.ticketId);

describe('duplicate suggestions (并单)', () => {
  test('the same caller within the window is found; outside it, not', async () => {
    const recent = await createTicket(c, {
      title: '楼道灯不亮',
      description: '三单元楼道灯坏了一个星期',
      citizen: { phone: '13700000001' },
    });
    const old = await createTicket(c, {
      title: '咨询公积金',
      description: '想提取公积金还房贷',
      citizen: { phone: '13700000002' },
    });
    await s.ctx.pool.query(`update tickets set created_at = now() - interval '8 days' where id = $1`, [
      old.id,
    ]);

    const found = await duplicates({ phone: '137-0000-0001' });
    expect(ids(found)).toEqual([recent.id]);
    expect(found[0]!.reasons).toEqual(['same_caller']);
    expect(ids(await duplicates({ phone: '13700000002' }))).not.toContain(old.id);
  });

  test('the same place in the same category is found, written another way', async () => {
    const cat = categoryId('占道经营');
    const t = await createTicket(c, {
      type: 'complaint',
      categoryId: cat,
      title: '菜场门口占道经营',
      description: '早上菜贩在人行道上摆摊，行人只能走机动车道',
      address: '天宁区青龙街道龙锦路 18 号',
      citizen: { phone: '13700000003' },
    });
    const items = await duplicates({ address: '龙锦路18号附近', categoryId: cat, title: '人行道摆摊' });
    expect(ids(items)).toContain(t.id);
    expect(items.find((i) => i.ticketId === t.id)!.reasons).toContain('same_place');
    // the same address about a matter of another group is no duplicate of it
    const other = await duplicates({ address: '龙锦路18号', categoryId: categoryId('供水') });
    expect(ids(other)).not.toContain(t.id);
  });

  test('a similar text is found, a dissimilar one is not', async () => {
    const t = await createTicket(c, {
      title: '污水管道破裂',
      description: '小区东门外的污水管道破裂，污水流到人行道上，气味很难闻，已经持续三天了',
      citizen: { phone: '13700000004' },
    });
    const similar = await duplicates({
      description: '小区东门外污水管道破裂了，污水流到人行道上，气味难闻，已经三天了',
    });
    expect(ids(similar)).toContain(t.id);
    expect(similar.find((i) => i.ticketId === t.id)!.reasons).toEqual(['similar_text']);
    expect(ids(await duplicates({ description: '想咨询孩子上小学需要准备哪些入学材料' }))).not.toContain(
      t.id,
    );
  });

  test('a match on a merged ticket suggests its parent, once', async () => {
    const parent = await createTicket(c, {
      title: '路灯不亮',
      description: '和平北路北段路灯全部不亮',
      citizen: { phone: '13700000005' },
    });
    const child = await createTicket(c, {
      title: '路灯坏了',
      description: '晚上和平北路雕庄路口往北一段黑漆漆的，路灯全部不亮，骑车很危险',
      citizen: { phone: '13700000006' },
    });
    expect((await c.agent.post(`/tickets/${child.id}/merge`, { parentId: parent.id })).status).toBe(200);
    const items = await duplicates({
      phone: '13700000006',
      description: '晚上和平北路雕庄路口往北一段黑漆漆的，路灯全部不亮，骑车很危险',
    });
    expect(ids(items)).toEqual([parent.id]);
  });

  test('a ticket’s own duplicates: from its caller and words, never itself', async () => {
    const first = await createTicket(c, {
      title: '垃圾清运不及时',
      description: '丽华新村垃圾房已经三天没人清运',
      citizen: { phone: '13700000007' },
    });
    const second = await createTicket(c, {
      title: '垃圾还没清运',
      description: '前天反映的丽华新村垃圾房还是没人清运，臭味很大',
      citizen: { phone: '13700000007' },
    });
    const res = await c.dispatcher.get(`/tickets/${second.id}/duplicates`);
    expect(res.status).toBe(200);
    expect(ids(res.body.items)).toEqual([first.id]);
    expect(res.body.items[0]).toMatchObject({ no: first.no, status: 'registered' });
  });

  test('a 12388 report is suggested only to those who may read it, and never shows its words', async () => {
    const secret = await createTicket(c, {
      line: '12388',
      type: 'report',
      title: '举报某所长违规收受礼金',
      description: '某所长在审批中多次收受礼金，涉嫌违纪',
      citizen: { phone: '13700000008' },
    });
    const searches: Record<string, string>[] = [
      { phone: '13700000008' },
      { description: '某所长在审批中多次收受礼金，涉嫌违纪' },
    ];
    for (const params of searches) {
      const seen = await c.agent.get(`/tickets/duplicates?${new URLSearchParams(params).toString()}`);
      expect(ids(seen.body.items)).not.toContain(secret.id);
      expect(JSON.stringify(seen.body)).not.toContain('礼金');
      expect(ids(await duplicates(params, c.admin))).toContain(secret.id);
    }
    // hotline staff may open the ticket but get no suggestions computed from what it says
    const own = await c.dispatcher.get(`/tickets/${secret.id}/duplicates`);
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
  });

  test('bad input is refused with 400, a ticket one may not see with 404, units may not search', async () => {
    for (const q of ['limit=0', 'limit=21', 'citizenId=nope', 'excludeId=42']) {
      const res = await c.agent.get(`/tickets/duplicates?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await c.agent.get('/tickets/not-a-uuid/duplicates')).status).toBe(400);
    const t = await createTicket(c, { citizen: { phone: '13700000009' } });
    expect((await c.handler.get(`/tickets/${t.id}/duplicates`)).status).toBe(404);
    expect((await c.agent.get('/tickets/00000000-0000-4000-8000-000000000000/duplicates')).status).toBe(404);
    expect((await c.handler.get('/tickets/duplicates?phone=13700000009')).status).toBe(403);
  });
});
