import { sql } from 'drizzle-orm';
import { sweepDeadlines } from '../src/modules/sla/use-cases/sweep-deadlines';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let tnDispatcher: ApiClient;
let streetHandler: ApiClient;
let unitId: Record<string, string>;
let now = new Date('2026-03-02T01:00:00.000Z'); // Monday 09:00 in Changzhou
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const HOUR = 3600_000;

beforeAll(async () => {
  s = await startTestServer('dispatch_escalation', { clock });
  c = await signInCast(s);
  tnDispatcher = await s.login('tn_dispatcher');
  streetHandler = await s.login('tn_street_handler');
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  unitId = Object.fromEntries(units.map((u) => [u.code, u.id]));
}, 60_000);
afterAll(async () => s?.stop());

type TEvent = {
  type: string;
  payload: Record<string, unknown>;
  unitName: string | null;
  actorName: string | null;
};
const detail = async (id: string, who: ApiClient = c.supervisor) => (await who.get(`/tickets/${id}`)).body;
const timeline = async (id: string): Promise<TEvent[]> => (await detail(id)).timeline;
const ok = async (p: Promise<{ status: number; body: unknown }>) => {
  const res = await p;
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { ticket: { status: string; version: number } };
};
const rows = async <T>(q: ReturnType<typeof sql>) => (await s.ctx.db.execute(q)).rows as T[];

describe('two-level dispatch (二级派单)', () => {
  test('the district branch passes the ticket down to a street; the chain is kept and the street answers', async () => {
    const t = await createTicket(c, {
      title: '小区门口占道经营',
      description: '雕庄街道某小区门口夜间占道经营',
    });
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: unitId.tn }));
    advance(HOUR);
    const passed = await ok(
      tnDispatcher.post(`/tickets/${t.id}/subdispatch`, { unitId: unitId.tn_diaozhuang, note: '属地处理' }),
    );
    expect(passed.ticket.status).toBe('dispatched');

    const d = await detail(t.id);
    const branch = d.assignments.find((a: { unitId: string }) => a.unitId === unitId.tn);
    const street = d.assignments.find((a: { unitId: string }) => a.unitId === unitId.tn_diaozhuang);
    expect(branch).toMatchObject({ role: 'lead', status: 'forwarded' });
    expect(street).toMatchObject({ role: 'lead', status: 'pending', parentAssignmentId: branch.id });
    expect(d.ticket.leadUnitId).toBe(unitId.tn_diaozhuang);
    const ev = d.timeline.find((e: TEvent) => e.type === 'ticket.subdispatched');
    expect(ev.payload).toMatchObject({
      fromUnitName: '天宁区12345分中心',
      toUnitName: '雕庄街道',
      chain: [
        { id: unitId.tn, name: '天宁区12345分中心' },
        { id: unitId.tn_diaozhuang, name: '雕庄街道' },
      ],
    });

    // The citizen's reply deadline does not restart one level down; the street gets its own sign-for clock.
    const deadlines = await rows<{ unit_id: string; kind: string; status: string; due_at: Date }>(
      sql`select unit_id, kind, status, due_at from ticket_deadlines where ticket_id = ${t.id} order by created_at`,
    );
    const replyOf = (u: string) => deadlines.find((x) => x.unit_id === u && x.kind === 'reply')!;
    expect(replyOf(unitId.tn!).status).toBe('cancelled');
    expect(replyOf(unitId.tn_diaozhuang!).status).toBe('active');
    expect(new Date(replyOf(unitId.tn_diaozhuang!).due_at).getTime()).toBe(
      new Date(replyOf(unitId.tn!).due_at).getTime(),
    );
    expect(
      new Date(
        deadlines.find((x) => x.unit_id === unitId.tn_diaozhuang && x.kind === 'sign')!.due_at,
      ).getTime(),
    ).toBeGreaterThan(now.getTime());

    await ok(streetHandler.post(`/tickets/${t.id}/sign`, {}));
    await ok(
      streetHandler.post(`/tickets/${t.id}/reply`, { content: '已联合城管劝离占道摊点', solved: true }),
    );
    // the branch still sees the ticket it passed down, and the city sees the street's reply
    expect((await tnDispatcher.get(`/tickets/${t.id}`)).status).toBe(200);
    const after = await detail(t.id);
    expect(after.ticket.status).toBe('replied');
    expect(after.assignments.find((a: { unitId: string }) => a.unitId === unitId.tn_diaozhuang).status).toBe(
      'replied',
    );
  });

  test('a street returns a passed-down ticket to the district branch, which passes it on again', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: unitId.tn }));
    await ok(tnDispatcher.post(`/tickets/${t.id}/subdispatch`, { unitId: unitId.tn_diaozhuang }));
    const back = await ok(streetHandler.post(`/tickets/${t.id}/return`, { reason: '地址属青龙街道辖区' }));
    expect(back.ticket.status).toBe('dispatched');
    const d = await detail(t.id);
    expect(d.ticket.leadUnitId).toBe(unitId.tn);
    expect(d.assignments.map((a: { unitId: string; status: string }) => [a.unitId, a.status]).sort()).toEqual(
      [
        [unitId.tn, 'pending'],
        [unitId.tn_diaozhuang, 'returned'],
      ].sort(),
    );
    expect(d.timeline.at(-1).payload).toMatchObject({
      reason: '地址属青龙街道辖区',
      backTo: { id: unitId.tn, name: '天宁区12345分中心' },
    });
    // the city dispatcher is not involved: the branch passes it to the right street
    await ok(tnDispatcher.post(`/tickets/${t.id}/subdispatch`, { unitId: unitId.tn_qinglong }));
    const again = await detail(t.id);
    expect(again.ticket.leadUnitId).toBe(unitId.tn_qinglong);
    expect(again.timeline.at(-1).payload.chain.map((u: { name: string }) => u.name)).toEqual([
      '天宁区12345分中心',
      '青龙街道',
    ]);
  });

  test('only a dispatching unit passes down, and only into its own subtree', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: unitId.tn }));
    const outside = await tnDispatcher.post(`/tickets/${t.id}/subdispatch`, { unitId: unitId.cgj });
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('UNPROCESSABLE');

    const u = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${u.id}/dispatch`, { unitId: c.cgjUnitId }));
    const notBranch = await c.handler.post(`/tickets/${u.id}/subdispatch`, { unitId: unitId.tn_diaozhuang });
    expect(notBranch.status).toBe(403);
    // nothing was written by either refusal
    expect((await timeline(t.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.dispatched']);
  });
});

describe('lead and assisting units (主办 / 协办)', () => {
  test('an assisting unit replies on its own; the ticket can be replied to the citizen only after the lead unit', async () => {
    const t = await createTicket(c);
    await ok(
      c.dispatcher.post(`/tickets/${t.id}/dispatch`, {
        unitId: c.cgjUnitId,
        assistingUnitIds: [unitId.tn_diaozhuang],
      }),
    );
    await ok(streetHandler.post(`/tickets/${t.id}/sign`, {}));
    await ok(streetHandler.post(`/tickets/${t.id}/reply`, { content: '协办意见：已配合排查', solved: true }));
    expect((await detail(t.id)).ticket.status).toBe('dispatched');
    const early = await c.dispatcher.post(`/tickets/${t.id}/approve-reply`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION');

    await ok(c.handler.post(`/tickets/${t.id}/sign`, {}));
    await ok(c.handler.post(`/tickets/${t.id}/reply`, { content: '主办答复：已处理', solved: true }));
    expect((await ok(c.dispatcher.post(`/tickets/${t.id}/approve-reply`, {}))).ticket.status).toBe(
      'resolved',
    );
    const d = await detail(t.id);
    expect(d.assignments.map((a: { role: string; status: string }) => [a.role, a.status]).sort()).toEqual([
      ['assist', 'done'],
      ['lead', 'done'],
    ]);
  });
});

describe('return (退单) and objection review (派单异议审核)', () => {
  test('a return after the return window is refused with the window named', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    advance(3 * 24 * HOUR); // Monday 10:00 → Thursday: past 2 working days
    const late = await c.handler.post(`/tickets/${t.id}/return`, { reason: '不属于我单位职责' });
    expect(late.status).toBe(422);
    expect(late.body.error.details).toMatchObject({ returnWindowDays: 2, windowEndedAt: expect.any(String) });
    expect((await detail(t.id)).ticket.status).toBe('dispatched');
  });

  test('the window is a setting: an admin widens it and the same return is accepted', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    advance(3 * 24 * HOUR);
    expect((await c.admin.put('/settings/dispatch', { returnWindowDays: 5 })).status).toBe(200);
    try {
      await ok(c.handler.post(`/tickets/${t.id}/return`, { reason: '不属于我单位职责' }));
    } finally {
      await c.admin.put('/settings/dispatch', { returnWindowDays: 2 });
    }
  });

  test('accepted: the dispatcher re-dispatches and the return is marked accepted on the timeline', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    await ok(c.handler.post(`/tickets/${t.id}/return`, { reason: '应由供电公司处理' }));
    await ok(c.dispatcher.post(`/tickets/${t.id}/redispatch`, { unitId: unitId.gdgs }));
    const d = await detail(t.id);
    const returned = d.assignments.find((a: { status: string }) => a.status === 'returned');
    expect(returned).toMatchObject({
      unitId: c.cgjUnitId,
      returnDecision: 'accepted',
      returnReason: '应由供电公司处理',
    });
    const ev = d.timeline.find((e: TEvent) => e.type === 'ticket.redispatched');
    expect(ev.payload).toMatchObject({ returnAccepted: true, returnedBy: c.cgjUnitId });
  });

  test('rejected: the unit gets the ticket back with its assisting units and must sign again', async () => {
    const t = await createTicket(c);
    await ok(
      c.dispatcher.post(`/tickets/${t.id}/dispatch`, {
        unitId: c.cgjUnitId,
        assistingUnitIds: [unitId.tn_diaozhuang],
      }),
    );
    await ok(streetHandler.post(`/tickets/${t.id}/sign`, {}));
    await ok(c.handler.post(`/tickets/${t.id}/return`, { reason: '非我单位职责' }));
    expect((await detail(t.id)).assignments.map((a: { status: string }) => a.status).sort()).toEqual([
      'cancelled',
      'returned',
    ]);
    const rejected = await ok(
      c.dispatcher.post(`/tickets/${t.id}/reject-return`, { reason: '依据派单目录属城管职责' }),
    );
    expect(rejected.ticket.status).toBe('dispatched');
    const d = await detail(t.id);
    expect(d.assignments.find((a: { unitId: string }) => a.unitId === c.cgjUnitId)).toMatchObject({
      status: 'pending',
      returnDecision: 'rejected',
    });
    // the assisting street had signed before the return: it resumes signed
    expect(d.assignments.find((a: { unitId: string }) => a.unitId === unitId.tn_diaozhuang)).toMatchObject({
      status: 'signed',
    });
    expect(d.timeline.map((e: TEvent) => e.type).slice(-2)).toEqual([
      'ticket.returned',
      'ticket.return_rejected',
    ]);
    expect(d.timeline.at(-1).payload).toMatchObject({
      reason: '依据派单目录属城管职责',
      returnReason: '非我单位职责',
    });
    await ok(c.handler.post(`/tickets/${t.id}/sign`, {}));
    const active = await rows<{ kind: string }>(
      sql`select kind from ticket_deadlines where ticket_id = ${t.id} and status = 'active' and unit_id = ${c.cgjUnitId}`,
    );
    expect(active.map((r) => r.kind)).toEqual(['reply']);
  });

  test('a return can be rejected only while one is waiting', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    const res = await c.dispatcher.post(`/tickets/${t.id}/reject-return`, { reason: '测试原因说明' });
    expect(res.status).toBe(409);
  });
});

describe('extension (延期)', () => {
  test('the cap is a setting; an approved extension moves the deadline and the citizen is told by SMS', async () => {
    const t = await createTicket(c, { citizen: { phone: '13800001111', name: '李女士' } });
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    await ok(c.handler.post(`/tickets/${t.id}/sign`, {}));
    await c.admin.put('/settings/dispatch', { extensionCapDays: 4 });
    try {
      const over = await c.handler.post(`/tickets/${t.id}/request-extension`, {
        days: 5,
        reason: '需协调多部门',
      });
      expect(over.status).toBe(422);
      expect(over.body.error.details).toMatchObject({ cap: 4, requested: 5 });
    } finally {
      await c.admin.put('/settings/dispatch', { extensionCapDays: 10 });
    }
    await ok(c.handler.post(`/tickets/${t.id}/request-extension`, { days: 5, reason: '需协调多部门' }));
    await ok(c.dispatcher.post(`/tickets/${t.id}/approve-extension`, {}));
    const ev = (await timeline(t.id)).find((e) => e.type === 'ticket.extension_approved')!;
    expect(ev.payload).toMatchObject({ days: 5, citizenNotified: 'sms', dueAt: expect.any(String) });
    const sent = await rows<{ channel: string; recipient: string; content: string }>(
      sql`select channel, recipient, content from outbound_messages where ticket_id = ${t.id}`,
    );
    expect(sent).toEqual([
      expect.objectContaining({
        channel: 'sms',
        recipient: '13800001111',
        content: expect.stringContaining('5 个工作日'),
      }),
    ]);
  });
});

describe('supervision, chase and redo', () => {
  test('supervision levels normal → yellow → red each land on the timeline and on the unit screen', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    for (const level of ['normal', 'yellow', 'red']) {
      await ok(c.supervisor.post(`/tickets/${t.id}/supervise`, { level, note: `督办 ${level}` }));
      expect((await detail(t.id, c.handler)).ticket.supervisionLevel).toBe(level);
    }
    const levels = (await timeline(t.id))
      .filter((e) => e.type === 'ticket.supervised')
      .map((e) => e.payload.level);
    expect(levels).toEqual(['normal', 'yellow', 'red']);
    const list = await c.handler.get('/tickets?open=true');
    expect(list.body.items.find((x: { id: string }) => x.id === t.id).supervisionLevel).toBe('red');
    expect((await c.handler.post(`/tickets/${t.id}/supervise`, { level: 'red', note: 'x' })).status).toBe(
      403,
    );
  });

  test('a chase reaches the units still working; the clock chases automatically at warning and at breach', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    await ok(c.agent.post(`/tickets/${t.id}/chase`, { message: '市民再次来电催促' }));
    const manual = (await timeline(t.id)).find((e) => e.type === 'ticket.chased')!;
    expect(manual.payload).toMatchObject({
      auto: false,
      message: '市民再次来电催促',
      unitIds: [c.cgjUnitId],
    });

    // sign-for is due in 2 working hours: it warns at 75 % of them and is breached after them
    const [sign] = await rows<{ warn_at: string; due_at: string }>(
      sql`select warn_at, due_at from ticket_deadlines where ticket_id = ${t.id} and kind = 'sign'`,
    );
    now = new Date(new Date(sign!.warn_at).getTime() + 1000);
    await sweepDeadlines(s.ctx, now);
    now = new Date(new Date(sign!.due_at).getTime() + 1000);
    await sweepDeadlines(s.ctx, now);
    await sweepDeadlines(s.ctx, now); // a second sweep records nothing twice
    const auto = (await timeline(t.id)).filter((e) => e.type === 'ticket.chased' && e.payload.auto === true);
    expect(auto.map((e) => [e.payload.trigger, e.payload.kind, e.unitName, e.payload.unitIds])).toEqual([
      ['warning', 'sign', '市城管局', [c.cgjUnitId]],
      ['breach', 'sign', '市城管局', [c.cgjUnitId]],
    ]);
  });

  test('review rejections and an unsatisfied callback send the work back to the same unit, counted as redos', async () => {
    const t = await createTicket(c);
    await ok(c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId }));
    const round = async () => {
      await ok(c.handler.post(`/tickets/${t.id}/sign`, {}));
      await ok(c.handler.post(`/tickets/${t.id}/reply`, { content: '已处理完毕', solved: true }));
    };
    await round();
    await ok(c.dispatcher.post(`/tickets/${t.id}/reject-reply`, { reason: '答复未回应诉求' }));
    await round();
    await ok(c.dispatcher.post(`/tickets/${t.id}/approve-reply`, {}));
    const cb = await ok(c.agent.post(`/tickets/${t.id}/callback`, { satisfaction: 'unsatisfied' }));
    expect(cb.ticket.status).toBe('reopened');
    const d = await detail(t.id);
    expect(d.assignments).toEqual([
      expect.objectContaining({ unitId: c.cgjUnitId, redoCount: 2, status: 'pending' }),
    ]);
    const redos = d.timeline
      .filter((e: TEvent) => e.payload.redo !== undefined)
      .map((e: TEvent) => e.payload.redo);
    expect(redos).toEqual([1, 2]);
    const perUnit = await rows<{ redos: number }>(
      sql`select sum(redo_count)::int as redos from assignments where unit_id = ${c.cgjUnitId} and ticket_id = ${t.id}`,
    );
    expect(perUnit[0]!.redos).toBe(2);
  });
});

describe('merged duplicates (并单)', () => {
  test("the parent's progress and reply reach every merged child and its citizen", async () => {
    const parent = await createTicket(c, { citizen: { phone: '13900002222', name: '赵先生' } });
    const child = await createTicket(c, { citizen: { phone: '13900003333', name: '钱女士' } });
    await ok(c.agent.post(`/tickets/${child.id}/merge`, { parentId: parent.id }));
    await ok(c.dispatcher.post(`/tickets/${parent.id}/dispatch`, { unitId: c.cgjUnitId }));
    await ok(c.handler.post(`/tickets/${parent.id}/sign`, {}));
    await ok(c.handler.post(`/tickets/${parent.id}/reply`, { content: '井盖已补装完毕', solved: true }));
    await ok(c.dispatcher.post(`/tickets/${parent.id}/approve-reply`, {}));

    const d = await detail(child.id);
    expect(d.ticket.status).toBe('merged');
    const progress = d.timeline.filter((e: TEvent) => e.type === 'ticket.parent_progressed');
    expect(progress.map((e: TEvent) => e.payload.parentStatus)).toEqual([
      'dispatched',
      'in_progress',
      'replied',
      'resolved',
    ]);
    expect(progress.at(-1).payload).toMatchObject({ reply: '井盖已补装完毕', citizenNotified: 'sms' });
    const sent = await rows<{ recipient: string; content: string }>(
      sql`select recipient, content from outbound_messages where ticket_id = ${child.id}`,
    );
    expect(sent).toEqual([{ recipient: '13900003333', content: expect.stringContaining('井盖已补装完毕') }]);
  });
});

describe('holiday calendar coverage', () => {
  test('a coming year without holidays raises one admin alert, and entering the notice resolves it', async () => {
    const saved = now;
    now = new Date('2026-11-26T02:00:00.000Z');
    try {
      const first = await c.admin.post('/alerts/check', {});
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ missing: [2027], raised: [2027] });
      expect((await c.admin.post('/alerts/check', {})).body.raised).toEqual([]);
      const open = (await c.supervisor.get('/alerts')).body.items;
      expect(open).toEqual([
        expect.objectContaining({ kind: 'calendar_missing', key: '2027', level: 'warning' }),
      ]);
      expect((await c.agent.get('/alerts')).status).toBe(403);

      const put = await c.admin.put('/calendar', {
        days: [{ date: '2027-01-01', isWorkingDay: false, name: '元旦' }],
      });
      expect(put.status).toBe(200);
      expect((await c.supervisor.get('/alerts')).body.items).toEqual([]);
    } finally {
      now = saved;
    }
  });
});
