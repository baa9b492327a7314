import type { TAssignmentView, TDeadlineView, TTicketDetailResponse, TTimelineEntry } from '@hotline/shared';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type ApiClient, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let zjj: { id: string; handler: ApiClient; manager: ApiClient };
let names: { handler: string; manager: string };
let now = new Date('2026-03-02T01:00:00.000Z'); // Monday 09:00 in Changzhou
const clock = () => now;
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

const PASSWORD = 'Signoff-Test-2026';

async function setSignoff(unitId: string, on: boolean) {
  const res = await c.admin.call('PATCH', `/units/${unitId}`, { replySignoff: on });
  expect(res.status).toBe(200);
  expect(res.body.unit.replySignoff).toBe(on);
}

async function addUser(username: string, role: string, unitId: string): Promise<ApiClient> {
  const res = await c.admin.post('/users', {
    username,
    displayName: username,
    role,
    unitId,
    password: PASSWORD,
  });
  expect(res.status).toBe(201);
  return s.login(username, PASSWORD);
}

const detail = async (who: ApiClient, id: string) =>
  (await who.get(`/tickets/${id}`)).body as TTicketDetailResponse;
const assignmentOf = (d: TTicketDetailResponse, unitId: string) =>
  d.assignments.find((a) => a.unitId === unitId) as TAssignmentView;
const replyClock = (d: TTicketDetailResponse, unitId: string) =>
  d.deadlines.find((x) => x.kind === 'reply' && x.unitId === unitId) as TDeadlineView;
const types = (d: TTicketDetailResponse) => d.timeline.map((e) => e.type);
const eventOf = (d: TTicketDetailResponse, type: string) =>
  d.timeline.filter((e) => e.type === type).at(-1) as TTimelineEntry;

async function ok(who: ApiClient, id: string, action: string, body: Record<string, unknown> = {}) {
  advance(20);
  const res = await who.post(`/tickets/${id}/${action}`, body);
  expect({ action, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
    action,
    status: 200,
    body: null,
  });
  return res.body.ticket as { id: string; status: string; version: number };
}

/** A ticket at 市城管局, signed for by its handler. */
async function signedAtCgj(assistingUnitIds: string[] = []) {
  const t = await createTicket(c);
  await ok(c.dispatcher, t.id, 'dispatch', { unitId: c.cgjUnitId, assistingUnitIds });
  await ok(c.handler, t.id, 'sign');
  return t.id;
}

beforeAll(async () => {
  s = await startTestServer('reply_signoff', { clock });
  c = await signInCast(s);
  const units = (await c.admin.get('/units')).body.items as { id: string; code: string }[];
  const zjjId = units.find((u) => u.code === 'zjj')!.id;
  zjj = {
    id: zjjId,
    handler: await addUser('zjj_handler_t', 'unit_handler', zjjId),
    manager: await addUser('zjj_manager_t', 'unit_manager', zjjId),
  };
  names = {
    handler: (await c.handler.get('/auth/me')).body.user.displayName,
    manager: (await c.manager.get('/auth/me')).body.user.displayName,
  };
  await setSignoff(c.cgjUnitId, true);
}, 60_000);
afterAll(async () => s?.stop());

describe('审核签发: a unit manager signs off the reply before it leaves the unit', () => {
  test("a handler's reply waits in the unit: the ticket stays in progress, the reply clock runs, the hotline cannot review it", async () => {
    const id = await signedAtCgj();
    const res = await c.handler.post(`/tickets/${id}/reply`, {
      content: '已安排人员补装井盖',
      solved: false,
    });
    expect(res.status).toBe(200);
    expect(res.body.ticket.status).toBe('in_progress');

    const mine = await detail(c.handler, id);
    expect(assignmentOf(mine, c.cgjUnitId)).toMatchObject({
      status: 'awaiting_signoff',
      repliedAt: null,
      replyContent: null,
      draftReplyContent: '已安排人员补装井盖',
      draftReplySolved: false,
      draftSubmittedByName: names.handler,
      draftSubmittedAt: now.toISOString(),
    });
    expect(replyClock(mine, c.cgjUnitId)).toMatchObject({ status: 'active', metAt: null });
    expect(eventOf(mine, 'ticket.reply_submitted')).toMatchObject({
      fromStatus: 'in_progress',
      toStatus: 'in_progress',
      payload: { content: '已安排人员补装井盖', solved: false, unitId: c.cgjUnitId },
    });
    // the handler waits; only the manager may send it out or hand it back
    expect(mine.availableActions).not.toContain('reply');
    expect(mine.availableActions).not.toContain('signoff-reply');
    expect((await detail(c.manager, id)).availableActions).toEqual(
      expect.arrayContaining(['signoff-reply', 'return-draft']),
    );
    expect((await detail(c.manager, id)).availableActions).not.toContain('reply');

    // outside the unit: that a reply is being signed off, never what it says
    const hotline = await detail(c.supervisor, id);
    expect(hotline.ticket.status).toBe('in_progress');
    expect(assignmentOf(hotline, c.cgjUnitId).status).toBe('awaiting_signoff');
    expect(assignmentOf(hotline, c.cgjUnitId)).not.toHaveProperty('draftReplyContent');
    expect(eventOf(hotline, 'ticket.reply_submitted').payload).toEqual({ unitId: c.cgjUnitId });
    expect(hotline.availableActions).not.toContain('approve-reply');

    const approve = await c.dispatcher.post(`/tickets/${id}/approve-reply`, {});
    expect(approve.status).toBe(409);
    expect(approve.body.error.code).toBe('ILLEGAL_TRANSITION');
    const again = await c.handler.post(`/tickets/${id}/reply`, { content: '再次回复', solved: true });
    expect(again.status).toBe(409);
    expect((await detail(c.supervisor, id)).ticket.version).toBe(hotline.ticket.version);
  });

  test('the manager signs off an edited reply: it leaves the unit, the clock is met, the timeline tells the story in order', async () => {
    const id = await signedAtCgj();
    await ok(c.handler, id, 'reply', { content: '已处理', solved: false });
    const signed = await ok(c.manager, id, 'signoff-reply', {
      content: '经现场核查，井盖已于今日补装，并设置警示标志。',
      solved: true,
    });
    expect(signed.status).toBe('replied');

    const d = await detail(c.handler, id);
    expect(assignmentOf(d, c.cgjUnitId)).toMatchObject({
      status: 'replied',
      repliedAt: now.toISOString(),
      replyContent: '经现场核查，井盖已于今日补装，并设置警示标志。',
      draftReplyContent: null,
      draftSubmittedAt: null,
    });
    expect(replyClock(d, c.cgjUnitId)).toMatchObject({ status: 'met', metAt: now.toISOString() });
    expect(types(d)).toEqual([
      'ticket.created',
      'ticket.dispatched',
      'ticket.signed',
      'ticket.reply_submitted',
      'ticket.reply_signed_off',
      'ticket.replied',
    ]);
    expect(eventOf(d, 'ticket.reply_signed_off')).toMatchObject({
      actorName: names.manager,
      payload: { edited: true, draftedBy: names.handler, unitId: c.cgjUnitId },
    });
    expect(eventOf(d, 'ticket.replied')).toMatchObject({
      actorName: names.manager,
      fromStatus: 'in_progress',
      toStatus: 'replied',
      payload: {
        content: '经现场核查，井盖已于今日补装，并设置警示标志。',
        solved: true,
        signedOffBy: names.manager,
      },
    });
    // what the hotline reviews is the signed-off text, and it may now approve it
    const hotline = await detail(c.dispatcher, id);
    expect(hotline.availableActions).toContain('approve-reply');
    expect(eventOf(hotline, 'ticket.replied').payload.content).toBe(
      '经现场核查，井盖已于今日补装，并设置警示标志。',
    );
    expect((await ok(c.dispatcher, id, 'approve-reply')).status).toBe('resolved');
  });

  test('the manager returns the draft with a reason; the handler edits and replies again; the draft goes out as written', async () => {
    const id = await signedAtCgj();
    await ok(c.handler, id, 'reply', { content: '已处理完毕', solved: true });
    const noReason = await c.manager.post(`/tickets/${id}/return-draft`, {});
    expect(noReason.status).toBe(400);
    const returned = await ok(c.manager, id, 'return-draft', { reason: '请写明处理时间和结果' });
    expect(returned.status).toBe('in_progress');

    const mine = await detail(c.handler, id);
    expect(assignmentOf(mine, c.cgjUnitId)).toMatchObject({
      status: 'signed',
      draftReplyContent: '已处理完毕',
      draftSubmittedByName: names.handler,
    });
    expect(eventOf(mine, 'ticket.draft_returned').payload).toMatchObject({ reason: '请写明处理时间和结果' });
    expect(mine.availableActions).toContain('reply');
    expect((await detail(c.manager, id)).availableActions).not.toContain('signoff-reply');
    expect(eventOf(await detail(c.supervisor, id), 'ticket.draft_returned').payload).not.toHaveProperty(
      'reason',
    );
    expect(replyClock(mine, c.cgjUnitId).status).toBe('active');
    // nothing left to sign off until the handler replies again
    expect((await c.manager.post(`/tickets/${id}/signoff-reply`, {})).status).toBe(409);

    await ok(c.handler, id, 'reply', { content: '已于3月2日补装井盖，现场已恢复通行。', solved: true });
    expect((await ok(c.manager, id, 'signoff-reply')).status).toBe('replied');
    const d = await detail(c.supervisor, id);
    expect(assignmentOf(d, c.cgjUnitId).replyContent).toBe('已于3月2日补装井盖，现场已恢复通行。');
    expect(eventOf(d, 'ticket.reply_signed_off').payload.edited).toBe(false);
    expect(types(d).slice(3)).toEqual([
      'ticket.reply_submitted',
      'ticket.draft_returned',
      'ticket.reply_submitted',
      'ticket.reply_signed_off',
      'ticket.replied',
    ]);
  });

  test('only the manager of the unit holding the draft signs it off', async () => {
    const id = await signedAtCgj([zjj.id]);
    await ok(c.handler, id, 'reply', { content: '已处理', solved: true });
    const before = (await detail(c.supervisor, id)).ticket.version;

    const byHandler = await c.handler.post(`/tickets/${id}/signoff-reply`, {});
    expect(byHandler.status).toBe(403);
    expect(byHandler.body.error.code).toBe('FORBIDDEN');
    expect((await c.handler.post(`/tickets/${id}/return-draft`, { reason: '再改改' })).status).toBe(403);
    // 市住建局 assists on this ticket and sees it, but the draft is 市城管局's
    const otherManager = await zjj.manager.post(`/tickets/${id}/signoff-reply`, {});
    expect(otherManager.status).toBe(409);
    expect(otherManager.body.error.code).toBe('ILLEGAL_TRANSITION');
    const other = await detail(zjj.manager, id);
    expect(other.availableActions).not.toContain('signoff-reply');
    expect(assignmentOf(other, c.cgjUnitId)).not.toHaveProperty('draftReplyContent');
    expect(eventOf(other, 'ticket.reply_submitted').payload).not.toHaveProperty('content');
    expect((await detail(c.supervisor, id)).ticket.version).toBe(before);
  });

  test('an assisting unit with sign-off keeps its reply for its own manager too', async () => {
    await setSignoff(zjj.id, true);
    try {
      const id = await signedAtCgj([zjj.id]);
      await ok(zjj.handler, id, 'sign');
      await ok(zjj.handler, id, 'reply', { content: '住建局已配合核查', solved: true });
      let d = await detail(zjj.manager, id);
      expect(assignmentOf(d, zjj.id)).toMatchObject({
        role: 'assist',
        status: 'awaiting_signoff',
        draftReplyContent: '住建局已配合核查',
      });
      expect(d.availableActions).toEqual(expect.arrayContaining(['signoff-reply', 'return-draft']));
      // the lead unit's manager has nothing of its own to sign
      expect((await detail(c.manager, id)).availableActions).not.toContain('signoff-reply');
      expect(replyClock(d, zjj.id).status).toBe('active');

      await ok(zjj.manager, id, 'signoff-reply', { content: '住建局已配合核查，相关企业已整改。' });
      d = await detail(c.supervisor, id);
      expect(d.ticket.status).toBe('in_progress'); // the lead unit has not replied yet
      expect(assignmentOf(d, zjj.id)).toMatchObject({
        status: 'replied',
        replyContent: '住建局已配合核查，相关企业已整改。',
      });
      expect(replyClock(d, zjj.id).status).toBe('met');
      expect(eventOf(d, 'ticket.replied').payload).toMatchObject({ assist: true, solved: true });
      expect(types(d).slice(-2)).toEqual(['ticket.reply_signed_off', 'ticket.replied']);
    } finally {
      await setSignoff(zjj.id, false);
    }
  });

  test("a manager's own reply and a unit without sign-off reply straight to the hotline, as before", async () => {
    const byManager = await signedAtCgj();
    expect((await ok(c.manager, byManager, 'reply', { content: '已处理', solved: true })).status).toBe(
      'replied',
    );

    await setSignoff(c.cgjUnitId, false);
    try {
      const id = await signedAtCgj();
      expect((await ok(c.handler, id, 'reply', { content: '已处理', solved: true })).status).toBe('replied');
      const d = await detail(c.handler, id);
      expect(types(d)).not.toContain('ticket.reply_submitted');
      expect(assignmentOf(d, c.cgjUnitId)).toMatchObject({ status: 'replied', draftReplyContent: null });
      expect(replyClock(d, c.cgjUnitId).status).toBe('met');
    } finally {
      await setSignoff(c.cgjUnitId, true);
    }
  });

  test("the list filter awaitingSignoff=true finds the tickets whose reply awaits the user's own unit's manager", async () => {
    const waiting = await signedAtCgj();
    await ok(c.handler, waiting, 'reply', { content: '已处理', solved: true });
    const notYet = await signedAtCgj();

    const ids = async (who: ApiClient) =>
      ((await who.get('/tickets?awaitingSignoff=true&limit=200')).body.items as { id: string }[]).map(
        (t) => t.id,
      );
    const managerQueue = await ids(c.manager);
    expect(managerQueue).toContain(waiting);
    expect(managerQueue).not.toContain(notYet);
    const d = await Promise.all(managerQueue.map((id) => detail(c.manager, id)));
    for (const t of d) expect(assignmentOf(t, c.cgjUnitId).status).toBe('awaiting_signoff');
    // the hotline's unit holds no drafts, another unit holds none of 市城管局's
    expect(await ids(c.dispatcher)).toEqual([]);
    expect(await ids(zjj.manager)).toEqual([]);
    expect((await c.manager.get('/tickets?awaitingSignoff=maybe')).status).toBe(400);

    await ok(c.manager, waiting, 'signoff-reply');
    expect(await ids(c.manager)).not.toContain(waiting);
  });

  test('the admin turns sign-off on and off per unit without touching its other settings', async () => {
    const units = (await c.admin.get('/units')).body.items as {
      id: string;
      code: string;
      canDispatch: boolean;
      replySignoff: boolean;
    }[];
    const tn = units.find((u) => u.code === 'tn')!;
    expect(tn).toMatchObject({ canDispatch: true, replySignoff: false });
    await setSignoff(tn.id, true);
    const after = ((await c.admin.get('/units')).body.items as typeof units).find((u) => u.id === tn.id);
    expect(after).toMatchObject({ canDispatch: true, replySignoff: true });
    await setSignoff(tn.id, false);
    expect((await c.handler.call('PATCH', `/units/${tn.id}`, { replySignoff: true })).status).toBe(403);
  });
});
