import { createHash } from 'node:crypto';
import { gcj02ToWgs84 } from '../../src/channels/open311/gcj02';
import { startTestServer, type TTestServer } from '../support/harness';
import {
  countOf,
  fields,
  o311Get,
  o311PostForm,
  o311PostRaw,
  OPEN311_ENV,
  OPEN311_KEY,
  OPEN311_KEY_2,
  parseXml,
  type TResponse,
} from './open311.fixtures';

let s: TTestServer;

beforeAll(async () => {
  s = await startTestServer('open311', { env: OPEN311_ENV });
});
afterAll(async () => {
  await s?.stop();
});

const PHONE = '13912345678';
const BASE = {
  api_key: OPEN311_KEY,
  service_code: '0107',
  lat: '31.7790',
  long: '119.9740',
  address_string: '常州市天宁区延陵东路 天宁寺南门',
  description: '路灯不亮，夜间行人看不清台阶',
  email: 'li@example.com',
  first_name: '明',
  last_name: '李',
  phone: PHONE,
};

const tickets = () => countOf(s, `select count(*) as n from tickets where channel = 'open311'`);

function expectJsonError(res: TResponse, status: number, description: RegExp) {
  expect(res.status).toBe(status);
  expect(res.contentType).toMatch(/^application\/json/);
  expect(res.json).toEqual([{ code: status, description: expect.stringMatching(description) }]);
}
function expectXmlError(res: TResponse, status: number, description: RegExp) {
  expect(res.status).toBe(status);
  expect(res.contentType).toMatch(/^text\/xml/);
  const doc = parseXml(res.text);
  expect(doc.tag).toBe('errors');
  expect(doc.children).toHaveLength(1);
  const e = fields(doc.children[0]!);
  expect(e.code).toBe(String(status));
  expect(e.description).toMatch(description);
}

async function submit(extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const res = await o311PostForm(s, 'json', { ...BASE, ...extra }, headers);
  if (res.status !== 200) throw new Error(`POST failed ${res.status} ${res.text}`);
  return res.json[0].service_request_id as string;
}

describe('discovery and services', () => {
  test('discovery lists the GeoReport v2 endpoint in both formats', async () => {
    const json = await o311Get(s, 'discovery.json');
    expect(json.status).toBe(200);
    expect(json.json.endpoints).toEqual([
      expect.objectContaining({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${s.url}/open311/v2`,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      }),
    ]);
    const xml = await o311Get(s, 'discovery.xml');
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    const doc = parseXml(xml.text);
    expect(doc.tag).toBe('discovery');
    const endpoint = (fields(doc).endpoints as ReturnType<typeof parseXml>).children[0]!;
    expect(endpoint.tag).toBe('endpoint');
    expect(fields(endpoint).specification).toBe('http://wiki.open311.org/GeoReport_v2');
    const formats = fields(endpoint).formats as ReturnType<typeof parseXml>;
    expect(formats.children.map((f) => [f.tag, f.text])).toEqual([
      ['format', 'application/json'],
      ['format', 'text/xml'],
    ]);
  });

  test('the service list is the leaf categories, without discipline reports and polling, the same in JSON and XML', async () => {
    const json = await o311Get(s, 'services.json');
    expect(json.status).toBe(200);
    const lamp = json.json.find((x: { service_code: string }) => x.service_code === '0107');
    expect(lamp).toEqual({
      service_code: '0107',
      service_name: '市政设施与路灯',
      description: '城市管理 · 市政设施与路灯',
      metadata: true,
      type: 'realtime',
      keywords: '城市管理, 市政设施, 路灯',
      group: '城市管理',
    });
    const codes: string[] = json.json.map((x: { service_code: string }) => x.service_code);
    expect(codes.some((c) => c.startsWith('12') || c.startsWith('13'))).toBe(false);
    expect(codes.every((c) => /^\d{4}$/.test(c))).toBe(true);

    const doc = parseXml((await o311Get(s, 'services.xml')).text);
    expect(doc.tag).toBe('services');
    expect(doc.children.map((c) => c.tag)).toEqual(codes.map(() => 'service'));
    const xmlLamp = doc.children.map(fields).find((f) => f.service_code === '0107');
    expect(xmlLamp).toEqual({ ...lamp, metadata: 'true' });
  });

  test('a service definition lists its attributes; an unknown service is 404 in the spec format', async () => {
    const json = await o311Get(s, 'services/0107.json');
    expect(json.status).toBe(200);
    expect(json.json.service_code).toBe('0107');
    expect(json.json.attributes.map((a: { code: string }) => a.code)).toEqual(['urgency', 'request_type']);
    expect(json.json.attributes[0]).toEqual({
      variable: true,
      code: 'urgency',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 1,
      description: expect.any(String),
      values: [
        { key: 'normal', name: expect.any(String) },
        { key: 'urgent', name: expect.any(String) },
      ],
    });
    const doc = parseXml((await o311Get(s, 'services/0107.xml')).text);
    expect(doc.tag).toBe('service_definition');
    const attrs = fields(doc).attributes as ReturnType<typeof parseXml>;
    expect(attrs.children.map((a) => fields(a).code)).toEqual(['urgency', 'request_type']);
    const values = fields(attrs.children[0]!).values as ReturnType<typeof parseXml>;
    expect(values.children.map((v) => [v.tag, fields(v).key])).toEqual([
      ['value', 'normal'],
      ['value', 'urgent'],
    ]);

    expectJsonError(await o311Get(s, 'services/9999.json'), 404, /9999.*not found/);
    expectXmlError(await o311Get(s, 'services/1201.xml'), 404, /not found/);
    expectJsonError(await o311Get(s, 'services.csv'), 404, /format/);
  });
});

describe('POST requests', () => {
  test('a form-encoded request becomes a registered open311 ticket with the citizen stored encrypted', async () => {
    const before = await tickets();
    const res = await o311PostForm(s, 'xml', { ...BASE, 'attribute[urgency]': 'urgent' });
    expect(res.status).toBe(200);
    const doc = parseXml(res.text);
    expect(doc.tag).toBe('service_requests');
    const r = fields(doc.children[0]!);
    expect(r.service_request_id).toMatch(/^\d{14}$/);
    expect(r.service_notice).toMatch(/12345/);
    expect(r.token).toBeUndefined();
    expect(await tickets()).toBe(before + 1);

    const row = await s.ctx.pool.query(
      `select t.*, c.code as category_code, ci.phone_enc, ci.phone_masked, ci.name_enc, tc.open311_token, im.body, im.status as inbound_status
       from tickets t join categories c on c.id = t.category_id join citizens ci on ci.id = t.citizen_id
       join tracking_codes tc on tc.ticket_id = t.id join inbound_messages im on im.ticket_id = t.id
       where t.no = $1`,
      [r.service_request_id],
    );
    const t = row.rows[0];
    expect(t).toMatchObject({
      channel: 'open311',
      line: '12345',
      status: 'registered',
      // 城市管理 services default to complaints (no request_type attribute was sent).
      type: 'complaint',
      urgency: 'urgent',
      category_code: '0107',
      address: BASE.address_string,
      latitude: 31.779,
      longitude: 119.974,
      phone_masked: '139****5678',
      inbound_status: 'processed',
    });
    expect(t.title).toBe('市政设施与路灯：路灯不亮，夜间行人看不清台阶');
    expect(s.ctx.pii.decrypt(t.phone_enc)).toBe(PHONE);
    expect(s.ctx.pii.decrypt(t.name_enc)).toBe('李明');
    expect(t.open311_token).toMatch(/^[0-9a-f-]{36}$/);
    // The stored raw request is encrypted: no phone, email or API key in clear.
    for (const secret of [PHONE, 'li@example.com', OPEN311_KEY]) expect(t.body).not.toContain(secret);
    const stored = JSON.parse(s.ctx.pii.decrypt(t.body));
    expect(stored.submission).toMatchObject({ email: 'li@example.com', phone: PHONE, serviceCode: '0107' });
  });

  test('a JSON request with attributes sets the type and urgency, and answers in JSON', async () => {
    const res = await o311PostRaw(
      s,
      'json',
      JSON.stringify({
        api_key: OPEN311_KEY_2,
        service_code: '0302',
        address_string: '常州市武进区 某商场三楼',
        description: '购买的电饭煲三天就坏了，商家拒绝退换',
        attribute: { request_type: 'complaint', urgency: 'normal' },
        account_id: 'acct-77',
      }),
      'application/json',
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      {
        service_request_id: expect.stringMatching(/^\d{14}$/),
        service_notice: expect.any(String),
        account_id: 'acct-77',
      },
    ]);
    const t = await s.ctx.pool.query(
      `select type, urgency, citizen_id, latitude from tickets where no = $1`,
      [res.json[0].service_request_id],
    );
    expect(t.rows[0]).toEqual({ type: 'complaint', urgency: 'normal', citizen_id: null, latitude: null });
  });

  test('an API key issued in api_keys is accepted; an inactive one, a wrong one or none is 403', async () => {
    const issued = 'issued-by-admin-key-123';
    const retired = 'retired-key-456';
    const sha = (k: string) => createHash('sha256').update(k).digest('hex');
    await s.ctx.pool.query(
      `insert into api_keys (name, key_hash, scope, active) values ('城市App', $1, 'open311', true), ('old', $2, 'open311', false)`,
      [sha(issued), sha(retired)],
    );
    expect((await o311PostForm(s, 'json', { ...BASE, api_key: issued })).status).toBe(200);

    const before = await tickets();
    expectJsonError(await o311PostForm(s, 'json', { ...BASE, api_key: retired }), 403, /api_key/);
    expectXmlError(await o311PostForm(s, 'xml', { ...BASE, api_key: 'nope' }), 403, /api_key/);
    const { api_key: _dropped, ...noKey } = BASE;
    expectJsonError(await o311PostForm(s, 'json', noKey), 403, /api_key/);
    expect(await tickets()).toBe(before);
  });

  test.each([
    ['an unknown service_code', { service_code: '9999' }, /service_code 9999 was not found/],
    ['a discipline-report service', { service_code: '1201' }, /not found/],
    ['no service_code', { service_code: '' }, /service_code was not provided/],
    ['no location at all', { lat: '', long: '', address_string: '' }, /location is required/],
    ['lat without long', { long: '' }, /together/],
    ['a latitude out of range', { lat: '91.5' }, /lat/],
    ['a longitude that is not a number', { long: '119,97' }, /long/],
    ['a bad attribute value', { 'attribute[urgency]': 'whenever' }, /attribute\[urgency\]/],
    ['an unknown coord_system', { coord_system: 'bd09' }, /coord_system/],
    ['a phone that is not a number', { phone: 'call me' }, /phone/],
    ['a bad email', { email: 'not-an-email' }, /email/],
  ])('%s is a 400 and creates nothing', async (_what, extra, message) => {
    const before = await tickets();
    const inbound = await countOf(s, `select count(*) as n from inbound_messages where channel = 'open311'`);
    expectJsonError(await o311PostForm(s, 'json', { ...BASE, ...extra }), 400, message);
    expectXmlError(await o311PostForm(s, 'xml', { ...BASE, ...extra }), 400, message);
    expect(await tickets()).toBe(before);
    expect(await countOf(s, `select count(*) as n from inbound_messages where channel = 'open311'`)).toBe(
      inbound,
    );
  });

  test('the same request retried with one Idempotency-Key, in sequence and concurrently, is one ticket', async () => {
    const before = await tickets();
    const headers = { 'idempotency-key': 'client-req-000123' };
    const first = await o311PostForm(s, 'json', BASE, headers);
    const again = await Promise.all([1, 2, 3, 4].map(() => o311PostForm(s, 'json', BASE, headers)));
    const ids = [first, ...again].map((r) => r.json[0].service_request_id);
    expect(new Set(ids).size).toBe(1);
    expect(await tickets()).toBe(before + 1);
    // Another API client using the same key string gets its own request.
    const other = await o311PostForm(s, 'json', { ...BASE, api_key: OPEN311_KEY_2 }, headers);
    expect(other.json[0].service_request_id).not.toBe(ids[0]);
    expect(await tickets()).toBe(before + 2);
  });

  test('lat/long marked as GCJ-02 are stored and published as WGS84', async () => {
    const gcj = { lat: 31.77769, lng: 119.98302 };
    const id = await submit({ lat: String(gcj.lat), long: String(gcj.lng), coord_system: 'gcj02' });
    const expected = gcj02ToWgs84(gcj);
    const t = await s.ctx.pool.query(`select latitude, longitude from tickets where no = $1`, [id]);
    expect(t.rows[0].latitude).toBeCloseTo(expected.lat, 9);
    expect(t.rows[0].longitude).toBeCloseTo(expected.lng, 9);
    expect(Math.abs(t.rows[0].longitude - gcj.lng)).toBeGreaterThan(0.003);
    const out = (await o311Get(s, `requests/${id}.json`)).json[0];
    expect(out.lat).toBeCloseTo(expected.lat, 9);
    expect(out.long).toBeCloseTo(expected.lng, 9);
  });

  test('with Redis disconnected a request is still accepted and gets its ticket', async () => {
    s.ctx.redis.disconnect();
    try {
      await expect(s.ctx.redis.ping()).rejects.toThrow();
      const id = await submit({ description: 'Redis 断开时提交的诉求' });
      expect(id).toMatch(/^\d{14}$/);
    } finally {
      await s.ctx.redis.connect();
    }
  });
});
