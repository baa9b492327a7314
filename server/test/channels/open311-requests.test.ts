import type { TRunningWorkers } from '../../../workers/src/index';
import { startTestWorkers, waitUntil } from '../../../workers/test/support/worker-harness';
import { act, signInCast, type TCast } from '../support/drive';
import { startTestServer, type TTestServer } from '../support/harness';
import { fields, o311Get, o311PostForm, OPEN311_ENV, OPEN311_KEY, parseXml } from './open311.fixtures';

let s: TTestServer;
let cast: TCast;
let w: TRunningWorkers | undefined;

beforeAll(async () => {
  s = await startTestServer('open311_requests', { env: OPEN311_ENV });
  cast = await signInCast(s);
});
afterAll(async () => {
  await w?.close();
  await s?.stop();
});

const PHONE = '13800001111';
async function submit(extra: Record<string, string> = {}): Promise<string> {
  const res = await o311PostForm(s, 'json', {
    api_key: OPEN311_KEY,
    service_code: '0107',
    address_string: '常州市钟楼区 南大街 12号',
    lat: '31.7771',
    long: '119.9502',
    description: '路灯杆倾斜，有倒塌危险',
    first_name: '芳',
    last_name: '张',
    phone: PHONE,
    email: 'zhang@example.com',
    media_url: 'https://img.example.com/p/1.jpg',
    ...extra,
  });
  if (res.status !== 200) throw new Error(`POST failed ${res.status} ${res.text}`);
  return res.json[0].service_request_id;
}
const ticketIdOf = async (no: string) =>
  (await s.ctx.pool.query<{ id: string }>(`select id from tickets where no = $1`, [no])).rows[0]!.id;
const ZONED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

test('a request is published with the spec fields in JSON and XML and without the citizen’s data', async () => {
  const id = await submit();
  const json = await o311Get(s, `requests/${id}.json`);
  expect(json.status).toBe(200);
  expect(json.json).toEqual([
    {
      service_request_id: id,
      status: 'open',
      status_notes: '已受理，等待派单',
      service_name: '市政设施与路灯',
      service_code: '0107',
      description: expect.stringContaining('路灯杆倾斜，有倒塌危险'),
      agency_responsible: null,
      service_notice: expect.any(String),
      requested_datetime: expect.stringMatching(ZONED),
      updated_datetime: expect.stringMatching(ZONED),
      expected_datetime: null,
      address: '常州市钟楼区 南大街 12号',
      address_id: null,
      zipcode: null,
      lat: 31.7771,
      long: 119.9502,
      media_url: 'https://img.example.com/p/1.jpg',
    },
  ]);
  const xml = await o311Get(s, `requests/${id}.xml`);
  const doc = parseXml(xml.text);
  expect(doc.tag).toBe('service_requests');
  expect(fields(doc.children[0]!)).toEqual({
    ...json.json[0],
    lat: '31.7771',
    long: '119.9502',
    agency_responsible: null,
    expected_datetime: null,
  });
  for (const text of [json.text, xml.text, (await o311Get(s, 'requests.json')).text])
    for (const secret of [PHONE, '139****', '张', 'zhang@example.com']) expect(text).not.toContain(secret);
});

test('unknown ids and tokens are 404 in the spec format', async () => {
  const res = await o311Get(s, 'requests/20990101000001.json');
  expect(res.status).toBe(404);
  expect(res.json).toEqual([{ code: 404, description: expect.stringMatching(/not found/) }]);
  const xml = await o311Get(s, 'tokens/00000000-0000-0000-0000-000000000000.xml');
  expect(xml.status).toBe(404);
  expect(fields(parseXml(xml.text).children[0]!).code).toBe('404');
  expect((await o311Get(s, 'nothing-here.json')).status).toBe(404);
});

test('tickets from other channels and confidential ones are never published', async () => {
  const phoneTicket = await cast.agent.post('/tickets', {
    type: 'complaint',
    title: '电话工单',
    description: '王先生 13912345678 反映噪声扰民',
  });
  expect(phoneTicket.status).toBe(201);
  const no = phoneTicket.body.ticket.no;
  expect((await o311Get(s, `requests/${no}.json`)).status).toBe(404);
  const all = await o311Get(s, `requests.json?service_request_id=${no}`);
  expect(all.json).toEqual([]);

  const secret = await submit({ description: '后来被标为保密的诉求' });
  await s.ctx.pool.query(`update tickets set confidential = true where no = $1`, [secret]);
  expect((await o311Get(s, `requests/${secret}.xml`)).status).toBe(404);
  expect((await o311Get(s, 'requests.json')).text).not.toContain(secret);
});

test('filters: ids, service_code, status, dates; the default window is the last 90 days', async () => {
  const lamp = await submit();
  const food = await submit({ service_code: '0301', description: '餐馆后厨卫生差' });
  const old = await submit({ description: '很久以前的诉求' });
  await s.ctx.pool.query(`update tickets set created_at = now() - interval '120 days' where no = $1`, [old]);

  const ids = (r: { json: { service_request_id: string }[] }) => r.json.map((x) => x.service_request_id);
  const byIds = await o311Get(s, `requests.json?service_request_id=${lamp},${old},nope&status=closed`);
  expect(ids(byIds).sort()).toEqual([lamp, old].sort()); // other filters are ignored with ids

  const recent = ids(await o311Get(s, 'requests.json'));
  expect(recent).toEqual(expect.arrayContaining([lamp, food]));
  expect(recent).not.toContain(old);

  const food311 = ids(await o311Get(s, 'requests.json?service_code=0301'));
  expect(food311).toEqual([food]);
  expect(ids(await o311Get(s, 'requests.json?service_code=0301,0107')).length).toBeGreaterThanOrEqual(3);

  expect(ids(await o311Get(s, 'requests.json?status=closed'))).toEqual([]);
  expect(ids(await o311Get(s, 'requests.json?status=open,closed'))).toEqual(recent);

  const start = new Date(Date.now() - 200 * 86_400_000).toISOString();
  const end = new Date(Date.now() - 100 * 86_400_000).toISOString();
  expect(ids(await o311Get(s, `requests.json?start_date=${start}&end_date=${end}`))).toEqual([old]);
  const future = encodeURIComponent('2099-01-01T00:00:00+08:00');
  expect(ids(await o311Get(s, `requests.json?start_date=${future}`))).toEqual([]);

  const xml = parseXml((await o311Get(s, 'requests.xml?service_code=0301')).text);
  expect(xml.children.map((c) => fields(c).service_request_id)).toEqual([food]);

  for (const bad of [
    'status=pending',
    'start_date=yesterday',
    'end_date=2024-01-01',
    `start_date=${end}&end_date=${start}`,
  ]) {
    const res = await o311Get(s, `requests.json?${bad}`);
    expect(res.status).toBe(400);
    expect(res.json[0].code).toBe(400);
  }
});

test('the request turns closed with the approved reply as its notes once the ticket is handled and closed', async () => {
  const no = await submit();
  const id = await ticketIdOf(no);
  await act(cast, id, 'dispatch').then((r) => expect(r.status).toBe(200));
  let out = (await o311Get(s, `requests/${no}.json`)).json[0];
  expect(out).toMatchObject({
    status: 'open',
    agency_responsible: '市城管局',
    expected_datetime: expect.stringMatching(ZONED),
  });
  const due = await s.ctx.pool.query(
    `select due_at from ticket_deadlines where ticket_id = $1 and kind = 'reply' and status = 'active'`,
    [id],
  );
  // The spec's datetimes carry whole seconds.
  const dueSeconds = Math.floor(new Date(due.rows[0].due_at).getTime() / 1000) * 1000;
  expect(new Date(out.expected_datetime).getTime()).toBe(dueSeconds);

  for (const action of ['sign', 'reply', 'approve-reply'] as const)
    expect((await act(cast, id, action)).status).toBe(200);
  out = (await o311Get(s, `requests/${no}.json`)).json[0];
  expect(out).toMatchObject({ status: 'closed', status_notes: '已安排人员补装井盖' });

  for (const action of ['callback', 'close'] as const) expect((await act(cast, id, action)).status).toBe(200);
  const xml = fields(parseXml((await o311Get(s, `requests/${no}.xml`)).text).children[0]!);
  expect(xml).toMatchObject({
    status: 'closed',
    status_notes: '已安排人员补装井盖',
    agency_responsible: '市城管局',
  });
  expect(
    (await o311Get(s, `requests.json?status=closed`)).json.map(
      (r: { service_request_id: string }) => r.service_request_id,
    ),
  ).toContain(no);
});

test('when the ticket cannot be created at once the client gets a token, and the intake job creates the ticket later', async () => {
  // Make ticket inserts fail in this database only, as a database fault would.
  await s.ctx.pool.query(`
    create function open311_test_fail() returns trigger language plpgsql as
      $$ begin raise exception 'simulated fault'; end $$;
    create trigger open311_test_fail before insert on tickets for each row execute function open311_test_fail();`);
  let token: string;
  try {
    const res = await o311PostForm(s, 'xml', {
      api_key: OPEN311_KEY,
      service_code: '0101',
      address_string: '常州市新北区 某小区 5幢',
      description: '楼顶违章搭建',
    });
    expect(res.status).toBe(200);
    const r = fields(parseXml(res.text).children[0]!);
    expect(r.service_request_id).toBeUndefined();
    token = r.token as string;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const pending = await o311Get(s, `tokens/${token}.json`);
    expect(pending.json).toEqual([{ service_request_id: null, token }]);
    expect(fields(parseXml((await o311Get(s, `tokens/${token}.xml`)).text).children[0]!)).toEqual({
      service_request_id: null,
      token,
    });
  } finally {
    await s.ctx.pool.query(`drop trigger open311_test_fail on tickets; drop function open311_test_fail();`);
  }

  w = await startTestWorkers(s);
  const no = await waitUntil(
    async () => (await o311Get(s, `tokens/${token}.json`)).json[0].service_request_id as string | null,
    'the intake job to create the ticket',
  );
  expect((await o311Get(s, `requests/${no}.json`)).json[0]).toMatchObject({
    service_code: '0101',
    status: 'open',
  });
  const rows = await s.ctx.pool.query(`select count(*)::int as n from tickets where idempotency_key = $1`, [
    `open311:${token}`,
  ]);
  expect(rows.rows[0].n).toBe(1);
  // The message is marked processed just after its ticket commits: wait for that second write.
  const inbound = await waitUntil(async () => {
    const r = await s.ctx.pool.query(`select status from inbound_messages where external_id = $1`, [token]);
    return r.rows[0]?.status === 'processed' ? r.rows : null;
  }, 'the inbound message to be marked processed');
  expect(inbound).toEqual([{ status: 'processed' }]);
});
