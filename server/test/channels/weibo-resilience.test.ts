import type { TRunningWorkers } from '../../../workers/src/index';
import { startTestWorkers, waitUntil } from '../../../workers/test/support/worker-harness';
import { startTestServer, type TTestServer } from '../support/harness';
// Hundreds of bad signatures from one address: the per-address limit would answer 429 instead.
import { FUZZ_LIMITS } from './fuzz-support';
import {
  countRows,
  postWeibo,
  replyText,
  signedQuery,
  weiboInboundCount,
  weiboPush,
  WEIBO_SECRET,
} from './weibo.fixtures';

let s: TTestServer;
let w: TRunningWorkers | undefined;

beforeAll(async () => {
  s = await startTestServer('weibo_resilience', {
    env: { WEIBO_APP_SECRET: WEIBO_SECRET, ...FUZZ_LIMITS },
  });
});
afterAll(async () => {
  await w?.close();
  await s?.stop();
});

test('with Redis disconnected a message is still stored and answered, and processed once Redis and the workers are back', async () => {
  const sender = '4400000001';
  const push = weiboPush(sender, { text: '楼道堆放杂物堵塞消防通道' });
  s.ctx.redis.disconnect();
  try {
    await expect(s.ctx.redis.ping()).rejects.toThrow();
    const first = await postWeibo(s, push);
    const retry = await postWeibo(s, push);
    for (const res of [first, retry]) {
      expect(res.status).toBe(200);
      expect(replyText(res.json)).toMatch(/^您的私信已收到/);
    }
  } finally {
    await s.ctx.redis.connect();
  }
  const stored = await s.ctx.pool.query<{ id: string; status: string }>(
    `select id, status from inbound_messages where channel = 'weibo' and external_id like $1`,
    [`${sender}:%`],
  );
  expect(stored.rows).toEqual([{ id: expect.any(String), status: 'received' }]);
  const id = stored.rows[0]!.id;

  w = await startTestWorkers(s);
  await waitUntil(
    async () =>
      (await countRows(
        s,
        `select count(*) as n from inbound_messages where id = $1 and status = 'processed'`,
        [id],
      )) === 1,
    'the stored weibo message to be processed',
  );
  const messages = await s.ctx.pool.query<{ kind: string; content: string }>(
    `select kind, content from conversation_messages where inbound_message_id = $1`,
    [id],
  );
  expect(messages.rows).toEqual([{ kind: 'text', content: '楼道堆放杂物堵塞消防通道' }]);
});

/** mulberry32: a small deterministic PRNG, so a failing fuzz case can be replayed. */
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
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const JUNK = [null, true, {}, [], -1, 1.5, 1e300, '', 'abc', '9'.repeat(30), { $gt: '' }, ['text']] as const;
const BAD_CREATED_AT = [
  '2012-07-16T18:09:20+08:00',
  'Mon Feb 30 10:00:00 +0800 2012',
  'Mon Jul 16 25:09:20 +0800 2012',
  'Mon Jul 16 18:09:20 2012',
  'Mon Foo 16 18:09:20 +0800 2012',
  1342433360,
  '',
];

/** A body that must never be accepted as a Weibo push (every generator breaks the schema). */
function malformedBody(r: ReturnType<typeof prng>, i: number): string | Buffer {
  const valid = () => weiboPush(String(5_000_000_000 + i));
  const json = (o: unknown) => JSON.stringify(o);
  switch (r.int(12)) {
    case 0:
      return Buffer.from(Array.from({ length: 1 + r.int(300) }, () => r.int(256)));
    case 1:
      return Array.from({ length: 1 + r.int(200) }, () => String.fromCharCode(32 + r.int(95))).join('');
    case 2: {
      const full = json(valid());
      return full.slice(0, 1 + r.int(full.length - 1));
    }
    case 3: {
      const p = valid();
      delete p[r.pick(['type', 'sender_id', 'receiver_id', 'created_at'])];
      return json(p);
    }
    case 4:
      return json({ ...valid(), [r.pick(['sender_id', 'receiver_id', 'type', 'created_at'])]: r.pick(JUNK) });
    case 5:
      return json({ ...valid(), text: r.pick(JUNK.filter((v) => typeof v !== 'string')), data: {} });
    case 6:
      return json({ ...valid(), created_at: r.pick(BAD_CREATED_AT) });
    case 7: {
      const coords = [
        { longitude: '116.3' },
        { latitude: 91, longitude: 10 },
        { latitude: 'abc', longitude: '1' },
        null,
      ];
      return json({ ...valid(), type: 'position', data: r.pick(coords) });
    }
    case 8:
      return json({
        ...valid(),
        type: r.pick(['image', 'voice', 'event']),
        data: r.pick([{}, { vfid: -3 }, { subtype: 'CLICK!' }]),
      });
    case 9:
      return json({ ...valid(), type: r.pick(['TEXT', 'foo', 'text ', 'articles', '__proto__']) });
    case 10:
      return r.pick([
        json([valid()]),
        json(null),
        json(42),
        json('text'),
        '[]',
        '{}',
        '{"__proto__":{"type":"text"}}',
      ]);
    default: {
      const depth = 1 + r.int(20_000);
      return '['.repeat(depth) + ']'.repeat(r.int(2) ? depth : r.int(depth));
    }
  }
}

test('1,200 malformed bodies with valid signatures all get 400, never a 5xx, and nothing is stored', async () => {
  const r = prng(0x5eed_3b0);
  const before = await weiboInboundCount(s);
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const N = 1200;
  for (let start = 0; start < N; start += 25) {
    const batch = Array.from({ length: Math.min(25, N - start) }, (_, k) => malformedBody(r, start + k));
    const results = await Promise.all(batch.map((body) => postWeibo(s, body, signedQuery())));
    results.forEach((res, k) => {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 400 && failures.length < 5)
        failures.push(`#${start + k} → ${res.status}: ${String(batch[k]).slice(0, 120)}`);
    });
  }
  expect(failures).toEqual([]);
  expect(statuses.get(400)).toBe(N);
  expect(await weiboInboundCount(s)).toBe(before);
});

test('300 fuzzed query strings never reach a 5xx: unsigned or mis-signed requests get 401', async () => {
  const r = prng(0xbadc0de);
  const pieces = ['signature', 'timestamp', 'nonce', 'echostr', 'signature[]', 'timestamp[a]'];
  const before = await weiboInboundCount(s);
  for (let i = 0; i < 300; i++) {
    const params = new URLSearchParams();
    for (let k = 0; k < 1 + r.int(5); k++)
      params.append(
        r.pick(pieces),
        r.pick(['', 'a'.repeat(40), '0'.repeat(40), String(Date.now()), '💥', '-1']),
      );
    const method = r.int(2) ? 'GET' : 'POST';
    const res = await fetch(`${s.url}/channels/weibo?${params}`, {
      method,
      body: method === 'POST' ? JSON.stringify(weiboPush('4400000009')) : undefined,
    });
    expect(res.status).toBe(401);
  }
  expect(await weiboInboundCount(s)).toBe(before);
});

test('without WEIBO_APP_SECRET the channel refuses everything with 503 and stores nothing', async () => {
  const off = await startTestServer('weibo_off');
  try {
    const get = await fetch(
      `${off.url}/channels/weibo?${new URLSearchParams({ ...signedQuery(), echostr: 'e' })}`,
    );
    expect(get.status).toBe(503);
    const post = await postWeibo(off, weiboPush('4400000010'));
    expect(post.status).toBe(503);
    expect(post.json.error.code).toBe('UNAVAILABLE');
    expect(await weiboInboundCount(off)).toBe(0);
  } finally {
    await off.stop();
  }
});
