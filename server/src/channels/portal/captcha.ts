import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TPiiCipher } from '../../infra/crypto';
import { withRedis } from '../../infra/http/rate-limit';

export const CAPTCHA_TTL_SECONDS = 5 * 60;

type TCaptchaCtx = { redis: Redis; prefix: string; pii: TPiiCipher };

/** Where a captcha's answer hash lives (tests read it through this too). */
export function captchaKey(prefix: string, captchaId: string): string {
  return `${prefix}:portal:captcha:${captchaId}`;
}

/** Keyed hash of an answer, bound to its captcha: Redis never holds an answer in clear. */
export function hashCaptchaAnswer(pii: TPiiCipher, captchaId: string, answer: string): string {
  return pii.hash(`captcha:${captchaId}:${answer.trim()}`);
}

// Seven-segment strokes in a 20×32 cell; glyphs are drawn as paths, so the SVG has no text to scrape.
const SEG: Record<string, string> = {
  a: 'M2 2H18',
  b: 'M18 2V16',
  c: 'M18 16V30',
  d: 'M2 30H18',
  e: 'M2 16V30',
  f: 'M2 2V16',
  g: 'M2 16H18',
};
const DIGITS = ['abcdef', 'bc', 'abged', 'abgcd', 'fgbc', 'afgcd', 'afgedc', 'abc', 'abcdefg', 'abcdfg'];
const SYMBOLS: Record<string, string> = {
  '+': 'M10 8V24M3 16H17',
  '-': 'M3 16H17',
  '=': 'M3 12H17M3 20H17',
  '?': 'M4 8Q10 0 16 7Q17 13 10 17V22M10 27V30',
};
const COLORS = ['#1f4e8c', '#7a2e8c', '#8c3b1f', '#1f7a4d', '#333333'];

function glyphPath(ch: string): string {
  const digit = /\d/.test(ch) ? DIGITS[Number(ch)] : undefined;
  if (digit) return [...digit].map((s) => SEG[s]).join('');
  return SYMBOLS[ch] ?? '';
}

/** An arithmetic question ("23 + 8 = ?") drawn with jitter and noise lines. */
export function renderCaptchaSvg(question: string): string {
  const chars = [...question.replace(/\s+/g, '')];
  const width = chars.length * 26 + 24;
  const height = 48;
  const glyphs = chars.map((ch, i) => {
    const x = 12 + i * 26;
    const y = 6 + randomInt(0, 7);
    const rot = randomInt(-12, 13);
    const color = COLORS[randomInt(0, COLORS.length)];
    return `<path d="${glyphPath(ch)}" transform="translate(${x} ${y}) rotate(${rot} 10 16)" stroke="${color}" stroke-width="3" stroke-linecap="round" fill="none"/>`;
  });
  const noise = Array.from({ length: 5 }, () => {
    const [x1, y1, cx, cy, x2, y2] = [
      randomInt(0, Math.floor(width / 3)),
      randomInt(0, height),
      randomInt(0, width),
      randomInt(0, height),
      randomInt(Math.floor((2 * width) / 3), width),
      randomInt(0, height),
    ];
    return `<path d="M${x1} ${y1}Q${cx} ${cy} ${x2} ${y2}" stroke="${COLORS[randomInt(0, COLORS.length)]}" stroke-width="1" fill="none" opacity="0.6"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#f4f6f8"/>${noise.join('')}${glyphs.join('')}</svg>`;
}

function newQuestion(): { question: string; answer: string } {
  const a = randomInt(1, 50);
  const b = randomInt(1, 50);
  if (randomInt(0, 2) === 0) return { question: `${a}+${b}=?`, answer: String(a + b) };
  const [hi, lo] = a >= b ? [a, b] : [b, a];
  return { question: `${hi}-${lo}=?`, answer: String(hi - lo) };
}

/** Issues a captcha: its answer hash lives 5 minutes in Redis. Throws RedisUnavailableError. */
export async function issueCaptcha(ctx: TCaptchaCtx): Promise<{ captchaId: string; svg: string }> {
  const captchaId = randomUUID();
  const { question, answer } = newQuestion();
  const hash = hashCaptchaAnswer(ctx.pii, captchaId, answer);
  await withRedis(ctx, (r) => r.set(captchaKey(ctx.prefix, captchaId), hash, 'EX', CAPTCHA_TTL_SECONDS));
  return { captchaId, svg: renderCaptchaSvg(question) };
}

/** One use: the captcha is gone after any attempt, right or wrong. Throws RedisUnavailableError. */
export async function verifyCaptcha(ctx: TCaptchaCtx, captchaId: string, answer: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/.test(captchaId) || !/^\d{1,4}$/.test(answer.trim())) {
    // still burn it, so a wrong-format guess costs the captcha like any other wrong guess
    if (/^[0-9a-f-]{36}$/.test(captchaId))
      await withRedis(ctx, (r) => r.del(captchaKey(ctx.prefix, captchaId)));
    return false;
  }
  const stored = await withRedis(ctx, (r) => r.getdel(captchaKey(ctx.prefix, captchaId)));
  if (!stored) return false;
  const given = Buffer.from(hashCaptchaAnswer(ctx.pii, captchaId, answer), 'hex');
  const expected = Buffer.from(stored, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
