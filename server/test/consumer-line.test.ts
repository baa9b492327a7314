import { suggestRouting } from '../src/modules/tickets/use-cases/suggest-routing';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// The 12315 consumer line: its own categories, and 市市场监管局 (scjgj) by default.
let s: TTestServer;
let agent: ApiClient;

beforeAll(async () => {
  s = await startTestServer('consumer_line');
  agent = await s.login('agent1');
});
afterAll(async () => s?.stop());

const idOf = async (table: 'units' | 'categories', code: string): Promise<string> =>
  (await s.ctx.pool.query(`select id from ${table} where code = $1`, [code])).rows[0].id as string;

async function ticket(overrides: Record<string, unknown>): Promise<string> {
  const res = await agent.post('/tickets', {
    line: '12315',
    type: 'complaint',
    title: '预付卡商家闭店拒不退款',
    description: '健身房突然闭店，办理的年卡余额无法退还',
    citizen: { phone: '13812340000' },
    ...overrides,
  });
  expect(res.status).toBe(201);
  return res.body.ticket.id as string;
}

const suggestionsOf = async (ticketId: string) =>
  (
    await s.ctx.pool.query(
      `select payload from ticket_events where ticket_id = $1 and type = 'ticket.routing_suggested'`,
      [ticketId],
    )
  ).rows.map((r) => r.payload.suggestions);

describe('12315 categories', () => {
  test('the 12315 line lists only the leaves of the consumer group', async () => {
    const group = await idOf('categories', '03');
    const res = await agent.get('/categories?line=12315');
    expect(res.status).toBe(200);
    const items = res.body.items as { code: string; name: string; parentId: string; isLeaf: boolean }[];
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const c of items) expect(c).toMatchObject({ parentId: group, isLeaf: true });
    expect(items.map((c) => c.name)).toEqual(
      expect.arrayContaining(['食品安全', '预付卡消费', '网络购物纠纷', '餐饮服务', '维修服务']),
    );
  });

  test('a line without its own categories, or no line, gets the whole tree; an unknown line is a 400', async () => {
    const all = await agent.get('/categories');
    const general = await agent.get('/categories?line=12345');
    expect(general.body.items).toEqual(all.body.items);
    expect(all.body.items.some((c: { code: string }) => c.code === '0101')).toBe(true);
    expect((await agent.get('/categories?line=12399')).status).toBe(400);
  });

  test('a leaf an admin adds under the consumer group belongs to the line too', async () => {
    const admin = await s.login('admin');
    const created = await admin.post('/categories', {
      code: '0399',
      name: '二手车交易',
      parentId: await idOf('categories', '03'),
      defaultUnitId: await idOf('units', 'scjgj'),
    });
    expect(created.status).toBe(201);
    const items = (await agent.get('/categories?line=12315')).body.items as { code: string }[];
    expect(items.map((c) => c.code)).toContain('0399');
  });
});

describe('12315 routing', () => {
  test('a 12315 ticket without a category is suggested to 市市场监管局', async () => {
    const id = await ticket({ channel: 'phone' });
    const scjgj = await idOf('units', 'scjgj');
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'suggested', unitId: scjgj });
    expect(await suggestionsOf(id)).toEqual([
      [{ unitId: scjgj, unitName: '市市场监管局', confidence: 0.5, reason: 'line default' }],
    ]);
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'skipped', reason: 'already_suggested' });
  });

  test('a 12315 web ticket under a consumer category is dispatched to 市市场监管局', async () => {
    const id = await ticket({ channel: 'web', categoryId: await idOf('categories', '0308') });
    const scjgj = await idOf('units', 'scjgj');
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'dispatched', unitId: scjgj });
    const detail = await agent.get(`/tickets/${id}`);
    expect(detail.body.ticket).toMatchObject({ status: 'dispatched', leadUnitId: scjgj });
  });

  test('a 12315 web ticket under another area’s category is only suggested, the line’s unit first', async () => {
    const id = await ticket({ channel: 'web', categoryId: await idOf('categories', '0101') });
    const [scjgj, cgj] = [await idOf('units', 'scjgj'), await idOf('units', 'cgj')];
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'suggested', unitId: scjgj });
    expect(await suggestionsOf(id)).toEqual([
      [
        { unitId: scjgj, unitName: '市市场监管局', confidence: 0.5, reason: 'line default' },
        { unitId: cgj, unitName: '市城管局', confidence: 0.5, reason: 'category default' },
      ],
    ]);
    expect((await agent.get(`/tickets/${id}`)).body.ticket.status).toBe('registered');
  });

  test('a 12345 ticket without a category is still left for the dispatcher', async () => {
    const id = await ticket({ line: '12345', channel: 'web' });
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'skipped', reason: 'no_default_unit' });
  });
});

describe('12388 discipline reports', () => {
  test('are sent to 市纪委监委 at once, whatever the channel, since only it may read them', async () => {
    const id = await ticket({ line: '12388', type: 'report', title: '举报某站所违规收费', channel: 'phone' });
    const outcome = await suggestRouting(s.ctx, id);
    expect(outcome).toEqual({ outcome: 'dispatched', unitId: await idOf('units', 'jwjw') });
    // running it again changes nothing
    expect(await suggestRouting(s.ctx, id)).toEqual({ outcome: 'skipped', reason: 'not_registered' });
  });
});
