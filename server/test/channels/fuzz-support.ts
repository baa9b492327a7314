/**
 * Shared pieces of the fuzz files. Their shares of the ≥ 10,000 generated bad inputs (each file
 * asserts its own): portal 1,500 · WeChat 1,500 · Open311 2,000 · Weibo 1,600 · CTI 1,600 ·
 * login 2,000 = 10,200.
 */

/** The webhooks' and Open311's Redis limits set out of reach, so the fuzz meets the validation, not a 429. */
export const FUZZ_LIMITS = {
  RATE_CHANNEL_PER_MINUTE: '1000000',
  RATE_OPEN311_KEY_PER_MINUTE: '1000000',
  RATE_OPEN311_READ_IP_PER_MINUTE: '1000000',
  RATE_BAD_AUTH_IP_PER_10_MIN: '1000000',
};

/** mulberry32: seeded, so a failing input is replayed from the seed and its index. */
export function prng(seed: number) {
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
export type TRand = ReturnType<typeof prng>;

/** Strings that have broken parsers, queries and file paths elsewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u0000\u0001\u001f',
  "' OR 1=1 --",
  "'; DROP TABLE tickets; --",
  '" UNION SELECT password FROM users --',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  '%',
  '\\x00',
  '__proto__',
  'constructor',
  '{"__proto__":{"admin":true}}',
  '<script>alert(1)</script>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '\uFEFF\u202E\u200B\u200D',
  '\uD800',
  '\uDFFF\uD800',
  '𠜎𠜱𠝹𠱓',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
  '１２３４５６７８９０１',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9'.repeat(400),
  'x'.repeat(70_000),
];

/** A value of the wrong type (or a nasty string). */
export function junkValue(r: TRand): unknown {
  switch (r.int(10)) {
    case 0:
      return null;
    case 1:
      return r.pick([true, false]);
    case 2:
      return r.pick([0, -1, 1.5, 2 ** 53 + 1, -1e308, 1e308]);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return [r.pick(NASTY_STRINGS)];
    case 6:
      return { $gt: '', __proto__: { polluted: 1 } };
    case 7:
      return JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}');
    default:
      return r.pick(NASTY_STRINGS);
  }
}

/** Random bytes, often not UTF-8. */
export function randomBytes(r: TRand, max = 300): Buffer {
  return Buffer.from(Array.from({ length: 1 + r.int(max) }, () => r.int(256)));
}

/** The line each fuzz file prints, and the check that it ran its share. */
export function reportFuzz(
  name: string,
  t: { inputs: number; fiveXx: number; stored: number; share: number; note?: string },
) {
  // eslint-disable-next-line no-console -- the figure the README quotes
  console.log(
    `fuzz: ${name} ${t.inputs} inputs, ${t.fiveXx} 5xx, ${t.stored} stored${t.note ? ` (${t.note})` : ''}`,
  );
  expect(t.inputs).toBeGreaterThanOrEqual(t.share);
  expect({ name, fiveXx: t.fiveXx, stored: t.stored }).toEqual({ name, fiveXx: 0, stored: 0 });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
