import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// The workbenches' queues (GET /tickets?queue=…): membership, order, keyset pagination, visibility.
let s: TTestServer;
let c: TCast;
let zjj: ApiClient;
let unitId: Record<string, string>;
let now = new Date('2026-03-02T01:00:00.000Z'); // Monday 09:00 in Changzhou
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const MIN = 60_000;

type TItem = {
  id: string;
  no: string;
  status: string;
  createdAt: string;
  supervisionLevel: string | null;
  returnReason?: string | null;
  returnedByUnitName?: string | null;
  returnedAt?: string | null;
  extensionRequest?: { days: number; reason: string | null; requestedAt: string; unitName: string | null };
  nextDeadline?: { kind: string; dueAt: string | null; warnAt: string | null; state: string } | null;
  unitAssignment?: { role: string; status: string } | null;
  resolvedAt?: string | null;
};

beforeAll(async () => {
  s = await startTestServer('work_queues', { clock });
  c = await signInCast(s);
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  unitId = Object.fromEntries(units.map((u) => [u.code, u.id]));
  const created = await c.admin.post('/users', {
    username: 'zjj_queue_handler',
    displayName: '住建承办',
    role: 'unit_handler',
    unitId: unitId.zjj,
    password: 'Zjj-password-2026',
  });
  expect(created.status).toBe(201);
  zjj = await s.login('zjj_queue_handler', 'Zjj-password-2026');
}, 60_000);
afterAll(async () => s?.stop());

const ok = async (p: Promise<{ status: number; body: unknown }>) => {
  const res = await p;
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { ticket: { id: string; status: string; version: number } };
};

/** Every page of a queue, `limit` rows at a time, following the cursor to the end. */
async function walk(who: ApiClient, queue: string, limit: number, extra = ''): Promise<TItem[]> {
  const items: TItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const q: string = `/tickets?queue=${queue}&limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await who.get(q);
    expect(res.status).toBe(200);
    items.push(...(res.body.items as TItem[]));
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('the cursor never ended');
}

/** The queue read in one page and in pages of `limit`: the same rows in the same order, none twice. */
async function queue(who: ApiClient, name: string, limit = 2): Promise<TItem[]> {
  const all = (await who.get(`/tickets?queue=${name}&limit=200`)).body.items as TItem[];
  const paged = await walk(who, name, limit);
  expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
  expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
  return all;
}

const ids = (items: TItem[]) => items.map((i) => i.id);
/** The given tickets in the order the queue lists them (other tests' tickets left out). */
const orderOf = (items: TItem[], wanted: string[]) => ids(items).filter((id) => wanted.includes(id));

async function dispatch(
  title: string,
  body: Record<string, unknown> = {},
  ticket: Record<string, unknown> = {},
) {
  const t = await createTicket(c, { title, ...ticket });
  await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId, ...body }));
  return t.id;
}

describe('派单台 queues (dispatcher)', () => {
  test('to_dispatch lists registered tickets oldest first, pages by cursor, and drops a ticket once dispatched', async () => {
    const made: string[] = [];
    for (const title of ['待派一', '待派二', '待派三', '待派四']) {
      made.push((await createTicket(c, { title })).id);
      advance(MIN);
    }
    // two created in the same instant: the id breaks the tie and no page repeats or loses one
    made.push(
      (await createTicket(c, { title: '待派五' })).id,
      (await createTicket(c, { title: '待派六' })).id,
    );
    await ok(c.dispatcher.post(`/tickets/${made[1]}/dispatch`, { unitId: c.cgjUnitId }));

    const items = await queue(c.dispatcher, 'to_dispatch');
    expect(items.every((i) => i.status === 'registered')).toBe(true);
    expect(orderOf(items, made).slice(0, 3)).toEqual([made[0], made[2], made[3]]);
    expect(ids(items)).not.toContain(made[1]);
    const created = items.map((i) => i.createdAt);
    expect(created).toEqual([...created].sort());
    // the dispatch desk ignores `sort`: the queue decides the order
    const sorted = (await c.dispatcher.get('/tickets?queue=to_dispatch&sort=created_desc&limit=200')).body;
    expect(ids(sorted.items)).toEqual(ids(items));
    // units never see tickets nobody has dispatched to them
    expect((await c.handler.get('/tickets?queue=to_dispatch')).body.items).toEqual([]);
  });

  test('returned carries the unit and its reason; a decided return leaves the queue', async () => {
    const first = await dispatch('退单一');
    advance(MIN);
    const second = await dispatch('退单二');
    await ok(c.handler.post(`/tickets/${second}/return`, { reason: '不属于本单位职责，建议派住建局' }));
    advance(MIN);
    await ok(c.handler.post(`/tickets/${first}/return`, { reason: '地址在外区' }));

    const items = await queue(c.dispatcher, 'returned', 1);
    expect(orderOf(items, [first, second])).toEqual([first, second]);
    const row = items.find((i) => i.id === second)!;
    expect(row).toMatchObject({
      status: 'returned',
      returnReason: '不属于本单位职责，建议派住建局',
      returnedByUnitName: '市城管局',
    });
    expect(Date.parse(row.returnedAt!)).toBeLessThan(
      Date.parse(items.find((i) => i.id === first)!.returnedAt!),
    );

    await ok(c.dispatcher.post(`/tickets/${first}/reject-return`, { reason: '属于城管职责，请办理' }));
    await ok(c.dispatcher.post(`/tickets/${second}/redispatch`, { unitId: unitId.zjj }));
    const after = await queue(c.dispatcher, 'returned');
    expect(ids(after)).not.toContain(first);
    expect(ids(after)).not.toContain(second);
  });

  test('a returned 12388 report tells the dispatcher which unit returned it, never why', async () => {
    const t = await createTicket(c, { line: '12388', type: 'report', title: '举报某科长收受购物卡' });
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: unitId.jwjw }));
    const jwjw = await s.login('jwjw_handler');
    await ok(jwjw.post(`/tickets/${t.id}/return`, { reason: '购物卡线索属于区纪委管辖' }));
    const row = (await queue(c.dispatcher, 'returned')).find((i) => i.id === t.id)!;
    expect(row).toMatchObject({ returnedByUnitName: '市纪委监委', returnReason: null });
    expect(JSON.stringify(row)).not.toContain('购物卡');
    // 市纪委监委's own staff read their reason
    expect((await queue(jwjw, 'returned')).find((i) => i.id === t.id)!.returnReason).toBe(
      '购物卡线索属于区纪委管辖',
    );
  });

  test('extension_requests shows the pending request with days, reason and unit, oldest ticket first, until it is decided', async () => {
    const a = await dispatch('延期一');
    advance(MIN);
    const b = await dispatch('延期二');
    for (const id of [a, b]) await ok(c.handler.post(`/tickets/${id}/sign`, {}));
    advance(MIN);
    await ok(c.handler.post(`/tickets/${a}/request-extension`, { days: 3, reason: '需协调多个部门' }));
    const requestedAt = now.toISOString();
    await ok(c.handler.post(`/tickets/${b}/request-extension`, { days: 5, reason: '等待检测报告' }));

    const items = await queue(c.supervisor, 'extension_requests', 1);
    expect(orderOf(items, [a, b])).toEqual([a, b]);
    expect(items.find((i) => i.id === a)!.extensionRequest).toEqual({
      days: 3,
      reason: '需协调多个部门',
      requestedAt,
      unitName: '市城管局',
    });
    expect(items.find((i) => i.id === b)!.extensionRequest).toMatchObject({
      days: 5,
      reason: '等待检测报告',
    });

    await ok(c.dispatcher.post(`/tickets/${a}/approve-extension`, {}));
    await ok(c.dispatcher.post(`/tickets/${b}/reject-extension`, { reason: '时限内可以办结' }));
    const after = await queue(c.dispatcher, 'extension_requests');
    expect(orderOf(after, [a, b])).toEqual([]);
  });
});

describe('回访 queue (agents)', () => {
  test('callback_due lists resolved tickets not yet called back, resolved longest ago first', async () => {
    const a = await dispatch('回访一');
    const b = await dispatch('回访二');
    const c3 = await dispatch('回访三');
    for (const id of [a, b, c3]) {
      await ok(c.handler.post(`/tickets/${id}/sign`, {}));
      await ok(c.handler.post(`/tickets/${id}/reply`, { content: '已处理完毕', solved: true }));
    }
    // resolved in the order b, c3, a
    for (const id of [b, c3, a]) {
      advance(MIN);
      await ok(c.dispatcher.post(`/tickets/${id}/approve-reply`, {}));
    }
    const items = await queue(c.agent, 'callback_due', 1);
    expect(orderOf(items, [a, b, c3])).toEqual([b, c3, a]);
    const resolved = items.map((i) => Date.parse(i.resolvedAt!));
    expect(resolved).toEqual([...resolved].sort((x, y) => x - y));

    await ok(c.agent.post(`/tickets/${c3}/callback`, { satisfaction: 'basically_satisfied' }));
    const after = await queue(c.agent, 'callback_due');
    expect(orderOf(after, [a, b, c3])).toEqual([b, a]);
    // still resolved, but called back: waiting to be closed, no longer a call to make
    expect((await c.agent.get(`/tickets/${c3}`)).body.ticket.status).toBe('resolved');
  });
});

describe('unit inbox by urgency (unit_urgent)', () => {
  test("the unit's own open assignments: breached first, then the nearest sign-for / reply deadline, paused last", async () => {
    now = new Date('2026-03-09T01:00:00.000Z'); // the next Monday, 09:00
    const A = await dispatch('紧急度A 已超期'); // sign-for due 11:00
    advance(130 * MIN); // 11:10
    const B = await dispatch('紧急度B 待签收'); // sign-for due 14:40 (lunch does not count)
    advance(10 * MIN); // 11:20: cgj assists zjj, on its own sign-for clock (due 14:50)
    const F = await dispatch('紧急度F 协办', { unitId: unitId.zjj, assistingUnitIds: [c.cgjUnitId] });
    advance(10 * MIN); // 11:30: signed, the reply is due in 15 working days
    const C = await dispatch('紧急度C 已签收');
    await ok(c.handler.post(`/tickets/${C}/sign`, {}));
    advance(5 * MIN); // 11:35: 特急, signing due within 30 minutes of wall time (12:05)
    const D = await dispatch('紧急度D 特急', {}, { urgency: 'critical' });
    advance(5 * MIN); // 11:40: suspended, its clock stands still
    const E = await dispatch('紧急度E 挂起');
    await ok(c.handler.post(`/tickets/${E}/sign`, {}));
    await ok(c.dispatcher.post(`/tickets/${E}/suspend`, { reason: '等待市民补充材料' }));
    await ok(c.supervisor.post(`/tickets/${B}/supervise`, { level: 'red', note: '请立即签收' }));
    advance(19 * MIN); // 11:59: D is past its warning (75 %), A is breached

    const items = await queue(c.handler, 'unit_urgent', 2);
    const mine = [A, B, C, D, E, F];
    expect(orderOf(items, mine)).toEqual([A, D, B, F, C, E]);
    const at = (id: string) => items.find((i) => i.id === id)!;
    expect(at(A).nextDeadline).toMatchObject({ kind: 'sign', state: 'breached' });
    expect(at(D).nextDeadline).toMatchObject({ kind: 'sign', state: 'warning' });
    expect(at(B).nextDeadline).toMatchObject({ kind: 'sign', state: 'ok' });
    expect(at(B).supervisionLevel).toBe('red');
    expect(at(F).nextDeadline).toMatchObject({ kind: 'sign', state: 'ok' });
    expect(Date.parse(at(F).nextDeadline!.dueAt!)).toBe(Date.parse('2026-03-09T06:50:00.000Z'));
    expect(at(C).nextDeadline).toMatchObject({ kind: 'reply', state: 'ok' });
    // which actions fit: the unit's own assignment on each ticket
    expect(at(F).unitAssignment).toEqual({ role: 'assist', status: 'pending' });
    expect(at(C).unitAssignment).toEqual({ role: 'lead', status: 'signed' });
    expect(Date.parse(at(B).nextDeadline!.warnAt!)).toBe(Date.parse('2026-03-09T06:10:00.000Z'));
    expect(at(E).nextDeadline).toMatchObject({ kind: 'reply', state: 'paused', dueAt: null });
    // another filter narrows the queue after its order: the last of the unit's rows still comes
    // first when it alone matches (the page is not cut before the filter), and pages still walk
    const narrowed = await walk(c.handler, 'unit_urgent', 1, `&q=${encodeURIComponent('紧急度E')}`);
    expect(ids(narrowed)).toEqual([E]);
    const signed = await walk(c.handler, 'unit_urgent', 1, '&status=in_progress');
    expect(orderOf(signed, mine)).toEqual([C]);
    expect(signed.every((i) => i.status === 'in_progress')).toBe(true);
    // every row of the queue is in (breached, due) order, other tests' tickets included
    const keys = items.map((i) => [
      i.nextDeadline?.state === 'breached' ? 0 : 1,
      i.nextDeadline?.dueAt ? Date.parse(i.nextDeadline.dueAt) : Infinity,
    ]);
    expect(keys).toEqual([...keys].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!));

    // signing moves a ticket from its sign-for clock to its reply clock
    await ok(c.handler.post(`/tickets/${A}/sign`, {}));
    const after = await queue(c.handler, 'unit_urgent');
    expect(after.find((i) => i.id === A)!.nextDeadline).toMatchObject({ kind: 'reply', state: 'ok' });
    expect(orderOf(after, mine)).toEqual([D, B, F, A, C, E]);
  });

  test('each unit sees only its own assignments; the hotline has none of its own', async () => {
    const zjjItems = await queue(zjj, 'unit_urgent');
    const cgjItems = await queue(c.handler, 'unit_urgent');
    const zjjIds = ids(zjjItems);
    // the ticket both units work on is in both inboxes, each with its own clock
    const shared = zjjItems.filter((i) => ids(cgjItems).includes(i.id));
    expect(shared.length).toBeGreaterThan(0);
    for (const item of cgjItems) {
      if (!zjjIds.includes(item.id)) {
        expect((await zjj.get(`/tickets/${item.id}`)).status).toBe(404);
      }
    }
    expect(zjjItems.length).toBeLessThan(cgjItems.length);
    expect((await c.dispatcher.get('/tickets?queue=unit_urgent')).body.items).toEqual([]);
    // and the hotline queues show a unit nothing of other units
    for (const name of ['returned', 'extension_requests', 'callback_due']) {
      const rows = await queue(zjj, name);
      for (const r of rows) expect((await zjj.get(`/tickets/${r.id}`)).status).toBe(200);
    }
  });

  test('an unknown queue or a forged cursor is refused', async () => {
    expect((await c.handler.get('/tickets?queue=everything')).status).toBe(400);
    const id = '00000000-0000-4000-8000-000000000000';
    for (const parts of [
      ['x'],
      ['0', 'yesterday', id],
      ['0', '2026-03-02 09:00:00+08', 'x'],
      [1, 'infinity', id],
    ]) {
      const forged = Buffer.from(JSON.stringify(parts)).toString('base64url');
      const res = await c.handler.get(`/tickets?queue=unit_urgent&cursor=${forged}`);
      expect({ parts, status: res.status, code: res.body.error?.code }).toEqual({
        parts,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    // a well-formed one is a position, not an error
    const ok = Buffer.from(JSON.stringify(['0', '2026-03-02 09:00:00.5+08', id])).toString('base64url');
    expect((await c.handler.get(`/tickets?queue=unit_urgent&cursor=${ok}`)).status).toBe(200);
  });
});
