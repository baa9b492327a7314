/**
 * `npm run bench:lists`: first-page and deep-page latency of the console's lists and work queues
 * through the real HTTP API, with OPEN open tickets among TOTAL in all (default 100,000 / 300,000).
 *
 *   npm run bench:lists
 *   BENCH_OPEN=100000 BENCH_TOTAL=5000000 npm run bench:lists     # the #8 target size
 *
 * Builds its own database (hotline_bench_lists, rebuilt when the sizes change), reuses it
 * otherwise. Prints p50 / p95 per query; the target is a p95 under 50 ms for every first page.
 */
import { BenchClient as Client, prepareBenchDatabase, startBenchServer, timeRuns } from './lib/bench-support';
import { flushResults, record } from './lib/results';

const OPEN = Number(process.env.BENCH_OPEN ?? 100_000);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
/** `npm run bench` shares one database (with events) between this and bench:dashboard. */
const DB = process.env.BENCH_DB ?? 'hotline_bench_lists';
const EVENTS = process.env.BENCH_EVENTS === '1';
/** Suffix of the recorded names, e.g. `_5m` (`npm run bench` sets it). */
const SUFFIX = process.env.BENCH_SUFFIX ?? '';

async function main(): Promise<void> {
  const url = await prepareBenchDatabase({ name: DB, open: OPEN, total: TOTAL, events: EVENTS });
  const server = await startBenchServer(url, 'bench-lists');
  try {
    const login = (u: string) => new Client(server.url).login(u);
    const [dispatcher, handler, agent, supervisor] = await Promise.all([
      login('dispatcher1'),
      login('cgj_handler'),
      login('agent1'),
      login('supervisor1'),
    ]);
    const deepCursor = async (c: Client, path: string, pages: number): Promise<string> => {
      let cursor: string | null = null;
      for (let i = 0; i < pages; i++) {
        const sep = path.includes('?') ? '&' : '?';
        const page: { nextCursor: string | null } = await c.get(
          `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return cursor ?? '';
    };
    const deep = await deepCursor(dispatcher, '/tickets?open=true&limit=30', 100);
    const cases: [string, Client, string][] = [
      ['open tickets, newest first (dispatcher)', dispatcher, '/tickets?open=true&limit=30'],
      ['open tickets, due first (dispatcher)', dispatcher, '/tickets?open=true&sort=due_asc&limit=30'],
      ['registered, to dispatch', dispatcher, '/tickets?status=registered&limit=30'],
      ['overdue', supervisor, '/tickets?open=true&overdue=true&limit=30'],
      ['all tickets incl. closed (supervisor)', supervisor, '/tickets?status=closed&limit=30'],
      ['unit inbox (市城管局 handler)', handler, '/tickets?open=true&limit=30'],
      ['unit inbox, due first', handler, '/tickets?open=true&sort=due_asc&limit=30'],
      ['search by keyword (agent)', agent, `/tickets?q=${encodeURIComponent('路灯')}&limit=30`],
      [
        'page 101 through the cursor',
        dispatcher,
        `/tickets?open=true&limit=30&cursor=${encodeURIComponent(deep)}`,
      ],
    ];
    for (const [name, c, path] of EXTRA_CASES)
      cases.push([name, { dispatcher, handler, agent, supervisor }[c], path]);
    // The floor every list is compared to: the same server's cheapest signed-in route (session
    // lookup, no query of tickets), measured in this run.
    const floor = await timeRuns(() => dispatcher.get('/auth/me'), RUNS);
    console.log(`\n${OPEN.toLocaleString()} open of ${TOTAL.toLocaleString()} tickets, ${RUNS} runs each`);
    console.log(`floor: GET /auth/me p50 ${floor.p50.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms`);
    console.log('| list | p50 ms | p95 ms | rows |');
    console.log('|---|---:|---:|---:|');
    let worstFirst = 0;
    let worstName = '';
    for (const [name, c, path] of cases) {
      const rows = (await c.get(path)).items.length;
      const { p50, p95 } = await timeRuns(() => c.get(path), RUNS);
      console.log(`| ${name} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${rows} |`);
      if (!path.includes('cursor=') && p95 > worstFirst) [worstFirst, worstName] = [p95, name];
    }
    console.log(`\nworst first-page p95 ${worstFirst.toFixed(1)} ms (${worstName}; target < 50 ms)`);
    record({
      name: `inbox_first_page_p95_ms${SUFFIX}`,
      value: worstFirst,
      unit: 'ms',
      limit: floor.p95,
      limitLabel: 'GET /auth/me p95, same server',
      target: '< 50',
    });
    record({ name: `http_signed_in_floor_p95_ms${SUFFIX}`, value: floor.p95, unit: 'ms' });
    flushResults(`lists at ${TOTAL.toLocaleString()} tickets (${OPEN.toLocaleString()} open)`);
  } finally {
    await server.close();
  }
}

/** Work queues added by the workbenches (#5), measured the same way. */
const EXTRA_CASES: [string, 'dispatcher' | 'handler' | 'agent' | 'supervisor', string][] = [
  ['派单台 待派单 (queue=to_dispatch)', 'dispatcher', '/tickets?queue=to_dispatch&limit=30'],
  ['派单台 退单审核 (queue=returned)', 'dispatcher', '/tickets?queue=returned&limit=30'],
  ['派单台 延期审批 (queue=extension_requests)', 'dispatcher', '/tickets?queue=extension_requests&limit=30'],
  ['回访 (queue=callback_due)', 'agent', '/tickets?queue=callback_due&limit=30'],
  ['办理工作台 (queue=unit_urgent, 市城管局)', 'handler', '/tickets?queue=unit_urgent&limit=30'],
];

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
