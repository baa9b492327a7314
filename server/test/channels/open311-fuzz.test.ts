import { startTestServer, type TTestServer } from '../support/harness';
import { FUZZ_LIMITS, NASTY_STRINGS, prng as seeded, reportFuzz } from './fuzz-support';
import { countOf, o311PostRaw, OPEN311_ENV, OPEN311_KEY, parseXml, prng } from './open311.fixtures';

let s: TTestServer;

beforeAll(async () => {
  s = await startTestServer('open311_fuzz', { env: { ...OPEN311_ENV, ...FUZZ_LIMITS } });
});
afterAll(async () => {
  await s?.stop();
});

const VALID: Record<string, string> = {
  api_key: OPEN311_KEY,
  service_code: '0103',
  lat: '31.78',
  long: '119.95',
  address_string: '常州市天宁区 红梅公园东门',
  description: '垃圾桶满溢无人清运',
  phone: '13700000000',
};

/** One change that makes a valid request invalid, whatever else is in it. */
const BREAKERS: ((f: Record<string, string>, r: ReturnType<typeof prng>) => void)[] = [
  (f) => delete f.api_key,
  (f, r) => (f.api_key = r.pick(['', 'x', OPEN311_KEY + ' ', 'OPEN311-TEST-KEY-0001', '\u0000'])),
  (f) => delete f.service_code,
  (f, r) =>
    (f.service_code = r.pick(['9999', '1201', '1301', '01', '0103;drop', '../0103', '０１０３', ' '])),
  (f, r) => (f.lat = r.pick(['abc', '91', '-90.5', '1e2', 'NaN', 'Infinity', '31,78', '0x1F', '31.78.1'])),
  (f, r) => (f.long = r.pick(['180.01', '-181', 'east', '', '119.95°', '1'.repeat(50)])),
  (f) => {
    delete f.lat;
  },
  (f) => {
    delete f.lat;
    delete f.long;
    delete f.address_string;
  },
  (f, r) => (f.email = r.pick(['a@', '@b.cn', 'plain', 'a b@c.cn'])),
  (f, r) => (f.phone = r.pick(['call me', '12', '+86 abc', '1'.repeat(25)])),
  (f, r) => (f.media_url = r.pick(['ftp://x/y.jpg', 'javascript:alert(1)', 'not a url'])),
  (f, r) => (f.coord_system = r.pick(['bd09', 'GCJ', 'utm'])),
  (f, r) => (f['attribute[urgency]'] = r.pick(['critical', 'now', 'URGENT'])),
  (f, r) => (f['attribute[request_type]'] = r.pick(['report', 'x'])),
  (f) => (f.description = '长'.repeat(4001)),
  (f) => (f.first_name = 'n'.repeat(41)),
];

const NOISE = [
  'foo',
  'attribute[unknown]',
  'jurisdiction_id',
  'device_id',
  '__proto__',
  'constructor',
  'attribute',
];
const JUNK = [
  '',
  ' ',
  '%',
  '%%%',
  '&&&',
  '=',
  '\u0000',
  '<x>',
  '{"a":',
  '😀',
  '\uFFFD',
  "'; drop table tickets;--",
];

function form(f: Record<string, string>, r: ReturnType<typeof prng>): string {
  const parts = Object.entries(f).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  // Sometimes break the encoding itself around the fields (stray % and separators).
  if (r.next() < 0.3) parts.splice(r.int(parts.length + 1), 0, r.pick(JUNK));
  return parts.join('&');
}

function jsonBody(f: Record<string, string>, r: ReturnType<typeof prng>): string {
  const text = JSON.stringify(f);
  switch (r.int(6)) {
    case 0:
      return text.slice(0, r.int(text.length)); // truncated
    case 1:
      return JSON.stringify([f]);
    case 2:
      return JSON.stringify({
        ...f,
        [r.pick(Object.keys(f))]: r.pick([{}, [], [1, 2], { $gt: '' }, Number.MAX_VALUE, null]),
      });
    case 3:
      return JSON.stringify({ ...f, attribute: r.pick(['urgent', [1], { urgency: { x: 1 } }]) });
    case 4:
      return r.pick([
        'null',
        '42',
        '"text"',
        'true',
        '{',
        '[]',
        '{"a":{"b":{"c":[[[[]]]]}}}',
        `{"api_key":"${OPEN311_KEY}","service_code":"0103","lat":1e400,"long":119.9,"address_string":"x"}`,
      ]);
    default:
      return text;
  }
}

/** Case n: a valid request with one breaker applied, random noise fields, in a random encoding. */
function malformed(n: number): { body: string | Uint8Array; contentType: string | null } {
  const r = prng(0x311 + n);
  const f = { ...VALID };
  r.pick(BREAKERS)(f, r);
  for (let i = r.int(3); i > 0; i--) f[r.pick(NOISE)] = r.pick(JUNK);
  switch (r.int(8)) {
    case 0:
      return { body: jsonBody(f, r), contentType: 'application/json' };
    case 1:
      return {
        body: Uint8Array.from({ length: r.int(300) }, () => r.int(256)),
        contentType: r.pick([
          'application/x-www-form-urlencoded',
          'application/json',
          'application/octet-stream',
        ]),
      };
    case 2:
      return {
        body: form(f, r),
        contentType: r.pick(['text/plain', 'multipart/form-data; boundary=x', 'application/xml']),
      };
    case 3:
      return { body: form(f, r), contentType: null };
    default:
      return { body: form(f, r), contentType: 'application/x-www-form-urlencoded; charset=utf-8' };
  }
}

test('1,200 malformed POST bodies get the spec’s 4xx error documents, never a 5xx, and create nothing', async () => {
  const tickets = () => countOf(s, `select count(*) as n from tickets`);
  const inbound = () => countOf(s, `select count(*) as n from inbound_messages where channel = 'open311'`);
  const [ticketsBefore, inboundBefore] = [await tickets(), await inbound()];
  const statuses = new Map<number, number>();
  const CASES = 1200;
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < CASES; n = next++) {
      const { body, contentType } = malformed(n);
      const format = n % 2 ? 'xml' : 'json';
      const res = await o311PostRaw(s, format, body, contentType);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status >= 500)
        throw new Error(`case ${n} answered ${res.status}: ${res.text.slice(0, 200)}`);
      if (format === 'json')
        expect(res.json).toEqual([{ code: res.status, description: expect.any(String) }]);
      else expect(parseXml(res.text).tag).toBe('errors');
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  reportFuzz('open311 POST', {
    inputs: CASES,
    fiveXx: [...statuses].filter(([k]) => k >= 500).reduce((a, [, v]) => a + v, 0),
    stored: (await tickets()) - ticketsBefore + (await inbound()) - inboundBefore,
    share: 1200,
  });
  expect([...statuses.keys()].every((k) => [400, 403, 413].includes(k))).toBe(true);
  expect(statuses.get(400)).toBeGreaterThan(300);
  expect(statuses.get(403)).toBeGreaterThan(50);
  expect(await tickets()).toBe(ticketsBefore);
  expect(await inbound()).toBe(inboundBefore);
});

test('an oversized body is refused with 413 in the spec format and nothing is stored', async () => {
  const big = new URLSearchParams({ ...VALID, description: 'x'.repeat(70_000) }).toString();
  const res = await o311PostRaw(s, 'xml', big, 'application/x-www-form-urlencoded');
  expect(res.status).toBe(413);
  expect(parseXml(res.text).tag).toBe('errors');
  expect(await countOf(s, `select count(*) as n from inbound_messages where channel = 'open311'`)).toBe(0);
});

test('the unbroken request used as the fuzz seed is accepted (the cases fail for their breakage, not the base)', async () => {
  const res = await o311PostRaw(
    s,
    'json',
    new URLSearchParams(VALID).toString(),
    'application/x-www-form-urlencoded',
  );
  expect(res.status).toBe(200);
  expect(res.json[0].service_request_id).toMatch(/^\d{14}$/);
});

test('800 junk reads (paths, ids, filters) get the spec’s 4xx error documents or a list, never a 5xx', async () => {
  const r = seeded(0x0311);
  const ticketsBefore = await countOf(s, `select count(*) as n from tickets`);
  // Percent-encoded UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them).
  const junk = () =>
    [...Buffer.from(r.pick(NASTY_STRINGS).slice(0, 300))]
      .map((b) => `%${b.toString(16).padStart(2, '0')}`)
      .join('');
  const paths = [
    () => `requests/${junk()}.json`,
    () => `requests/${junk()}.xml`,
    () => `services/${junk()}.json`,
    () => `tokens/${junk()}.xml`,
    () =>
      `requests.json?${r.pick(['start_date', 'end_date', 'status', 'service_code', 'service_request_id'])}=${junk()}`,
    () => `requests.xml?status=open&status=closed&start_date=${junk()}&end_date=${junk()}`,
    () => `requests.${r.pick(['yaml', 'html', 'json/', '', '..', 'JSON'])}`,
    () =>
      `${r.pick(['../../etc/passwd', '..%2f..%2fapi/v1/users', '%00.json', 'discovery.xml/..', 'services.json%00'])}`,
    () => `services/0107.json?${junk()}=${junk()}`,
  ];
  const statuses = new Map<number, number>();
  let next = 0;
  const CASES = 800;
  const cases = Array.from({ length: CASES }, () => r.pick(paths)());
  const worker = async () => {
    for (let n = next++; n < CASES; n = next++) {
      const path = cases[n]!;
      const res = await fetch(`${s.url}/open311/v2/${path}`);
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const context = { case: n, path: path.slice(0, 120), status: res.status, text: text.slice(0, 160) };
      const ok =
        res.status < 500 &&
        (res.status === 200 ||
          /^\[\{"code":4\d\d,"description":/.test(text) ||
          /<errors>/.test(text) ||
          /"error":\{"code":"[A-Z_]+"/.test(text));
      expect({ ...context, ok }).toEqual({ ...context, ok: true });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  reportFuzz('open311 GET', {
    inputs: CASES,
    fiveXx: [...statuses].filter(([k]) => k >= 500).reduce((a, [, v]) => a + v, 0),
    stored: (await countOf(s, `select count(*) as n from tickets`)) - ticketsBefore,
    share: 800,
  });
  expect(statuses.get(404)).toBeGreaterThan(100);
});
