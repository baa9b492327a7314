/**
 * `npm run bench:dashboard`: the supervisors' dashboard, big-screen, report and ranking queries
 * through the real HTTP API with BENCH_TOTAL tickets (default 5,000,000, of which 100,000 open)
 * and their events in the database. The KPI roll-up is rebuilt from the events once (timed);
 * the queries then read the roll-up tables. Prints p50 / p95 per query; the target is a p95
 * under 100 ms for each.
 *
 *   npm run bench:dashboard
 *   BENCH_TOTAL=1000000 npm run bench:dashboard
 *
 * Builds its own database (hotline_bench_dashboard), reused while its sizes and migrations match.
 */
import { parsePeriod, toShanghaiDate } from '@hotline/shared';
import { createDb } from '../../server/src/infra/db/client';
import { rebuildKpis } from '../../server/src/modules/kpi/kpi-rollup';
import { BenchClient, prepareBenchDatabase, startBenchServer, timeRuns } from './lib/bench-support';
import { flushResults, record } from './lib/results';

const OPEN = Number(process.env.BENCH_OPEN ?? 100_000);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 5_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
/** `npm run bench` names the database per size and shares it with bench:lists. */
const DB = process.env.BENCH_DB ?? 'hotline_bench_dashboard';
/** Suffix of the recorded names, e.g. `_5m` (`npm run bench` sets it). */
const SUFFIX = process.env.BENCH_SUFFIX ?? '';

/** Rebuilds the roll-up from the events unless a finished rebuild is already there. */
async function rebuild(url: string): Promise<void> {
  const { db, pool } = createDb(url, { max: 2 });
  const done = await pool.query(`select 1 from rollup_cursors where name = 'kpi'`);
  if (done.rowCount) {
    await pool.end();
    return;
  }
  const t0 = Date.now();
  const run = await rebuildKpis(db);
  await pool.query('analyze kpi_unit_daily; analyze kpi_channel_daily; analyze kpi_call_daily');
  await pool.end();
  console.log(
    `KPI rebuild from the event log: ${run.events.toLocaleString()} facts in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

function months(now: Date): {
  month: string;
  half: { from: string; to: string };
  last30: { from: string; to: string };
} {
  const today = toShanghaiDate(now);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const from30 = toShanghaiDate(new Date(now.getTime() - 29 * 86_400_000));
  const from180 = toShanghaiDate(new Date(now.getTime() - 181 * 86_400_000));
  return { month: prev, half: { from: from180, to: today }, last30: { from: from30, to: today } };
}

async function main(): Promise<void> {
  const url = await prepareBenchDatabase({
    name: DB,
    open: OPEN,
    total: TOTAL,
    events: true,
  });
  await rebuild(url);
  const server = await startBenchServer(url, 'bench-dashboard');
  try {
    const supervisor = await new BenchClient(server.url).login('supervisor1');
    const { month, half, last30 } = months(new Date());
    const monthRange = parsePeriod(month)!;
    const units = (await supervisor.get<{ items: { id: string; code: string }[] }>('/units')).items;
    const cgj = units.find((u) => u.code === 'cgj')!.id;
    await supervisor.call('POST', '/assessment/run', { period: month });
    const cases: [string, string][] = [
      ['unit KPIs, last month', `/kpi/units?period=${month}&level=unit`],
      ['district KPIs, last month', `/kpi/units?period=${month}&level=district`],
      ['city KPIs, half-year', `/kpi/units?from=${half.from}&to=${half.to}&level=city`],
      ['daily trend, 30 days', `/kpi/trend?from=${last30.from}&to=${last30.to}`],
      ['channel KPIs, last month', `/kpi/channels?from=${monthRange.from}&to=${monthRange.to}`],
      ['big screen snapshot (大屏)', '/screen/live'],
      ['supervisor overview (监督总览)', '/stats/overview'],
      ['report summary, half-year', `/reports/summary?from=${half.from}&to=${half.to}`],
      ['monthly ranking (考核排名)', `/assessment/rankings?period=${month}`],
      ['unit score breakdown', `/assessment/units/${cgj}?period=${month}`],
    ];
    console.log(
      `\n${TOTAL.toLocaleString()} tickets (${OPEN.toLocaleString()} open) with their events, ${RUNS} runs each`,
    );
    // "first" is the first call after the server started: for the live workload figures it is the
    // computation itself, which later callers share (live-figures-cache) while nothing changes.
    console.log('| query | first ms | p50 ms | p95 ms |');
    console.log('|---|---:|---:|---:|');
    let worst = 0;
    let worstName = '';
    const floor = await timeRuns(() => supervisor.get('/auth/me'), RUNS);
    for (const [name, path] of cases) {
      const t0 = performance.now();
      await supervisor.get(path);
      const first = performance.now() - t0;
      const { p50, p95 } = await timeRuns(() => supervisor.get(path), RUNS);
      if (p95 > worst) [worst, worstName] = [p95, name];
      console.log(`| ${name} | ${first.toFixed(1)} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`);
    }
    console.log(`\nworst p95 ${worst.toFixed(1)} ms (${worstName}; target < 100 ms)`);
    record({
      name: `dashboard_p95_ms${SUFFIX}`,
      value: worst,
      unit: 'ms',
      limit: floor.p95,
      limitLabel: 'GET /auth/me p95, same server',
      target: '< 100',
    });
    flushResults(`dashboards at ${TOTAL.toLocaleString()} tickets`);
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
