import { seedDemoCatalogue } from '../src/modules/seed/demo-catalogue';
import { suggestRouting } from '../src/modules/tickets/use-cases/suggest-routing';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let c: TCast;
let unitId: Record<string, string>;
let categoryId: Record<string, string>;

beforeAll(async () => {
  s = await startTestServer('demo_catalogue');
  c = await signInCast(s);
  unitId = Object.fromEntries(
    ((await c.admin.get('/units')).body.items as { id: string; code: string }[]).map((u) => [u.code, u.id]),
  );
  categoryId = Object.fromEntries(
    ((await c.admin.get('/categories')).body.items as { id: string; name: string; isLeaf: boolean }[])
      .filter((x) => x.isLeaf)
      .map((x) => [x.name, x.id]),
  );
}, 60_000);
afterAll(async () => s?.stop());

test('the demo catalogue is written once, through the versioned rule use case', async () => {
  expect(await seedDemoCatalogue(s.ctx)).toBe(14);
  expect(await seedDemoCatalogue(s.ctx)).toBe(0);
  const rules = (await c.dispatcher.get('/dispatch-rules')).body.items;
  expect(rules).toHaveLength(14);
  const tn = rules.find(
    (r: { categoryName: string; districtId: string | null }) =>
      r.categoryName === '占道经营' && r.districtId === unitId.tn,
  );
  expect(tn).toMatchObject({ leadUnitId: unitId.tn, version: 1, updatedByName: expect.any(String) });
  expect(tn.assisting.map((a: { id: string }) => a.id)).toEqual([unitId.cgj]);
  const history = (await c.dispatcher.get(`/dispatch-rules/${tn.id}/versions`)).body.items;
  expect(history).toEqual([expect.objectContaining({ version: 1, change: 'created' })]);
});

test('street vending reported in 天宁区 goes to the district branch, with 市城管局 assisting', async () => {
  const t = await createTicket(c, {
    title: '菜场门口占道经营',
    description: '青龙街道菜场门口流动摊贩占道经营',
    categoryId: categoryId['占道经营'],
    districtId: unitId.tn,
  });
  expect(await suggestRouting(s.ctx, t.id)).toEqual({ outcome: 'dispatched', unitId: unitId.tn });
  const d = (await c.supervisor.get(`/tickets/${t.id}`)).body;
  expect(d.assignments.map((a: { unitId: string; role: string }) => [a.unitId, a.role]).sort()).toEqual(
    [
      [unitId.tn, 'lead'],
      [unitId.cgj, 'assist'],
    ].sort(),
  );
  const dispatched = d.timeline.find((e: { type: string }) => e.type === 'ticket.dispatched');
  expect(dispatched.payload.routing).toEqual({ reason: 'catalogue', confidence: 0.95 });
});
