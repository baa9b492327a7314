import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoPeriod } from '../../src/modules/seed/demo-generate';
import { startTestServer, type ApiClient, type TTestServer } from '../support/harness';

// Acceptance 5 of #6: the XLSX opens in LibreOffice with the page's figures; plus the CSV,
// access, bad input, the data-quality self-check and the province export.
const PERIOD = 'from=2018-03-01&to=2018-03-31';
let s: TTestServer;
let sup: ApiClient;
let dir: string;

beforeAll(async () => {
  s = await startTestServer('reports_export');
  sup = await s.login('supervisor1');
  dir = mkdtempSync(join(tmpdir(), 'report-export-'));
  const res = await generateDemoPeriod(s.ctx.db, s.ctx.pii, {
    from: '2018-03-01',
    to: '2018-03-31',
    seed: 7,
    callsAnswered: 3000,
    onlineItems: 60,
    threeWayCalls: 9,
  });
  expect(res.written).toBe(true);
}, 300_000);
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await s?.stop();
});

async function download(
  client: ApiClient,
  path: string,
): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(`${s.url}/api/v1${path}`, { headers: { cookie: client.cookie } });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: Buffer.from(await res.arrayBuffer()),
  };
}

/** "99.86%" or "99.6%" → 0.9986 / 0.996 (a percentage with at most two decimals is a 4-decimal rate). */
const rateOf = (cell: string | undefined) =>
  cell && /^\d+(\.\d+)?%$/.test(cell) ? Math.round(parseFloat(cell) * 100) / 10_000 : cell;

/** CSV text → label → second cell (the summary's "指标,数值" lines). */
function summaryCells(csv: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const line of csv.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const m = line.match(/^"?([^",]+)"?,"?([^"]*)"?/);
    if (m && !cells.has(m[1]!)) cells.set(m[1]!, m[2]!);
  }
  return cells;
}

function expectFigures(cells: Map<string, string>, page: Record<string, number | null>): void {
  expect({
    calls: cells.get('接听来电（件）'),
    online: cells.get('网络受理事项（件）'),
    tickets: cells.get('受理工单（件）'),
    onTime: rateOf(cells.get('按时办结率')),
    satisfaction: rateOf(cells.get('群众满意率')),
    threeWay: cells.get('三方通话（次）'),
  }).toEqual({
    calls: String(page.callsAnswered),
    online: String(page.onlineItems),
    tickets: String(page.ticketsReceived),
    onTime: page.onTimeRate,
    satisfaction: page.satisfactionRate,
    threeWay: String(page.threeWayCalls),
  });
}

test('the XLSX opens in LibreOffice and shows the figures of the page', async () => {
  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice'].find(existsSync);
  if (!soffice)
    throw new Error(
      'LibreOffice is needed to check the XLSX export: apt-get install libreoffice-calc-nogui (provides soffice)',
    );
  const page = (await sup.get(`/reports/work-report?${PERIOD}`)).body;
  expect(page.summary.callsAnswered).toBe(3000);
  const xlsx = await download(sup, `/reports/work-report.xlsx?${PERIOD}`);
  expect(xlsx.status).toBe(200);
  expect(xlsx.type).toContain('spreadsheetml');
  writeFileSync(join(dir, 'report.xlsx'), xlsx.body);
  execFileSync(
    soffice,
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76',
      '--outdir',
      dir,
      join(dir, 'report.xlsx'),
    ],
    { timeout: 180_000, stdio: 'pipe' },
  );
  const csv = readFileSync(join(dir, 'report.csv'), 'utf8');
  const cells = summaryCells(csv);
  expectFigures(cells, page.summary);
  expect(csv).toContain(page.paragraph);
}, 240_000);

test('the CSV download is UTF-8 with a BOM and has the same figures and tables', async () => {
  const page = (await sup.get(`/reports/work-report?${PERIOD}`)).body;
  const res = await download(sup, `/reports/work-report.csv?${PERIOD}`);
  expect(res.status).toBe(200);
  expect(res.type).toContain('text/csv');
  expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = res.body.toString('utf8');
  expectFigures(summaryCells(csv), page.summary);
  expect(csv).toContain('【按单位】');
  expect(csv).toContain(`${page.units[0].name},${page.units[0].received},`);
  expect(csv).toContain(page.paragraph);
  expect(page.paragraph).toMatch(/^3月份，共接听来电3000件，/);
});

test('bad periods answer 400 with the error shape', async () => {
  for (const q of [
    'from=2018-13-01&to=2018-12-31',
    'from=2018-03-31&to=2018-03-01',
    'from=2018-03-01',
    'from=2017-01-01&to=2018-06-30',
    'from=x&to=y',
  ]) {
    const res = await sup.get(`/reports/summary?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(typeof res.body.error.message).toBe('string');
  }
});

test('agents and unit users get 403; admins read the reports', async () => {
  const paths = [
    'summary',
    'work-report',
    'work-report.xlsx',
    'work-report.csv',
    'data-quality',
    'province-export.json',
  ];
  for (const user of ['agent1', 'cgj_handler', 'cgj_manager']) {
    const c = await s.login(user);
    for (const p of paths) expect([p, (await c.get(`/reports/${p}?${PERIOD}`)).status]).toEqual([p, 403]);
  }
  const admin = await s.login('admin');
  expect((await admin.get(`/reports/summary?${PERIOD}`)).status).toBe(200);
  const anonymous = await fetch(`${s.url}/api/v1/reports/summary?${PERIOD}`);
  expect(anonymous.status).toBe(401);
});

test('the data-quality check lists incomplete and late records, never a confidential title', async () => {
  const { rows } = await s.ctx.pool.query<{ id: string }>(
    `select id from tickets where created_at >= '2018-03-05' and created_at < '2018-03-25' and channel = 'phone'
       and type <> 'consultation' order by no limit 2`,
  );
  await s.ctx.pool.query(`update tickets set address = null where id = $1`, [rows[0]!.id]);
  await s.ctx.pool.query(`update tickets set line = '12388', confidential = true, title = '' where id = $1`, [
    rows[1]!.id,
  ]);
  const res = await sup.get(`/reports/data-quality?${PERIOD}`);
  expect(res.status).toBe(200);
  const dq = res.body;
  expect(dq.tickets).toBeGreaterThan(400);
  expect(dq.failing).toBe(dq.items.length);
  expect(dq.tickets - dq.complete).toBeGreaterThanOrEqual(2);
  expect(dq.recorded.tickets).toBe(dq.tickets);
  expect(dq.recorded.rate).toBeGreaterThan(0.9);
  const first = dq.items.find((i: { id: string }) => i.id === rows[0]!.id);
  expect(first.missing).toContain('address');
  expect(first.title).toEqual(expect.any(String));
  const secret = dq.items.find((i: { id: string }) => i.id === rows[1]!.id);
  expect(secret).toMatchObject({ line: '12388', title: null });
  expect(secret.missing).toContain('title');
  // The late registrations (补录) the generator planted are found from the linked calls.
  expect(dq.items.some((i: { timely: boolean }) => !i.timely)).toBe(true);
});

test('the province export masks phones and reduces confidential tickets to non-content fields', async () => {
  const res = await download(sup, `/reports/province-export.json?${PERIOD}`);
  expect(res.status).toBe(200);
  const text = res.body.toString('utf8');
  const doc = JSON.parse(text);
  expect(doc).toMatchObject({
    format: 'hotline12345.province-export',
    version: 1,
    from: '2018-03-01',
    to: '2018-03-31',
  });
  expect(doc.count).toBe(doc.tickets.length);
  expect(doc.count).toBe((await sup.get(`/reports/data-quality?${PERIOD}`)).body.tickets);
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  const open = doc.tickets.find(
    (t: { confidential: boolean; citizenPhone?: string }) => !t.confidential && t.citizenPhone,
  );
  expect(open.citizenPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
  expect(open).toMatchObject({
    title: expect.any(String),
    category: { code: expect.any(String) },
    leadUnit: expect.anything(),
  });
  const secret = doc.tickets.filter((t: { confidential: boolean }) => t.confidential);
  expect(secret.length).toBeGreaterThan(0);
  expect(doc.confidentialReduced).toBe(secret.length);
  for (const t of secret) {
    expect(Object.keys(t).sort()).toEqual(
      [
        'closedAt',
        'confidential',
        'createdAt',
        'dataQuality',
        'dispatchedAt',
        'line',
        'no',
        'resolvedAt',
        'status',
        'type',
        'urgency',
        'channel',
      ].sort(),
    );
  }
});
