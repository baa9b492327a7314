import { startTestServer, type TTestServer } from '../support/harness';
import { countOf } from './open311.fixtures';
import {
  FUZZ_LIMITS,
  junkValue,
  NASTY_STRINGS,
  prng,
  randomBytes,
  reportFuzz,
  type TRand,
} from './fuzz-support';
import { signedQuery, WEIBO_SECRET, weiboPush } from './weibo.fixtures';

const SEED = 0x5e1b0;
const SHARE = 1600;

let s: TTestServer;
beforeAll(async () => {
  s = await startTestServer('weibo_fuzz', { env: { WEIBO_APP_SECRET: WEIBO_SECRET, ...FUZZ_LIMITS } });
});
afterAll(async () => s?.stop(), 60_000);

type TCase = {
  method: 'GET' | 'POST';
  query: Record<string, string>;
  body?: Buffer | string;
  contentType?: string;
};

/** Not a Weibo id, not a created_at, not text: whatever the junk, the field is wrong. */
function wrongFor(field: string, r: TRand): unknown {
  const v = junkValue(r);
  if (field === 'text') return typeof v === 'string' ? { v } : v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return -1;
  if (typeof v === 'string' && /^\d{1,20}$/.test(v.trim())) return `x${v}`;
  return v;
}

/** Every case is broken by construction: the signature, the body or both. */
function malformed(r: TRand): TCase {
  const good = weiboPush(String(5_000_000_000 + r.int(1000)), { text: '小区门口垃圾没人清运 13912345678' });
  const q = () => signedQuery();
  const json = JSON.stringify(good);
  switch (r.int(9)) {
    case 0: {
      // Bad signatures: wrong, missing, stale, junk.
      const sq = q();
      const bad = r.pick([
        { ...sq, signature: 'a'.repeat(40) },
        { ...sq, signature: r.pick(NASTY_STRINGS).slice(0, 100) },
        { timestamp: sq.timestamp, nonce: sq.nonce },
        signedQuery({ at: new Date(Date.now() - 3600_000) }),
        signedQuery({ secret: 'another-secret-entirely' }),
        { ...sq, timestamp: r.pick(['abc', '-1', '99999999999999999999', '']) },
      ]);
      return { method: 'POST', query: bad as Record<string, string>, body: json };
    }
    case 1:
      return { method: 'POST', query: q(), body: randomBytes(r) };
    case 2:
      return { method: 'POST', query: q(), body: json.slice(0, r.int(json.length - 1)) };
    case 3: {
      const field = r.pick(['type', 'receiver_id', 'sender_id', 'created_at', 'text']);
      return { method: 'POST', query: q(), body: JSON.stringify({ ...good, [field]: wrongFor(field, r) }) };
    }
    case 4:
      return {
        method: 'POST',
        query: q(),
        body: r.pick([
          `<xml><type>text</type><text>${json}</text></xml>`,
          'type=text&text=hi',
          '',
          'null',
          '[]',
          '"text"',
        ]),
        contentType: r.pick(['application/xml', 'text/plain', 'application/x-www-form-urlencoded', '']),
      };
    case 5:
      return {
        method: 'POST',
        query: q(),
        body: JSON.stringify({ ...good, text: 'x'.repeat(66_000 + r.int(100_000)) }),
      };
    case 6: {
      // Prototype-pollution keys beside a broken field.
      const { type: _t, ...rest } = good;
      const polluted = `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},${JSON.stringify(rest).slice(1)}`;
      return { method: 'POST', query: q(), body: polluted };
    }
    case 7: {
      // Signed, with valid JSON of the wrong shape: unicode junk everywhere.
      const u = r.pick(NASTY_STRINGS);
      return {
        method: 'POST',
        query: q(),
        body: JSON.stringify({ [u]: u, type: r.pick(['', 'TEXT', '../text', u]), sender_id: u }),
      };
    }
    default: {
      // The URL check: bad signature, or no echostr.
      const sq = q();
      return r.next() < 0.5
        ? { method: 'GET', query: { ...sq, signature: 'b'.repeat(40), echostr: 'x' } }
        : { method: 'GET', query: { ...sq } };
    }
  }
}

test(`${SHARE} malformed Weibo requests get a 4xx JSON error, never a 5xx, and store nothing (seed ${SEED})`, async () => {
  const r = prng(SEED);
  const inbound = () => countOf(s, `select count(*) as n from inbound_messages where channel = 'weibo'`);
  const before = await inbound();
  const statuses = new Map<number, number>();
  let fiveXx = 0;
  let next = 0;
  const cases = Array.from({ length: SHARE }, () => malformed(r));
  const worker = async () => {
    for (let n = next++; n < cases.length; n = next++) {
      const c = cases[n]!;
      const res = await fetch(`${s.url}/channels/weibo?${new URLSearchParams(c.query)}`, {
        method: c.method,
        headers:
          c.contentType === undefined
            ? { 'content-type': 'application/json' }
            : { 'content-type': c.contentType },
        body: c.body,
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) fiveXx++;
      const context = { case: n, status: res.status, text: text.slice(0, 200) };
      const ok = res.status >= 400 && res.status < 500 && /"error":\{"code":"[A-Z_]+","message":/.test(text);
      expect({ ...context, ok }).toEqual({ ...context, ok: true });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const stored = (await inbound()) - before;
  reportFuzz('weibo', { inputs: cases.length, fiveXx, stored, share: SHARE });
  expect(statuses.get(400)).toBeGreaterThan(SHARE / 4);
  expect(statuses.get(401)).toBeGreaterThan(SHARE / 20);
  expect(statuses.get(413)).toBeGreaterThan(0);
}, 120_000);

test('the valid control is stored (the cases fail for their breakage, not the base)', async () => {
  const res = await fetch(`${s.url}/channels/weibo?${new URLSearchParams(signedQuery())}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(weiboPush('5000000999')),
  });
  expect(res.status).toBe(200);
  expect(await countOf(s, `select count(*) as n from inbound_messages where channel = 'weibo'`)).toBe(1);
});
