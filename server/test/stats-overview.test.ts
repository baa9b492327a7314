import { CHANNELS, TICKET_STATUSES } from '@hotline/shared';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

// The supervisor's overview over two working days, driven through the real use cases with a fixed
// clock: every figure is known in advance. Times are China time (UTC+8).
const YESTERDAY = '2025-03-11'; // a Tuesday
const TODAY = '2025-03-12'; // a Wednesday
const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);

let now = at(YESTERDAY, '09:00');
const clock = () => now;
let s: TTestServer;
let c: TCast;
let catX: { id: string; name: string };
let catY: { id: string; name: string };
let zjjUnitId: string;

type TWho = keyof Omit<TCast, 'cgjUnitId'>;

async function step(who: TWho, hm: string, id: string, action: string, body: Record<string, unknown> = {}) {
  now = at(toDay(now), hm);
  const res = await (c[who] as ApiClient).post(`/tickets/${id}/${action}`, body);
  if (res.status !== 200) throw new Error(`${action} at ${hm}: ${res.status} ${JSON.stringify(res.body)}`);
}
const toDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

async function file(hm: string, overrides: Record<string, unknown>): Promise<string> {
  now = at(toDay(now), hm);
  return (await createTicket(c, overrides)).id;
}

beforeAll(async () => {
  s = await startTestServer('stats_overview', { clock });
  c = await signInCast(s);
  const cats = (await c.admin.get('/categories')).body.items as {
    id: string;
    name: string;
    isLeaf: boolean;
  }[];
  const leaves = cats.filter((k) => k.isLeaf);
  catX = leaves[0]!;
  catY = leaves[1]!;
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  zjjUnitId = units.find((u) => u.code === 'zjj')!.id;
  const toCgj = { unitId: c.cgjUnitId };

  // Yesterday: Y1 waits for its sign-for, Y2 is replied on time and approved, Y3 goes to 市住建局 and is never signed.
  const y1 = await file('09:00', { categoryId: catX.id });
  await step('dispatcher', '09:00', y1, 'dispatch', toCgj);
  const y2 = await file('09:00', { categoryId: catY.id });
  await step('dispatcher', '09:00', y2, 'dispatch', toCgj);
  await step('handler', '09:10', y2, 'sign');
  await step('handler', '09:20', y2, 'reply', { content: '已处理完毕', solved: true });
  await step('dispatcher', '09:30', y2, 'approve-reply');
  const y3 = await file('09:00', { categoryId: catX.id });
  await step('dispatcher', '09:00', y3, 'dispatch', { unitId: zjjUnitId });

  // Today. B (特急, web) is due for its reply at 10:00 and replied at 10:40: late.
  now = at(TODAY, '08:00');
  const b = await file('08:00', { categoryId: catY.id, channel: 'web', urgency: 'critical' });
  await step('dispatcher', '08:00', b, 'dispatch', toCgj);
  await step('handler', '08:05', b, 'sign');
  // Y1 is replied well inside its 15 working days; the citizen is unsatisfied: a redo.
  await step('handler', '09:00', y1, 'sign');
  await step('handler', '09:20', y1, 'reply', { content: '已安排补装井盖', solved: true });
  await step('dispatcher', '09:25', y1, 'approve-reply');
  await step('agent', '09:30', y1, 'callback', { satisfaction: 'unsatisfied', comment: '井盖仍未补装' });
  // A (特急) is replied on time, the citizen satisfied, and closed.
  const a = await file('09:00', { categoryId: catX.id, urgency: 'critical' });
  await step('dispatcher', '09:00', a, 'dispatch', toCgj);
  await step('handler', '09:10', a, 'sign');
  await step('handler', '09:40', a, 'reply', { content: '已处理', solved: true });
  await step('dispatcher', '09:41', a, 'approve-reply');
  await step('agent', '09:42', a, 'callback', { satisfaction: 'satisfied' });
  await step('agent', '09:43', a, 'close');
  // C waits for its sign-for (due 11:00, warning from 10:30); G, filed about the same, is merged into it.
  const cId = await file('09:00', { categoryId: catX.id });
  await step('dispatcher', '09:00', cId, 'dispatch', toCgj);
  const g = await file('09:30', { categoryId: catX.id });
  await step('agent', '09:30', g, 'merge', { parentId: cId });
  // D (WeChat) is registered, E stays a draft, F is a 12388 report.
  await file('09:30', { categoryId: catX.id, channel: 'wechat' });
  await file('09:30', { categoryId: catX.id, draft: true });
  await file('09:30', { categoryId: catX.id, line: '12388', type: 'report', title: '举报某科长' });
  await step('agent', '09:50', y2, 'callback', { satisfaction: 'satisfied' });
  await step('handler', '10:40', b, 'reply', { content: '已处理', solved: true });
  await step('dispatcher', '10:41', b, 'approve-reply');
  await step('agent', '10:42', b, 'callback', { satisfaction: 'basically_satisfied' });
  now = at(TODAY, '10:45');
}, 120_000);
afterAll(async () => s?.stop());

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

describe('GET /stats/overview', () => {
  test("counts today's intake, results and the open workload exactly", async () => {
    const res = await c.supervisor.get('/stats/overview');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      date: TODAY,
      asOf: at(TODAY, '10:45').toISOString(),
      // A, B, C, D, F, G (E is a draft; Y1–Y3 were filed yesterday)
      received: 6,
      byChannel: { ...zeros(CHANNELS), phone: 4, web: 1, wechat: 1 },
      byStatus: {
        ...zeros(TICKET_STATUSES),
        draft: 1,
        registered: 2,
        dispatched: 2,
        reopened: 1,
        resolved: 2,
        closed: 1,
        merged: 1,
      },
      open: 7,
      warning: 1, // C: past 10:30, due 11:00
      overdue: 1, // Y3: its sign-for was due yesterday
      onTimeRate: 0.6667, // replies of Y1 and A on time, B late
      satisfactionRate: 0.75, // A and Y2 满意, B 基本满意, Y1 不满意
      closedToday: 1,
      topUnits: [
        { unitId: c.cgjUnitId, unitName: '市城管局', open: 2, overdue: 0 }, // C, Y1 (redo)
        { unitId: zjjUnitId, unitName: '市住建局', open: 1, overdue: 1 }, // Y3
      ],
      // the 12388 report's category is not told to a supervisor
      topCategories: [
        { categoryId: catX.id, name: catX.name, count: 4 },
        { categoryId: catY.id, name: catY.name, count: 1 },
      ],
    });
  });

  test('a past date gives that day’s figures; the workload stays as of now', async () => {
    const res = await c.dispatcher.get(`/stats/overview?date=${YESTERDAY}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      date: YESTERDAY,
      received: 3,
      byChannel: { ...zeros(CHANNELS), phone: 3 },
      onTimeRate: 1, // Y2 replied on time
      satisfactionRate: null, // no callback that day
      closedToday: 0,
      open: 7,
      overdue: 1,
      warning: 1,
      topCategories: [
        { categoryId: catX.id, name: catX.name, count: 2 },
        { categoryId: catY.id, name: catY.name, count: 1 },
      ],
    });
    const empty = await c.supervisor.get('/stats/overview?date=2025-03-01');
    expect(empty.body).toMatchObject({
      received: 0,
      onTimeRate: null,
      satisfactionRate: null,
      topCategories: [],
    });
  });

  test('a confidential reader counts the 12388 report under its category', async () => {
    const res = await c.admin.get('/stats/overview');
    expect(res.body.topCategories).toEqual([
      { categoryId: catX.id, name: catX.name, count: 5 },
      { categoryId: catY.id, name: catY.name, count: 1 },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('举报某科长');
  });

  test('a district branch dispatcher counts only the tickets of its own subtree', async () => {
    const tn = await s.login('tn_dispatcher');
    const res = await tn.get('/stats/overview');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      received: 0,
      open: 0,
      overdue: 0,
      warning: 0,
      topUnits: [],
      topCategories: [],
    });
    expect(res.body.byStatus).toEqual(zeros(TICKET_STATUSES));
  });

  test('agents and unit staff are refused; a malformed date is a 400', async () => {
    for (const who of [c.agent, c.handler, c.manager]) {
      const res = await who.get('/stats/overview');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    for (const date of ['2025-02-30', '20250312', 'today']) {
      const res = await c.supervisor.get(`/stats/overview?date=${date}`);
      expect({ date, status: res.status }).toEqual({ date, status: 400 });
    }
  });
});
