import { randomUUID } from 'node:crypto';
import { captchaKey, CAPTCHA_TTL_SECONDS, hashCaptchaAnswer } from '../../src/channels/portal/captcha';
import { startTestServer, type TTestServer } from '../support/harness';
import { getPortal, nextIp, nextPhone, postPortal, storedCounts, track, validBody } from './portal.fixtures';

let s: TTestServer;
beforeAll(async () => {
  s = await startTestServer('portal_guard');
});
afterAll(async () => s?.stop());

/** Gets a captcha over HTTP and finds its answer the only way a test can: against the hash in Redis. */
async function solvedCaptcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
  const res = await getPortal(s, '/captcha');
  expect(res.status).toBe(200);
  const { captchaId } = res.json;
  const stored = await s.ctx.redis.get(captchaKey(s.prefix, captchaId));
  for (let n = 0; n < 100; n++) {
    if (hashCaptchaAnswer(s.ctx.pii, captchaId, String(n)) === stored)
      return { captchaId, captchaAnswer: String(n) };
  }
  throw new Error('no answer between 0 and 99 matches the stored hash');
}

describe('the captcha on submit', () => {
  test('is an SVG without readable text whose answer is kept hashed for five minutes', async () => {
    const res = await getPortal(s, '/captcha');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toEqual({
      captchaId: expect.any(String),
      svg: expect.stringMatching(/^<svg /),
      enabled: true,
    });
    expect(res.json.svg).not.toMatch(/<text/);
    const key = captchaKey(s.prefix, res.json.captchaId);
    const ttl = await s.ctx.redis.ttl(key);
    expect(ttl).toBeGreaterThan(CAPTCHA_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(CAPTCHA_TTL_SECONDS);
    expect(await s.ctx.redis.get(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a missing or wrong answer is a 400 and burns the captcha; the right answer works once', async () => {
    const before = await storedCounts(s);
    expect((await postPortal(s, validBody())).json.error.details.fields.captchaAnswer).toEqual(['required']);
    const c = await solvedCaptcha();
    const wrong = String((Number(c.captchaAnswer) + 1) % 100);
    const refused = await postPortal(s, validBody({ ...c, captchaAnswer: wrong }));
    expect(refused.status).toBe(400);
    expect(refused.json.error.details.fields.captchaAnswer).toEqual(['wrong or expired']);
    // burnt by the wrong guess: the right answer no longer helps
    expect((await postPortal(s, validBody(c))).status).toBe(400);
    expect(await storedCounts(s)).toEqual(before);

    const fresh = await solvedCaptcha();
    expect((await postPortal(s, validBody(fresh))).status).toBe(201);
    expect((await postPortal(s, validBody(fresh))).status).toBe(400);
    expect((await postPortal(s, validBody({ captchaId: randomUUID(), captchaAnswer: '1' }))).status).toBe(
      400,
    );
  });
});

describe('rate limits', () => {
  test('a sixth submission from one address within ten minutes is a 429 with Retry-After', async () => {
    const ip = nextIp();
    for (let i = 0; i < 5; i++) {
      expect((await postPortal(s, validBody(await solvedCaptcha()), { ip })).status).toBe(201);
    }
    const before = await storedCounts(s);
    const res = await postPortal(s, validBody(await solvedCaptcha()), { ip });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await storedCounts(s)).toEqual(before);
    // another address is not affected
    expect((await postPortal(s, validBody(await solvedCaptcha()))).status).toBe(201);
  });

  test('a fourth submission with one phone number within an hour is a 429, from any address', async () => {
    const phone = nextPhone();
    for (let i = 0; i < 3; i++) {
      expect((await postPortal(s, validBody({ phone, ...(await solvedCaptcha()) }))).status).toBe(201);
    }
    const res = await postPortal(s, validBody({ phone: ` ${phone} `, ...(await solvedCaptcha()) }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
  });
});

describe('with Redis down', () => {
  test('submissions are refused with a clear 503 while the captcha is on, and tracking still works', async () => {
    const sub = await postPortal(s, validBody(await solvedCaptcha()));
    expect(sub.status).toBe(201);
    const before = await storedCounts(s);
    s.ctx.redis.disconnect();
    try {
      const captcha = await getPortal(s, '/captcha');
      expect(captcha.status).toBe(503);
      const res = await postPortal(s, validBody({ captchaId: randomUUID(), captchaAnswer: '12' }));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(res.json.error).toEqual(expect.objectContaining({ message: '暂时无法验证，请稍后再试' }));
      expect(await storedCounts(s)).toEqual(before);

      const tracked = await track(s, sub.json.trackingNo, sub.json.queryCode);
      expect(tracked.status).toBe(200);
      expect(tracked.json.status).toBe('registered');

      // With the captcha turned off there is nothing to verify: the request is taken, unthrottled.
      s.ctx.config.PORTAL_CAPTCHA = false;
      const accepted = await postPortal(s, validBody());
      expect(accepted.status).toBe(201);
      expect((await track(s, accepted.json.trackingNo, accepted.json.queryCode)).status).toBe(200);
    } finally {
      s.ctx.config.PORTAL_CAPTCHA = true;
      await s.ctx.redis.connect();
    }
    expect((await getPortal(s, '/captcha')).status).toBe(200);
  });
});
