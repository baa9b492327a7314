import { randomUUID } from 'node:crypto';
import { signCtiBody } from '../../src/channels/cti/cti-signature';
import { startTestServer, type TTestServer } from '../support/harness';
import { CTI_ENV, CTI_SECRET } from './cti.fixtures';
import { FUZZ_LIMITS, NASTY_STRINGS, prng, randomBytes, reportFuzz, type TRand } from './fuzz-support';
import { countOf } from './open311.fixtures';

const SEED = 0xc71;
const SHARE = 1600;

let s: TTestServer;
beforeAll(async () => {
  s = await startTestServer('cti_fuzz', { env: { ...CTI_ENV, ...FUZZ_LIMITS } });
});
afterAll(async () => s?.stop(), 60_000);

type TCase = {
  body: Buffer | string;
  timestamp?: string | null;
  signature?: string | null;
  contentType?: string;
};

/** Values no field of a CTI event accepts (ids, numbers, times, counts alike). */
const NEVER_VALID: unknown[] = [
  null,
  true,
  [],
  {},
  '',
  ' ',
  'has space',
  'x'.repeat(200),
  "' OR 1=1 --",
  '<script>',
  '\u0000',
  '𠜎𠜱',
  '\uFEFF',
  { __proto__: { polluted: 1 } },
];

function ringing(): Record<string, unknown> {
  return {
    event_id: `ev-${randomUUID()}`,
    call_id: `call-${randomUUID()}`,
    leg_id: 'leg-a',
    seq: 1,
    occurred_at: new Date().toISOString(),
    type: 'call.ringing',
    direction: 'inbound',
    caller_number: '13912345678',
    callee_number: '12345',
    queue: 'general',
    agent_ext: '8001',
  };
}

/** A header carries bytes: unicode junk is sent as its UTF-8 bytes (what a sloppy client does). */
const asHeader = (v: string) => Buffer.from(v.replace(/[\r\n\0]/g, ''), 'utf8').toString('latin1');

/** Every case is broken by construction: its signature, its bytes or one field. */
function malformed(r: TRand): TCase {
  const good = ringing();
  const json = JSON.stringify(good);
  switch (r.int(9)) {
    case 0: {
      const ts = String(Math.floor(Date.now() / 1000));
      return r.pick<TCase>([
        { body: json, signature: null },
        { body: json, timestamp: null },
        { body: json, signature: 'sha256=' + '0'.repeat(64) },
        { body: json, signature: asHeader(r.pick(NASTY_STRINGS).slice(0, 200)) },
        { body: json, signature: signCtiBody(CTI_SECRET, ts, json.replace('13912345678', '13900000000')) },
        { body: json, timestamp: String(Number(ts) - 3600) },
        { body: json, timestamp: r.pick(['abc', '-1', '1e10', '99999999999999999999']) },
        { body: json, signature: signCtiBody('the-wrong-secret-0123456789', ts, json) },
      ]);
    }
    case 1:
      return { body: randomBytes(r) };
    case 2:
      return { body: json.slice(0, r.int(json.length - 1)) };
    case 3: {
      const field = r.pick(['event_id', 'call_id', 'leg_id', 'seq', 'occurred_at', 'type', 'direction']);
      return { body: JSON.stringify({ ...good, [field]: r.pick(NEVER_VALID) }) };
    }
    case 4:
      return {
        body: JSON.stringify({
          ...good,
          caller_number: r.pick(['', 'abc', "1' OR '1'='1", '+86 139 1234', '1'.repeat(40), '１３９', null]),
        }),
      };
    case 5:
      return { body: JSON.stringify({ ...good, queue: 'q'.repeat(70_000 + r.int(50_000)) }) };
    case 6:
      return {
        body: r.pick([`<event>${json}</event>`, 'type=call.ringing', 'null', '[]', '"call.ringing"', '42']),
        contentType: r.pick(['application/xml', 'text/plain', 'application/x-www-form-urlencoded']),
      };
    case 7: {
      const { type: _t, ...rest } = good;
      return {
        body: `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},${JSON.stringify(rest).slice(1)}`,
      };
    }
    default:
      return {
        body: JSON.stringify({
          ...good,
          type: r.pick(['call.exploded', '', '../call.ringing', 'CALL.RINGING', r.pick(NASTY_STRINGS)]),
        }),
      };
  }
}

test(`${SHARE} malformed CTI events get a 4xx JSON error, never a 5xx, and store nothing (seed ${SEED})`, async () => {
  const r = prng(SEED);
  const stored = async () =>
    (await countOf(s, `select count(*) as n from inbound_messages where channel = 'cti'`)) +
    (await countOf(s, `select count(*) as n from call_records`));
  const before = await stored();
  const statuses = new Map<number, number>();
  let fiveXx = 0;
  let next = 0;
  const cases = Array.from({ length: SHARE }, () => malformed(r));
  const worker = async () => {
    for (let n = next++; n < cases.length; n = next++) {
      const c = cases[n]!;
      const ts = c.timestamp === undefined ? String(Math.floor(Date.now() / 1000)) : c.timestamp;
      const sig = c.signature === undefined ? signCtiBody(CTI_SECRET, ts ?? '', c.body) : c.signature;
      const headers: Record<string, string> = { 'content-type': c.contentType ?? 'application/json' };
      if (ts !== null) headers['x-hotline-timestamp'] = ts;
      if (sig !== null) headers['x-hotline-signature'] = sig;
      const res = await fetch(`${s.url}/channels/cti/events`, { method: 'POST', headers, body: c.body });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) fiveXx++;
      const context = { case: n, status: res.status, text: text.slice(0, 200) };
      const ok = res.status >= 400 && res.status < 500 && /"error":\{"code":"[A-Z_]+","message":/.test(text);
      expect({ ...context, ok }).toEqual({ ...context, ok: true });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  reportFuzz('cti', { inputs: cases.length, fiveXx, stored: (await stored()) - before, share: SHARE });
  expect(statuses.get(400)).toBeGreaterThan(SHARE / 3);
  expect(statuses.get(401)).toBeGreaterThan(SHARE / 20);
  expect(statuses.get(413)).toBeGreaterThan(0);
}, 120_000);

test('the valid control is stored (the cases fail for their breakage, not the base)', async () => {
  const body = JSON.stringify(ringing());
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${s.url}/channels/cti/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hotline-timestamp': ts,
      'x-hotline-signature': signCtiBody(CTI_SECRET, ts, body),
    },
    body,
  });
  expect(res.status).toBe(200);
  expect(await countOf(s, `select count(*) as n from inbound_messages where channel = 'cti'`)).toBe(1);
});
