import { startTestServer, type TTestServer } from '../support/harness';
import { reportFuzz } from './fuzz-support';
import {
  getPortal,
  JPEG_B64,
  PNG_B64,
  postPortal,
  storedCounts,
  TEXT_B64,
  validBody,
} from './portal.fixtures';

let s: TTestServer;
beforeAll(async () => {
  // Captcha off: nothing but the request itself stands between a body and a ticket.
  s = await startTestServer('portal_fuzz', { env: { PORTAL_CAPTCHA: 'false' } });
});
afterAll(async () => s?.stop());

/** Seeded, so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK: unknown[] = [
  null,
  true,
  0,
  -1,
  Number.MAX_VALUE * 10,
  '',
  ' ',
  'zz',
  [],
  {},
  [1, 2],
  { $gt: '' },
  '\u0000',
  'x'.repeat(5000),
];

type TCase = { body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> };

/** Every case is invalid by construction: one thing (at least) is wrong with an otherwise good request. */
function malformed(rand: () => number): TCase {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const good = validBody();
  const json = JSON.stringify(good);
  switch (Math.floor(rand() * 11)) {
    case 0:
      return { raw: json.slice(0, Math.floor(rand() * (json.length - 1))) };
    case 1:
      return {
        raw: Buffer.from(
          Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)),
        ).toString('latin1'),
      };
    case 2:
      return { body: pick([null, 42, 'text', [good], true]) };
    case 3: {
      const field = pick(['type', 'description', 'address', 'phone']);
      const { [field]: _dropped, ...rest } = good;
      return { body: rest };
    }
    case 4: {
      const field = pick([
        'line',
        'type',
        'description',
        'address',
        'phone',
        'categoryId',
        'title',
        'name',
        'images',
      ]);
      let value = pick(JUNK);
      // a few junk values are valid for lenient fields: make them wrong for every field
      if (typeof value === 'string' && ['title', 'name'].includes(field)) value = 'x'.repeat(5000);
      if (Array.isArray(value) && value.length === 0 && field === 'images') value = [1];
      return { body: { ...good, [field]: value } };
    }
    case 5:
      return { body: { ...good, description: pick(['太短', 'x'.repeat(2001), '         ']) } };
    case 6: {
      const bad = pick([
        [{ filename: 'a.png', dataBase64: TEXT_B64 }],
        [{ filename: 'a.png', dataBase64: '!!!not-base64!!!' }],
        [{ filename: 'a.png', dataBase64: PNG_B64.slice(0, 10) }],
        [{ filename: '', dataBase64: PNG_B64 }],
        [{ filename: 'a.png' }],
        [{ dataBase64: JPEG_B64 }],
        Array.from({ length: 6 }, () => ({ filename: 'a.png', dataBase64: PNG_B64 })),
        [
          { filename: 'ok.jpg', dataBase64: JPEG_B64 },
          { filename: 'b.gif', dataBase64: Buffer.from('GIF8').toString('base64') },
        ],
      ]);
      return { body: { ...good, images: bad } };
    }
    case 7:
      return {
        body: good,
        headers: { 'idempotency-key': pick(['short', 'has space in it', 'x'.repeat(81), '../../etc']) },
      };
    case 8:
      return {
        raw: json,
        contentType: pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
        ]),
      };
    case 9:
      return { body: good, headers: { 'x-requested-with': pick(['', 'XMLHttpRequest']) } };
    default:
      return {
        body: {
          ...good,
          phone: pick(['abc', '1', '+86 138 0000 0000', '138'.repeat(10)]),
          __proto__: { admin: true },
        },
      };
  }
}

test('1,200 malformed submissions get a 4xx, never a 5xx, and store nothing', async () => {
  const rand = prng(12345);
  const cases = Array.from({ length: 1200 }, () => malformed(rand));
  const before = await storedCounts(s);
  const statuses = new Map<number, number>();
  for (let i = 0; i < cases.length; i += 25) {
    const batch = await Promise.all(
      cases.slice(i, i + 25).map(async (c, j) => {
        const res = await postPortal(s, c.body, c);
        return { i: i + j, c, res };
      }),
    );
    for (const { i: n, c, res } of batch) {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status >= 500)
        throw new Error(`case ${n} got ${res.status}: ${JSON.stringify(c).slice(0, 300)}`);
      expect(res.json?.error?.code).toEqual(expect.any(String));
    }
  }
  expect(await storedCounts(s)).toEqual(before);
  reportFuzz('portal submit', { inputs: cases.length, fiveXx: 0, stored: 0, share: 1200 });
  expect([...statuses.keys()].sort()).toEqual([400, 403, 413].filter((k) => statuses.has(k)));
  expect(statuses.get(400)).toBeGreaterThan(900);
});

test('300 malformed tracking queries get a 4xx, never a 5xx', async () => {
  const rand = prng(777);
  const values = [
    '',
    'abc',
    '1'.repeat(100),
    '%00',
    '20990101000001',
    '12345',
    '123456',
    "' or 1=1 --",
    '１２３４５６',
  ];
  for (let i = 0; i < 300; i++) {
    const no = values[Math.floor(rand() * values.length)]!;
    const code = values[Math.floor(rand() * values.length)]!;
    const qs =
      rand() < 0.2
        ? `trackingNo=${encodeURIComponent(no)}`
        : `trackingNo=${encodeURIComponent(no)}&queryCode=${encodeURIComponent(code)}&trackingNo=2`;
    const res = await getPortal(s, `/track?${qs}`);
    expect([400, 404]).toContain(res.status);
  }
  reportFuzz('portal track', { inputs: 300, fiveXx: 0, stored: 0, share: 300 });
});
