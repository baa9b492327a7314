import { randomUUID } from 'node:crypto';
import { signCtiBody } from '../../src/channels/cti/cti-signature';
import { startTestServer, type TTestServer } from '../support/harness';
import { CTI_ENV, postCti } from './cti.fixtures';
import { countOf, o311Get, o311PostForm, OPEN311_ENV, OPEN311_KEY, OPEN311_KEY_2 } from './open311.fixtures';
import { nextMsgId, textXml, WECHAT_ENV, WechatPlatform, wechatRowCount } from './wechat-client';
import { postWeibo, signedQuery, WEIBO_SECRET, weiboPush } from './weibo.fixtures';

/**
 * The webhooks' and Open311's Redis limits, set tiny here so each trips in a few requests. The
 * clock is the server's (the limits' windows follow it), moved an hour on between tests so each
 * starts on fresh windows; "resets" moves it past the window.
 */
let now = new Date();
const clock = () => now;
const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

const LIMITS = {
  RATE_CHANNEL_PER_MINUTE: '4',
  RATE_OPEN311_KEY_PER_MINUTE: '3',
  RATE_OPEN311_READ_IP_PER_MINUTE: '5',
  RATE_BAD_AUTH_IP_PER_10_MIN: '3',
};

let s: TTestServer;
beforeAll(async () => {
  s = await startTestServer('webhook_rate_limit', {
    clock,
    env: { ...WECHAT_ENV, ...CTI_ENV, ...OPEN311_ENV, WEIBO_APP_SECRET: WEIBO_SECRET, ...LIMITS },
  });
});
afterAll(async () => {
  await s?.stop();
});
beforeEach(() => advance(3600));

const wechat = () => new WechatPlatform(s, clock);
const wechatText = () =>
  textXml({ from: `o-${randomUUID()}`, msgId: nextMsgId(), createTime: Math.floor(now.getTime() / 1000) });
const inbound = (channel: string) =>
  countOf(s, 'select count(*) as n from inbound_messages where channel = $1', [channel]);

function expect429(res: { status: number; json?: unknown }, retryAfter?: string | null) {
  expect(res.status).toBe(429);
  expect(res.json).toEqual({ error: expect.objectContaining({ code: 'RATE_LIMITED' }) });
  if (retryAfter !== undefined) expect(Number(retryAfter)).toBeGreaterThan(0);
}

async function wechatBadSignature() {
  const w = wechat();
  const res = await fetch(
    `${s.url}/channels/wechat?${new URLSearchParams({ signature: 'bad', timestamp: w.timestamp(), nonce: '1' })}`,
    { method: 'POST', headers: { 'content-type': 'text/xml' }, body: wechatText() },
  );
  return { status: res.status, json: await res.json(), retryAfter: res.headers.get('retry-after') };
}

describe('WeChat', () => {
  test('an address with bad signatures is refused (429, Retry-After) once over the limit, then let in after the window', async () => {
    for (let i = 0; i < 3; i++) expect((await wechatBadSignature()).status).toBe(401);
    const refused = await wechatBadSignature();
    expect429(refused, refused.retryAfter);
    // The same address is refused even with a good signature until the window ends: it is the address that is out.
    expect((await wechat().postPlain(wechatText())).status).toBe(429);
    advance(600);
    const ok = await wechat().postPlain(wechatText());
    expect(ok.status).toBe(200);
  });

  test('over the channel ceiling a signed push gets a quick 200 "success" (no retry storm) and is not stored', async () => {
    const before = await wechatRowCount(s);
    for (let i = 0; i < 4; i++) expect((await wechat().postPlain(wechatText())).status).toBe(200);
    expect(await wechatRowCount(s)).toBe(before + 4);
    const over = await wechat().postPlain(wechatText());
    expect(over).toEqual(expect.objectContaining({ status: 200, text: 'success' }));
    expect(await wechatRowCount(s)).toBe(before + 4);
    advance(60);
    expect((await wechat().postPlain(wechatText())).status).toBe(200);
    expect(await wechatRowCount(s)).toBe(before + 5);
  });
});

describe('Weibo', () => {
  test('bad signatures trip the address limit; it resets after the window', async () => {
    const bad = () => postWeibo(s, weiboPush('5000000001'), { ...signedQuery({ at: now }), signature: 'x' });
    for (let i = 0; i < 3; i++) expect((await bad()).status).toBe(401);
    expect429(await bad());
    advance(600);
    const ok = await postWeibo(
      s,
      weiboPush('5000000001', { text: `重置后 ${randomUUID()}` }),
      signedQuery({ at: now }),
    );
    expect(ok.status).toBe(200);
  });

  test('over the channel ceiling a signed push gets an empty 200 (the platform does not retry) and is not stored', async () => {
    const before = await inbound('weibo');
    const push = (i: number) =>
      postWeibo(
        s,
        weiboPush(String(5000000100 + i), { text: `消息 ${randomUUID()}` }),
        signedQuery({ at: now }),
      );
    for (let i = 0; i < 4; i++) expect((await push(i)).status).toBe(200);
    const over = await push(9);
    expect(over.status).toBe(200);
    expect(over.text).toBe('');
    expect(await inbound('weibo')).toBe(before + 4);
    advance(60);
    expect((await push(10)).status).toBe(200);
    expect(await inbound('weibo')).toBe(before + 5);
  });
});

describe('CTI', () => {
  const event = () =>
    JSON.stringify({
      event_id: randomUUID(),
      call_id: `call-${randomUUID()}`,
      leg_id: 'a',
      seq: 1,
      occurred_at: now.toISOString(),
      type: 'call.ended',
      hangup_cause: 'NORMAL_CLEARING',
      duration_s: 60,
      billsec_s: 50,
    });

  test('bad signatures trip the address limit; it resets after the window', async () => {
    for (let i = 0; i < 3; i++)
      expect((await postCti(s, event(), { now, signature: 'sha256=00' })).status).toBe(401);
    expect429(await postCti(s, event(), { now, signature: 'sha256=00' }));
    advance(600);
    expect((await postCti(s, event(), { now })).status).not.toBe(429);
  });

  test('over the channel ceiling signed events get 429 with Retry-After (our middleware backs off), then pass again', async () => {
    const res = [];
    for (let i = 0; i < 5; i++) res.push(await signedCti(event()));
    expect(res.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect429(res[4]!, res[4]!.retryAfter);
    advance(60);
    expect((await postCti(s, event(), { now })).status).toBe(200);
  });
});

/** A signed CTI event, keeping the Retry-After header that postCti does not return. */
async function signedCti(body: string) {
  const ts = String(Math.floor(now.getTime() / 1000));
  const r = await fetch(`${s.url}/channels/cti/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hotline-timestamp': ts,
      'x-hotline-signature': signCtiBody(CTI_ENV.CTI_SHARED_SECRET, ts, body),
    },
    body,
  });
  return { status: r.status, json: (await r.json()) as unknown, retryAfter: r.headers.get('retry-after') };
}

describe('Open311', () => {
  const form = (key: string) => ({
    api_key: key,
    service_code: '0107',
    lat: '31.7790',
    long: '119.9740',
    description: `路灯不亮，夜间行人看不清台阶 ${randomUUID()}`,
  });
  const tickets = () => countOf(s, `select count(*) as n from tickets where channel = 'open311'`);

  test('bad API keys trip the address limit (429 in the spec format, Retry-After); it resets after the window', async () => {
    for (let i = 0; i < 3; i++) expect((await o311PostForm(s, 'json', form('wrong-key'))).status).toBe(403);
    const refused = await o311PostForm(s, 'json', form('wrong-key'));
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual([{ code: 429, description: expect.stringMatching(/Too many requests/) }]);
    advance(600);
    expect((await o311PostForm(s, 'json', form(OPEN311_KEY))).status).toBe(200);
  });

  test('each API key has its own ceiling; a request under it still creates its ticket', async () => {
    const before = await tickets();
    for (let i = 0; i < 3; i++) expect((await o311PostForm(s, 'json', form(OPEN311_KEY))).status).toBe(200);
    const over = await o311PostForm(s, 'xml', form(OPEN311_KEY));
    expect(over.status).toBe(429);
    expect(over.text).toMatch(/<code>429<\/code>/);
    // Another key is not held up by the first one's flood.
    expect((await o311PostForm(s, 'json', form(OPEN311_KEY_2))).status).toBe(200);
    expect(await tickets()).toBe(before + 4);
    advance(60);
    expect((await o311PostForm(s, 'json', form(OPEN311_KEY))).status).toBe(200);
  });

  test('public reads are limited per address and reset after the window', async () => {
    for (let i = 0; i < 5; i++) expect((await o311Get(s, 'services.json')).status).toBe(200);
    const over = await o311Get(s, 'services.json');
    expect(over.status).toBe(429);
    expect(over.json).toEqual([{ code: 429, description: expect.any(String) }]);
    advance(60);
    expect((await o311Get(s, 'discovery.json')).status).toBe(200);
  });
});

describe('Redis down', () => {
  test('the limits let signed traffic through rather than lose a message', async () => {
    const real = s.ctx.redis;
    // A connection that has given up (what ioredis reports while Redis is gone).
    const dead = { status: 'end' } as unknown as typeof real;
    s.ctx.redis = dead;
    try {
      const before = await wechatRowCount(s);
      expect((await wechat().postPlain(wechatText())).status).toBe(200);
      expect(await wechatRowCount(s)).toBe(before + 1);
    } finally {
      s.ctx.redis = real;
    }
  });
});
