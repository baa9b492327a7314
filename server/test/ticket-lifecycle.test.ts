import { signInCast, createTicket, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let now = new Date('2026-03-02T01:00:00.000Z'); // Monday 09:00 in Changzhou
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  s = await startTestServer('ticket_lifecycle', { clock });
  c = await signInCast(s);
}, 60_000);
afterAll(async () => s?.stop());

const detail = async (id: string) => (await c.supervisor.get(`/tickets/${id}`)).body;

describe('a ticket from the call to the archive', () => {
  test('dispatch → sign → reply → review → callback → close, each step by the right user and on the timeline', async () => {
    const t = await createTicket(c);
    expect(t.no).toMatch(/^20260302\d{6}$/);
    expect(t.status).toBe('registered');

    const steps: [keyof TCast, string, Record<string, unknown>, string][] = [
      ['dispatcher', 'dispatch', { unitId: c.cgjUnitId }, 'dispatched'],
      ['handler', 'sign', {}, 'in_progress'],
      ['handler', 'reply', { content: '已安排补装井盖，现场已设置警示', solved: true }, 'replied'],
      ['dispatcher', 'approve-reply', {}, 'resolved'],
      ['agent', 'callback', { satisfaction: 'satisfied', comment: '市民表示满意' }, 'resolved'],
      ['agent', 'close', {}, 'closed'],
    ];
    let version = t.version;
    for (const [who, action, body, status] of steps) {
      advance(30 * 60_000);
      const res = await (c[who] as TCast['agent']).post(`/tickets/${t.id}/${action}`, {
        ...body,
        expectedVersion: version,
      });
      expect({ action, status: res.status }).toEqual({ action, status: 200 });
      expect(res.body.ticket.status).toBe(status);
      version = res.body.ticket.version;
    }
    const d = await detail(t.id);
    expect(d.timeline.map((e: { type: string }) => e.type)).toEqual([
      'ticket.created',
      'ticket.dispatched',
      'ticket.signed',
      'ticket.replied',
      'ticket.reply_approved',
      'ticket.callback_recorded',
      'ticket.closed',
    ]);
    expect(d.timeline[1].payload.toUnitName).toBe('市城管局');
    expect(d.timeline[2].actorName).toEqual(expect.any(String));
    expect(d.ticket.satisfaction).toBe('satisfied');
    // hotline staff see the caller's name; the unit sees only its first character
    expect(d.ticket.citizenName).toBe('王先生');
    expect((await c.handler.get(`/tickets/${t.id}`)).body.ticket.citizenName).toBe('王**');
    expect(d.assignments).toEqual([
      expect.objectContaining({ unitId: c.cgjUnitId, role: 'lead', status: 'done' }),
    ]);
    // sign-for and reply met on time, callback met, nothing left running
    expect(d.deadlines.filter((x: { status: string }) => x.status === 'active')).toEqual([]);
    expect(d.deadlines.find((x: { kind: string }) => x.kind === 'sign').status).toBe('met');
    // a closed ticket can only be reopened
    expect(d.availableActions).toEqual(['reopen']);
  });

  test('dispatch opens sign-for and reply deadlines in working time, and the ticket shows the next one', async () => {
    now = new Date('2026-02-13T02:00:00.000Z'); // Friday 10:00 before the Spring Festival break
    const t = await createTicket(c, { type: 'consultation' });
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId });
    const d = await detail(t.id);
    const sign = d.deadlines.find((x: { kind: string }) => x.kind === 'sign');
    const reply = d.deadlines.find((x: { kind: string }) => x.kind === 'reply');
    expect(sign.dueAt).toBe('2026-02-13T04:00:00.000Z'); // 2 working hours: Friday 12:00
    // 3 working days of 450 minutes from Friday 10:00: Sat 14 (make-up day), then Tue 24, Wed 25 10:00
    expect(reply.dueAt).toBe('2026-02-25T02:00:00.000Z');
    expect(d.ticket.dueAt).toBe(sign.dueAt);
    expect(d.ticket.dueKind).toBe('sign');
  });

  test('an extension, once approved, moves the reply deadline by its working days', async () => {
    now = new Date('2026-03-02T01:00:00.000Z');
    const t = await createTicket(c, { type: 'help' });
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId });
    await c.handler.post(`/tickets/${t.id}/sign`, {});
    const before = (await detail(t.id)).deadlines.find((x: { kind: string }) => x.kind === 'reply').dueAt;
    expect(
      (await c.handler.post(`/tickets/${t.id}/request-extension`, { days: 2, reason: '等待检测报告' }))
        .status,
    ).toBe(200);
    expect(
      (await c.handler.post(`/tickets/${t.id}/request-extension`, { days: 2, reason: '再次申请' })).status,
    ).toBe(409);
    const ok = await c.dispatcher.post(`/tickets/${t.id}/approve-extension`, {});
    expect(ok.status).toBe(200);
    const after = (await detail(t.id)).deadlines.find((x: { kind: string }) => x.kind === 'reply').dueAt;
    // Monday + 5 working days = next Monday; +2 working days = Wednesday, same time
    expect(before).toBe('2026-03-09T01:00:00.000Z');
    expect(after).toBe('2026-03-11T01:00:00.000Z');
    const over = await c.handler.post(`/tickets/${t.id}/request-extension`, { days: 9, reason: '超过上限' });
    expect(over.status).toBe(422);
  });

  test('suspension stops the clocks and resuming moves the due time by the suspended time', async () => {
    now = new Date('2026-03-02T01:00:00.000Z');
    const t = await createTicket(c, { type: 'help' });
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId });
    await c.handler.post(`/tickets/${t.id}/sign`, {});
    now = new Date('2026-03-03T01:00:00.000Z'); // Tuesday 09:00
    expect(
      (await c.dispatcher.post(`/tickets/${t.id}/suspend`, { reason: '等待法院判决' })).body.ticket.status,
    ).toBe('suspended');
    const paused = (await detail(t.id)).deadlines.find((x: { kind: string }) => x.kind === 'reply');
    expect(paused.dueAt).toBeNull();
    now = new Date('2026-03-05T01:00:00.000Z'); // Thursday 09:00: two working days later
    const resumed = await c.dispatcher.post(`/tickets/${t.id}/resume`, {});
    expect(resumed.body.ticket.status).toBe('in_progress');
    const reply = (await detail(t.id)).deadlines.find((x: { kind: string }) => x.kind === 'reply');
    expect(reply.dueAt).toBe('2026-03-11T01:00:00.000Z'); // Monday 9th + 2 working days
  });

  test('an unsatisfied callback sends the ticket back to the unit for a redo with fresh clocks', async () => {
    now = new Date('2026-03-02T01:00:00.000Z');
    const t = await createTicket(c);
    for (const [who, action, body] of [
      ['dispatcher', 'dispatch', { unitId: c.cgjUnitId }],
      ['handler', 'sign', {}],
      ['handler', 'reply', { content: '已处理' }],
      ['dispatcher', 'approve-reply', {}],
    ] as const) {
      expect((await (c[who] as TCast['agent']).post(`/tickets/${t.id}/${action}`, body)).status).toBe(200);
    }
    const cb = await c.agent.post(`/tickets/${t.id}/callback`, {
      satisfaction: 'unsatisfied',
      comment: '井盖仍未补装',
    });
    expect(cb.body.ticket.status).toBe('reopened');
    const d = await detail(t.id);
    expect(d.assignments[0].status).toBe('pending');
    expect(
      d.deadlines
        .filter((x: { status: string }) => x.status === 'active')
        .map((x: { kind: string }) => x.kind)
        .sort(),
    ).toEqual(['reply', 'sign']);
    const unitView = await c.handler.get(`/tickets/${t.id}`);
    expect(unitView.body.availableActions).toContain('sign');
    expect((await c.handler.post(`/tickets/${t.id}/sign`, {})).body.ticket.status).toBe('in_progress');
  });

  test('a returned ticket goes back to the dispatcher with the reason and can be re-dispatched', async () => {
    const t = await createTicket(c);
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, { unitId: c.cgjUnitId });
    const ret = await c.handler.post(`/tickets/${t.id}/return`, { reason: '不属于本单位职责' });
    expect(ret.body.ticket.status).toBe('returned');
    const units = (await c.agent.get('/units')).body.items;
    const zjj = units.find(
      (u: { kind: string; code: string }) => u.kind === 'department' && u.code !== 'cgj',
    );
    const re = await c.dispatcher.post(`/tickets/${t.id}/redispatch`, { unitId: zjj.id });
    expect(re.body.ticket.status).toBe('dispatched');
    expect(re.body.ticket.leadUnitId).toBe(zjj.id);
    const d = await detail(t.id);
    expect(d.timeline.find((e: { type: string }) => e.type === 'ticket.returned').payload.reason).toBe(
      '不属于本单位职责',
    );
  });

  test('assisting units sign and reply on their own assignment without moving the ticket', async () => {
    const units = (await c.agent.get('/units')).body.items;
    const other = units.find(
      (u: { kind: string; code: string }) => u.kind === 'department' && u.code !== 'cgj',
    );
    const t = await createTicket(c);
    await c.dispatcher.post(`/tickets/${t.id}/dispatch`, {
      unitId: other.id,
      assistingUnitIds: [c.cgjUnitId],
    });
    const signed = await c.handler.post(`/tickets/${t.id}/sign`, {});
    expect(signed.status).toBe(200);
    expect(signed.body.ticket.status).toBe('dispatched');
    const replied = await c.handler.post(`/tickets/${t.id}/reply`, { content: '协办意见：已配合现场勘查' });
    expect(replied.status).toBe(200);
    const d = await detail(t.id);
    expect(d.assignments.find((a: { role: string }) => a.role === 'assist').status).toBe('replied');
    expect(d.assignments.find((a: { role: string }) => a.role === 'lead').status).toBe('pending');
    // returning is the lead unit's call, not an assisting unit's
    expect((await c.handler.post(`/tickets/${t.id}/return`, { reason: '协办单位不能退单' })).status).toBe(
      409,
    );
  });

  test('a duplicate is merged into its parent and its work stops', async () => {
    const parent = await createTicket(c);
    const dup = await createTicket(c);
    await c.dispatcher.post(`/tickets/${dup.id}/dispatch`, { unitId: c.cgjUnitId });
    const res = await c.agent.post(`/tickets/${dup.id}/merge`, { parentId: parent.id });
    expect(res.body.ticket.status).toBe('merged');
    expect(res.body.ticket.parentId).toBe(parent.id);
    expect((await detail(parent.id)).ticket.childIds).toEqual([dup.id]);
    expect((await detail(dup.id)).deadlines.every((x: { status: string }) => x.status === 'cancelled')).toBe(
      true,
    );
  });

  test('a consultation answered on the spot is resolved and can be closed at once', async () => {
    const t = await createTicket(c, { type: 'consultation' });
    const ans = await c.agent.post(`/tickets/${t.id}/answer`, { answer: '公积金提取需携带身份证和购房合同' });
    expect(ans.body.ticket.status).toBe('resolved');
    expect((await c.agent.post(`/tickets/${t.id}/close`, {})).body.ticket.status).toBe('closed');
  });

  test('supervision marks the ticket and shows on the timeline', async () => {
    const t = await createTicket(c);
    const res = await c.supervisor.post(`/tickets/${t.id}/supervise`, {
      level: 'red',
      note: '群众反映强烈，限期办结',
    });
    expect(res.body.ticket.supervisionLevel).toBe('red');
  });
});

describe('creating tickets', () => {
  test('a retried create with the same idempotency key returns the first ticket', async () => {
    const body = {
      type: 'help',
      title: '路灯不亮',
      description: '小区路灯坏了',
      idempotencyKey: 'web-retry-0001',
    };
    const [a, b] = await Promise.all([c.agent.post('/tickets', body), c.agent.post('/tickets', body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.ticket.id).toBe(b.body.ticket.id);
  });

  test('bad input is a 400 naming the fields, and writes nothing', async () => {
    const before = (await c.agent.get('/tickets?limit=200')).body.items.length;
    const res = await c.agent.post('/tickets', { type: 'gossip', title: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.details.fields)).toEqual(
      expect.arrayContaining(['type', 'title', 'description']),
    );
    expect((await c.agent.get('/tickets?limit=200')).body.items.length).toBe(before);
  });

  test('12388 reports are confidential from the start and the phone number is stored encrypted, shown masked', async () => {
    const t = await createTicket(c, { line: '12388', type: 'report', citizen: { phone: '13700001111' } });
    const d = await c.admin.get(`/tickets/${t.id}`); // the admin is named to read 12388 reports
    expect(d.body.ticket.confidential).toBe(true);
    expect(d.body.ticket.citizenPhoneMasked).toBe('137****1111');
    const raw = await s.ctx.pool.query(
      'select phone_enc, phone_masked from citizens where phone_masked = $1',
      ['137****1111'],
    );
    expect(raw.rows[0].phone_enc).not.toContain('13700001111');
    expect(s.ctx.pii.decrypt(raw.rows[0].phone_enc)).toBe('13700001111');
  });

  test('without a session the API answers 401, and writes without the CSRF header 403', async () => {
    const anon = await fetch(`${s.url}/api/v1/tickets`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as any).error.code).toBe('UNAUTHENTICATED');
    const noHeader = await fetch(`${s.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { cookie: c.agent.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'help', title: 'x', description: 'y' }),
    });
    expect(noHeader.status).toBe(403);
  });

  test('list pagination walks every ticket once with a cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await c.agent.get(
        `/tickets?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of page.body.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    // hotline staff see every ticket (confidential ones without their content)
    const all = (await s.ctx.pool.query('select count(*)::int as n from tickets')).rows[0].n;
    expect(seen.size).toBe(all);
  });
});
