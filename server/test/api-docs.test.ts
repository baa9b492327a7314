import { ROUTE_TABLE } from '../src/infra/http/route-table';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
beforeAll(async () => {
  s = await startTestServer('api_docs');
});
afterAll(async () => s?.stop());

describe('health and the API description', () => {
  test('/healthz answers while the process is up and /readyz checks PostgreSQL and Redis', async () => {
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  test('the OpenAPI 3.1 document lists every route of the route table with its request schema', async () => {
    const res = await fetch(`${s.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`),
    );
    const routes = ROUTE_TABLE.map((r) => `${r.method} /api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(30);
    expect(documented.sort()).toEqual(routes.sort());
    const dispatch = doc.paths['/api/v1/tickets/{id}/dispatch'].post;
    const schema = dispatch.requestBody.content['application/json'].schema;
    expect(schema.required).toContain('unitId');
    expect(dispatch.responses['409']).toBeDefined();
  });

  test('an unknown API path is a JSON 404 and the core routes are in the route table', async () => {
    // an unknown path is a JSON 404, not an HTML page
    const res = await fetch(`${s.url}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('NOT_FOUND');
    const paths = new Set(ROUTE_TABLE.map((r) => r.path));
    for (const p of [
      '/auth/login',
      '/auth/me',
      '/tickets',
      '/tickets/:id',
      '/units',
      '/users',
      '/categories',
      '/sla-policies',
      '/calendar',
    ]) {
      expect(paths.has(p)).toBe(true);
    }
  });

  test('a malformed JSON body is a 400, not a crash', async () => {
    const res = await fetch(`${s.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'hotline' },
      body: '{"username":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('VALIDATION_FAILED');
  });

  test('admins edit the calendar; a year without data is reported as such', async () => {
    const admin = await s.login('admin');
    const y2027 = await admin.get('/calendar?year=2027');
    expect(y2027.body.hasData).toBe(false);
    const put = await admin.call('PUT', '/calendar', {
      days: [{ date: '2027-02-08', isWorkingDay: false, name: '春节' }],
    });
    expect(put.status).toBe(200);
    expect((await admin.get('/calendar?year=2027')).body).toEqual(
      expect.objectContaining({ hasData: true, items: [expect.objectContaining({ date: '2027-02-08' })] }),
    );
    const agent = await s.login('agent1');
    expect(
      (await agent.call('PUT', '/calendar', { days: [{ date: '2027-02-09', isWorkingDay: false }] })).status,
    ).toBe(403);
  });
});
