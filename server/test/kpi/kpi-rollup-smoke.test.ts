import { applyKpiRollup, rebuildKpis, snapshotKpis } from '../../src/modules/kpi/kpi-rollup';
import { signInCast, ticketInStatus, type TCast } from '../support/drive';
import { startTestServer, type TTestServer } from '../support/harness';

// The roll-up core on real use cases: runs between and during changes add up to one rebuild.
let s: TTestServer;
let c: TCast;
beforeAll(async () => {
  s = await startTestServer('kpi_rollup_smoke');
  c = await signInCast(s);
}, 60_000);
afterAll(() => s?.stop());

test('incremental runs, some concurrent, equal the rebuild; a closed ticket counts once everywhere', async () => {
  await applyKpiRollup(s.ctx.db);
  const statuses = ['closed', 'replied', 'returned', 'in_progress', 'closed', 'reopened'] as const;
  for (const st of statuses) {
    await Promise.all([ticketInStatus(c, st), applyKpiRollup(s.ctx.db), applyKpiRollup(s.ctx.db)]);
  }
  await applyKpiRollup(s.ctx.db);
  const incremental = await snapshotKpis(s.ctx.db);
  const rebuilt = await rebuildKpis(s.ctx.db);
  expect(rebuilt.events).toBeGreaterThan(0);
  expect(await snapshotKpis(s.ctx.db)).toEqual(incremental);
  const cgj = (incremental.unit as Record<string, unknown>[]).filter((r) => r.unit_id === c.cgjUnitId);
  const sum = (k: string) => cgj.reduce((n, r) => n + Number(r[k]), 0);
  expect({
    received: sum('received'),
    signed: sum('signed'),
    replied: sum('replied'),
    repliedOnTime: sum('replied_on_time'),
    returned: sum('returned'),
    redone: sum('redone'),
    rated: sum('rated'),
    satisfied: sum('satisfied') + sum('basically_satisfied'),
  }).toEqual({
    received: 6,
    signed: 5,
    replied: 4,
    repliedOnTime: 4,
    returned: 1,
    redone: 1,
    rated: 2,
    satisfied: 2,
  });
  const channel = incremental.channel as { tickets: number }[];
  expect(channel.reduce((n, r) => n + r.tickets, 0)).toBe(6);
});
