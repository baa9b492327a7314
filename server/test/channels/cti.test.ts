import { eq, sql } from 'drizzle-orm';
import type { TCallRingingMessage } from '@hotline/shared';
import type { TRunningWorkers } from '../../../workers/src/index';
import { connectSocket, startTestWorkers, waitUntil } from '../../../workers/test/support/worker-harness';
import { signCtiBody } from '../../src/channels/cti/cti-signature';
import { callRecords, inboundMessages, tickets } from '../../src/infra/db/schema';
import { createTicket, signInCast, type TCast } from '../support/drive';
import { startTestServer, type TTestServer } from '../support/harness';
import { callScript, CTI_ENV, newCallId, postCti, ringing, shuffled, threeWayScript } from './cti.fixtures';

let s: TTestServer;
let c: TCast;
let w: TRunningWorkers;
let now: Date | null = null;
const clock = () => now ?? new Date();

beforeAll(async () => {
  s = await startTestServer('cti', { clock, env: CTI_ENV });
  c = await signInCast(s);
  w = await startTestWorkers(s);
}, 60_000);
afterAll(async () => {
  await w?.close();
  await s?.stop();
});
afterEach(() => {
  now = null;
});

const ctiRowCount = async () =>
  Number(
    (await s.ctx.db.execute(sql`select count(*)::int as n from inbound_messages where channel = 'cti'`))
      .rows[0]!.n,
  );
const recordOf = async (callId: string) =>
  (await s.ctx.db.select().from(callRecords).where(eq(callRecords.callId, callId)))[0];
/** Waits until `count` stored events of the call are processed, then reads its record. */
const folded = async (callId: string, count: number) => {
  await waitUntil(async () => {
    const res = await s.ctx.db.execute(
      sql`select count(*)::int as n from inbound_messages
          where channel = 'cti' and headers->>'callId' = ${callId} and status = 'processed'`,
    );
    return Number(res.rows[0]!.n) >= count;
  }, `${count} events of call ${callId} processed`);
  return (await recordOf(callId))!;
};
const sendAll = async (events: Record<string, unknown>[]) => {
  for (const e of events) expect((await postCti(s, JSON.stringify(e))).status).toBe(200);
};

describe('POST /channels/cti/events', () => {
  test('stores a signed event and folds it into a call record with the caller encrypted', async () => {
    const callId = newCallId();
    const [ev] = callScript(callId, new Date(), [{ atS: 0, ...ringing('+8613800001001') }]);
    const res = await postCti(s, JSON.stringify(ev));
    expect(res).toEqual({ status: 200, json: { ok: true, duplicate: false, id: expect.any(String) } });
    const [row] = await s.ctx.db.select().from(inboundMessages).where(eq(inboundMessages.id, res.json.id));
    expect(row).toMatchObject({ channel: 'cti', externalId: `${callId}-e1` });

    const record = await folded(callId, 1);
    expect(record).toMatchObject({ direction: 'inbound', callerMasked: '138****1001', agentExt: '8001' });
    expect(s.ctx.pii.decrypt(record.callerEnc!)).toBe('13800001001');
    expect(record.callerHash).toBe(s.ctx.pii.hash('13800001001'));
    expect(JSON.stringify(record)).not.toContain('13800001001');
  });

  test('refuses bad signatures, stale or replayed timestamps, malformed and oversized bodies, storing nothing', async () => {
    const body = JSON.stringify(
      callScript(newCallId(), new Date(), [{ atS: 0, ...ringing('13800001002') }])[0],
    );
    const unix = Math.floor(Date.now() / 1000);
    const before = await ctiRowCount();
    const cases: [string, Promise<{ status: number; json: any }>, number][] = [
      ['wrong secret', postCti(s, body, { secret: 'not-the-shared-secret-at-all' }), 401],
      ['no signature', postCti(s, body, { signature: null }), 401],
      [
        'tampered body',
        postCti(s, body.replace('13800001002', '13800009999'), {
          signature: signCtiBody(CTI_ENV.CTI_SHARED_SECRET, String(unix), body),
          timestamp: String(unix),
        }),
        401,
      ],
      ['stale by 6 minutes', postCti(s, body, { timestamp: String(unix - 360) }), 401],
      ['6 minutes ahead', postCti(s, body, { timestamp: String(unix + 360) }), 401],
      ['not a number', postCti(s, body, { timestamp: 'yesterday' }), 401],
      ['malformed JSON', postCti(s, '{"type":"call.ringing",'), 400],
      ['unknown type', postCti(s, body.replace('call.ringing', 'call.exploded')), 400],
      ['missing event_id', postCti(s, body.replace('"event_id"', '"eventid"')), 400],
      ['oversized', postCti(s, JSON.stringify({ ...JSON.parse(body), pad: 'x'.repeat(70_000) })), 413],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      expect({ what, status: res.status }).toEqual({ what, status });
      expect(res.json.error.code).toEqual(expect.any(String));
    }
    // A request captured in flight and replayed after the window: the signature is right, the time is not.
    const captured = {
      timestamp: String(unix),
      signature: signCtiBody(CTI_ENV.CTI_SHARED_SECRET, String(unix), body),
    };
    now = new Date(Date.now() + 301_000);
    expect((await postCti(s, body, captured)).status).toBe(401);
    expect(await ctiRowCount()).toBe(before);
  });

  test('answers 503 while the shared secret is not configured', async () => {
    const secret = s.ctx.config.CTI_SHARED_SECRET;
    s.ctx.config.CTI_SHARED_SECRET = undefined;
    try {
      const res = await postCti(s, '{}');
      expect(res.status).toBe(503);
    } finally {
      s.ctx.config.CTI_SHARED_SECRET = secret;
    }
  });

  test('the same event twice, and concurrently, makes one inbound row and one call record', async () => {
    const callId = newCallId();
    const body = JSON.stringify(callScript(callId, new Date(), [{ atS: 0, ...ringing('13800001003') }])[0]);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => postCti(s, body)));
    const again = await postCti(s, body);
    const all = [...concurrent, again];
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(all.filter((r) => r.json.duplicate === false)).toHaveLength(1);
    expect(new Set(all.map((r) => r.json.id)).size).toBe(1);
    await folded(callId, 1);
    const rows = await s.ctx.db.execute(
      sql`select (select count(*)::int from inbound_messages where external_id = ${`${callId}-e1`}) as inbound,
                 (select count(*)::int from call_records where call_id = ${callId}) as calls`,
    );
    expect(rows.rows[0]).toEqual({ inbound: 1, calls: 1 });
  });
});

describe('call records', () => {
  test('events out of order fold to the same record as in order', async () => {
    const start = new Date('2026-02-02T02:00:00Z');
    const a = newCallId();
    const b = newCallId();
    const ordered = threeWayScript(a, start, '13800001004');
    const scrambled = shuffled(threeWayScript(b, start, '13800001004'), 7);
    await Promise.all([sendAll(ordered), sendAll(scrambled)]);
    const [ra, rb] = await Promise.all([folded(a, ordered.length), folded(b, ordered.length)]);
    const comparable = (r: typeof ra) => {
      const {
        id: _id,
        callId: _c,
        callerEnc: _e,
        createdAt: _ca,
        updatedAt: _u,
        updatedXid: _x,
        participants,
        recordingUrl,
        ...rest
      } = r;
      return {
        ...rest,
        legs: Object.values(participants).sort((x, y) => x.role.localeCompare(y.role)),
        rec: recordingUrl?.replace(r.callId, ''),
      };
    };
    expect(comparable(rb)).toEqual(comparable(ra));
    expect(ra).toMatchObject({ threeWay: true, maxParticipants: 3, billsecS: 175 });
  });

  test('a three-way call is counted in /calls/stats for its period', async () => {
    const start = new Date('2026-01-05T01:00:00Z');
    const three = newCallId();
    const plain = newCallId();
    const missed = newCallId();
    const three3 = threeWayScript(three, start, '13800001005');
    const two = callScript(plain, new Date(start.getTime() + 3_600_000), [
      { atS: 0, ...ringing('13800001006') },
      { atS: 10, type: 'call.answered', agent_id: 'agent1' },
      { atS: 10, leg: 'p-c', type: 'participant.joined', role: 'citizen' },
      { atS: 10, leg: 'p-a', type: 'participant.joined', role: 'agent' },
      { atS: 90, type: 'call.ended', hangup_cause: 'NORMAL_CLEARING', duration_s: 90, billsec_s: 80 },
    ]);
    const none = callScript(missed, new Date(start.getTime() + 7_200_000), [
      { atS: 0, ...ringing('13800001007') },
      { atS: 40, type: 'call.ended', hangup_cause: 'ORIGINATOR_CANCEL', duration_s: 40, billsec_s: 0 },
    ]);
    await Promise.all([sendAll(three3), sendAll(two), sendAll(none)]);
    await Promise.all([folded(three, three3.length), folded(plain, two.length), folded(missed, none.length)]);

    const period = `from=${start.toISOString()}&to=${new Date(start.getTime() + 86_400_000).toISOString()}`;
    const stats = await c.supervisor.get(`/calls/stats?${period}`);
    expect(stats).toEqual({
      status: 200,
      body: { calls: 3, answered: 2, answerRate: 0.6667, avgWaitSeconds: 7.5, threeWayCalls: 1 },
    });
    const later = await c.supervisor.get(
      `/calls/stats?from=${new Date(start.getTime() + 86_400_000).toISOString()}&to=${new Date(start.getTime() + 2 * 86_400_000).toISOString()}`,
    );
    expect(later.body).toMatchObject({ calls: 0, threeWayCalls: 0, answerRate: 0 });
    expect(
      (await c.agent.get(`/calls?${period}&threeWay=true`)).body.items.map((i: any) => i.callId),
    ).toEqual([three]);
    expect((await c.handler.get(`/calls/stats?${period}`)).status).toBe(403);
    expect((await c.supervisor.get('/calls/stats?from=yesterday&to=today')).status).toBe(400);
  });

  test('an unanswered call waits in /calls/missed until it is called back', async () => {
    const callId = newCallId();
    const events = callScript(callId, new Date(), [
      { atS: 0, ...ringing('13800001008') },
      { atS: 25, type: 'call.ended', hangup_cause: 'NO_ANSWER', duration_s: 25, billsec_s: 0 },
    ]);
    await sendAll(events);
    await folded(callId, 2);
    const missed = await c.agent.get('/calls/missed');
    expect(missed.status).toBe(200);
    const item = missed.body.items.find((i: any) => i.callId === callId);
    expect(item).toMatchObject({ callerMasked: '138****1008', answeredAt: null, hangupCause: 'NO_ANSWER' });
    expect(JSON.stringify(missed.body)).not.toContain('13800001008');

    expect((await c.handler.post(`/calls/${item.id}/callback-done`)).status).toBe(403);
    const done = await c.agent.post(`/calls/${item.id}/callback-done`);
    expect(done.status).toBe(200);
    expect(done.body.call.callbackDoneAt).toEqual(expect.any(String));
    const after = await c.agent.get('/calls/missed');
    expect(after.body.items.some((i: any) => i.callId === callId)).toBe(false);
  });

  test('a ticket registered during the call is linked to the call record', async () => {
    const callId = newCallId();
    await sendAll(callScript(callId, new Date(), [{ atS: 0, ...ringing('13800001009') }]));
    const record = await folded(callId, 1);
    const ticket = await createTicket(c, { callId, citizen: { phone: '13800001009' } });
    const [row] = await s.ctx.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.callId).toBe(record.callId);
  });
});

describe('screen pop', () => {
  test("a ringing call pops the caller's history on the agent at that extension, and nobody else", async () => {
    const phone = '13800001010';
    const open = await createTicket(c, { citizen: { phone, name: '李女士' }, title: '小区路灯不亮' });
    expect((await c.agent.post('/calls/extension', { ext: '8101' })).status).toBe(200);
    expect((await c.agent.get('/calls/extension')).body).toEqual({ ext: '8101' });
    const agent2 = await s.login('agent2');
    await agent2.post('/calls/extension', { ext: '8102' });
    const mine = await connectSocket(s, c.agent.cookie);
    const other = await connectSocket(s, agent2.cookie);
    const popsOf = (sock: typeof mine) => {
      const got: TCallRingingMessage[] = [];
      sock.socket.on('call.ringing', (m: TCallRingingMessage) => got.push(m));
      return got;
    };
    const minePops = popsOf(mine);
    const otherPops = popsOf(other);
    try {
      const callId = newCallId();
      const sent = Date.now();
      await sendAll(callScript(callId, new Date(), [{ atS: 0, ...ringing(phone, '8101') }]));
      const pop = await waitUntil(() => minePops.find((m) => m.callId === callId), 'the pop', 1000, 10);
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(pop).toMatchObject({
        caller: phone,
        callerMasked: '138****1010',
        citizenName: '李女士',
        agentExt: '8101',
      });
      expect(pop.history[0]).toMatchObject({ id: open.id, no: open.no, title: '小区路灯不亮' });
      await new Promise((r) => setTimeout(r, 200));
      expect(otherPops).toEqual([]);
    } finally {
      mine.close();
      other.close();
    }
  });
});
