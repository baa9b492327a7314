/**
 * `npm run bench`: every benchmark of issue #8, one after another (never two at once: they would
 * measure each other), each in its own process, then one table and `bench-results.json` — an array
 * of `{ name, value, unit, limit?, ratio? }`, where `limit` is the raw limit of this machine the
 * figure is compared to, measured in the same run, and `ratio` is value / limit.
 *
 *   npm run bench                                   everything (dashboards at 1 M and 5 M tickets)
 *   BENCH_ONLY=intake,queues npm run bench          some of them
 *   BENCH_SIZES=1000000 npm run bench               dashboards and lists at 1 M only
 *   BENCH_QUICK=1 npm run bench                     short runs (smoke test of the scripts)
 *   npm run bench:smoke                             short runs on 20,000 tickets (CI runs this)
 *
 * The databases of the dashboards and lists (hotline_bench_1m, hotline_bench_5m) are generated on
 * first use — about 11 and 55 minutes here — and reused while their sizes match; newer
 * migrations are applied to them instead of a refill.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TBenchResult } from './lib/results';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'bench-results.json');
const SIZES = (process.env.BENCH_SIZES ?? '1000000,5000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

type TStep = { key: string; script: string; env?: Record<string, string> };

/** Figures every full run must write (issue #8). */
const REQUIRED = [
  'intake_api_c10_tps',
  'intake_api_c10_p99_ms',
  'intake_wechat_c10_tps',
  'inbox_first_page_p95_ms',
  'dispatch_to_screen_p99_ms',
  'dashboard_p95_ms',
  'fanout_1000_p99_ms',
  'fanout_1000_rss_mb',
];

function sizeLabel(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`;
}

function steps(): TStep[] {
  const list: TStep[] = [
    { key: 'intake', script: 'intake.ts' },
    { key: 'queues', script: 'queues.ts' },
    { key: 'dispatch', script: 'dispatch-to-screen.ts' },
    { key: 'fanout', script: 'fanout.ts' },
  ];
  const largest = SIZES[SIZES.length - 1];
  for (const size of SIZES) {
    // The largest size carries the plain names (dashboard_p95_ms); smaller ones a suffix (_1m).
    const env = {
      BENCH_DB: `hotline_bench_${sizeLabel(size)}`,
      BENCH_TOTAL: String(size),
      BENCH_OPEN: String(Math.min(100_000, Math.floor(size / 10))),
      BENCH_EVENTS: '1',
      BENCH_SUFFIX: size === largest ? '' : `_${sizeLabel(size)}`,
    };
    list.push({ key: 'dashboard', script: 'dashboard.ts', env });
    list.push({ key: 'lists', script: 'lists.ts', env });
  }
  return list.filter((s) => !ONLY || ONLY.includes(s.key));
}

function machine(): string {
  const cpus = os.cpus();
  const pg = spawnSync('psql', ['-At', '-h', '127.0.0.1', '-U', 'postgres', '-c', 'show server_version'], {
    encoding: 'utf8',
  }).stdout?.trim();
  return (
    `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Node ${process.versions.node}, PostgreSQL ${pg || '?'}, ${os.type()} ${os.release()}`
  );
}

function main(): void {
  const linesFile = path.join(os.tmpdir(), `bench-results-${process.pid}.jsonl`);
  fs.writeFileSync(linesFile, '');
  console.log(`npm run bench on ${machine()}`);
  const failed: string[] = [];
  const started = Date.now();
  for (const step of steps()) {
    const file = path.join(ROOT, 'scripts/bench', step.script);
    const label = `${step.key}${step.env?.BENCH_TOTAL ? ` (${Number(step.env.BENCH_TOTAL).toLocaleString()} tickets)` : ''}`;
    console.log(`\n==== ${label}  ${new Date().toISOString().slice(11, 19)}`);
    if (!fs.existsSync(file)) {
      console.error(`missing ${path.relative(ROOT, file)}`);
      failed.push(label);
      continue;
    }
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...step.env, BENCH_RESULTS_FILE: linesFile },
    });
    if (run.status !== 0) failed.push(label);
  }
  const results = fs
    .readFileSync(linesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TBenchResult);
  fs.rmSync(linesFile, { force: true });
  fs.writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');

  console.log(`\n==== all figures (${((Date.now() - started) / 60_000).toFixed(1)} min)`);
  console.log('| name | value | unit | raw limit | ratio |');
  console.log('|---|---:|---|---:|---:|');
  for (const r of results)
    console.log(`| ${r.name} | ${r.value} | ${r.unit} | ${r.limit ?? ''} | ${r.ratio ?? ''} |`);
  console.log(`\nwrote ${path.relative(ROOT, OUT)} (${results.length} figures)`);
  // The names issue #8 asks for; a full run (no BENCH_ONLY) that misses one has failed.
  const missing = ONLY ? [] : REQUIRED.filter((name) => !results.some((r) => r.name === name));
  const unrated = results.filter((r) => r.limit !== undefined && !Number.isFinite(r.ratio));
  if (missing.length) failed.push(`missing figures: ${missing.join(', ')}`);
  if (unrated.length)
    failed.push(`figures with a limit but no ratio: ${unrated.map((r) => r.name).join(', ')}`);
  if (failed.length > 0) {
    console.error(`\nfailed: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main();
