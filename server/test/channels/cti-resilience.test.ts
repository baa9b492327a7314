import type { TCallRingingMessage } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TRunningWorkers } from '../../../workers/src/index';
import { connectSocket, startTestWorkers, waitUntil } from '../../../workers/test/support/worker-harness';
import { startTestServer, type TTestServer } from '../support/harness';
// Hundreds of bad signatures from one address: the per-address limit would answer 429 instead.
import { FUZZ_LIMITS } from './fuzz-support';
import { callScript, CTI_ENV, CTI_SECRET, newCallId, postCti, ringing, shuffled } from './cti.fixtures';

let s: TTestServer;
let w: TRunningWorkers | undefined;

beforeAll(async () => {
  s = await startTestServer('cti_resilience', { env: { ...CTI_ENV, ...FUZZ_LIMITS } });
}, 60_000);
afterAll(async () => {
  await w?.close();
  await s?.stop();
});

const count = async (q: ReturnType<typeof sql>) => Number((await s.ctx.db.execute(q)).rows[0]!.n);

test('with Redis disconnected events are still stored (the pop is skipped) and folded once Redis is back', async () => {
  const agent = await s.login('agent1');
  await agent.post('/calls/extension', { ext: '8201' });
  const sock = await connectSocket(s, agent.cookie);
  const pops: TCallRingingMessage[] = [];
  sock.socket.on('call.ringing', (m: TCallRingingMessage) => pops.push(m));
  const callId = newCallId();
  const events = callScript(callId, new Date(), [
    { atS: 0, ...ringing('13800002001', '8201') },
    { atS: 30, type: 'call.ended', hangup_cause: 'NO_ANSWER', duration_s: 30, billsec_s: 0 },
  ]);
  s.ctx.redis.disconnect();
  try {
    await expect(s.ctx.redis.ping()).rejects.toThrow();
    for (const e of [...events, events[0]!]) {
      const res = await postCti(s, JSON.stringify(e));
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 800));
    expect(pops).toEqual([]);
  } finally {
    sock.close();
    await s.ctx.redis.connect();
  }
  expect(
    await count(sql`select count(*)::int as n from inbound_messages where headers->>'callId' = ${callId}`),
  ).toBe(2);

  w = await startTestWorkers(s);
  await waitUntil(
    async () =>
      (await count(
        sql`select count(*)::int as n from inbound_messages where headers->>'callId' = ${callId} and status = 'processed'`,
      )) === 2,
    'the stored CTI events to be processed',
  );
  const missed = await agent.get('/calls/missed');
  expect(missed.body.items.map((i: { callId: string }) => i.callId)).toContain(callId);
});

/** mulberry32, so a failing fuzz case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}

/** Values no required field accepts. */
const JUNK = [null, true, {}, [], -1.5, 1e300, '', ' ', 'a b', '\u0000', { $gt: '' }, ['x'], 'x'.repeat(300)];
const REQUIRED = ['type', 'event_id', 'call_id', 'leg_id', 'seq', 'occurred_at'] as const;

function malformedBody(r: ReturnType<typeof prng>, i: number): string {
  const valid = callScript(`fuzz-${i}`, new Date(), [{ atS: 0, ...ringing('13800002002') }])[0]!;
  const text = JSON.stringify(valid);
  switch (r.int(7)) {
    case 0: // cut short
      return text.slice(0, r.int(text.length - 1));
    case 1: // random bytes
      return Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256))).toString('latin1');
    case 2: // a required field with a wrong value
      return JSON.stringify({ ...valid, [r.pick(REQUIRED)]: r.pick(JUNK) });
    case 3: {
      // a required field missing
      const gone = r.pick(REQUIRED);
      return JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== gone)));
    }
    case 4: // not an object
      return JSON.stringify(r.pick([[valid], 'call.ringing', 42, null, true]));
    case 5: // deep nesting
      return '['.repeat(1 + r.int(5000)) + ']'.repeat(r.int(5000));
    default: // an event type's fields on another type
      return JSON.stringify({
        ...valid,
        type: r.pick(['call.ended', 'recording.ready', 'participant.joined', 'call.rang', 'CALL.RINGING']),
      });
  }
}

test('1,200 malformed bodies, signed and unsigned, get 4xx answers and store nothing', async () => {
  const r = prng(20260302);
  const before = await count(sql`select count(*)::int as n from inbound_messages where channel = 'cti'`);
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const N = 1200;
  for (let batch = 0; batch < N; batch += 25) {
    await Promise.all(
      Array.from({ length: 25 }, async (_, k) => {
        const i = batch + k;
        const body = malformedBody(r, i);
        // Most are signed, so they reach the parser; some carry broken signatures or headers.
        const opts =
          i % 10 === 0
            ? { signature: `sha256=${'0'.repeat(64)}` }
            : i % 10 === 1
              ? { timestamp: r.pick(['', '-1', '1e9', '99999999999999', 'NaN']) }
              : { secret: CTI_SECRET };
        const res = await postCti(s, body, opts);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status < 400 || res.status >= 500) failures.push(`#${i} ${res.status}: ${body.slice(0, 80)}`);
      }),
    );
  }
  expect(failures).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(N);
  expect(statuses.get(400)).toBeGreaterThan(800);
  expect(await count(sql`select count(*)::int as n from inbound_messages where channel = 'cti'`)).toBe(
    before,
  );
}, 120_000);

test('shuffled valid events still all succeed after the fuzzing (the server is healthy)', async () => {
  const events = callScript(newCallId(), new Date(), [
    { atS: 0, ...ringing('13800002003') },
    { atS: 9, type: 'call.ended', hangup_cause: 'NO_ANSWER', duration_s: 9, billsec_s: 0 },
  ]);
  for (const e of shuffled(events, 3)) expect((await postCti(s, JSON.stringify(e))).status).toBe(200);
});
