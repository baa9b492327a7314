/**
 * What every benchmark reports: named figures, each with the raw limit of this machine it is
 * compared to (measured in the same run) and the ratio. `npm run bench` collects them from every
 * script into `bench-results.json`; each script also prints them as a table.
 *
 * A script records with `record()` and, at its end, calls `flushResults()`: that prints the
 * table and, when BENCH_RESULTS_FILE is set (the `npm run bench` runner sets it), appends the
 * figures to that JSON-lines file.
 */
import fs from 'node:fs';

export type TBenchResult = {
  name: string;
  value: number;
  unit: string;
  /** The raw limit this figure is compared to, measured in the same run, in the same unit. */
  limit?: number;
  /** value / limit (for a rate: the share of the raw rate reached; for a time: how many times slower). */
  ratio?: number;
  /** What the limit is, for the printed table ("raw pg, same transaction, c10"). */
  limitLabel?: string;
  /** The target of the issue, for the printed table ("≥ 1000", "< 50"). */
  target?: string;
};

const results: TBenchResult[] = [];

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Records one figure; `limit` adds the ratio value / limit. */
export function record(result: TBenchResult): TBenchResult {
  const r: TBenchResult = { ...result, value: round(result.value, 2) };
  if (result.limit !== undefined && result.limit > 0) {
    r.limit = round(result.limit, 2);
    r.ratio = round(result.value / result.limit, 3);
  }
  results.push(r);
  return r;
}

export function recorded(): readonly TBenchResult[] {
  return results;
}

/** Prints the recorded figures as a table and appends them to BENCH_RESULTS_FILE if set. */
export function flushResults(title: string): void {
  if (results.length === 0) return;
  console.log(`\n${title}`);
  console.log('| name | value | unit | raw limit | ratio | target |');
  console.log('|---|---:|---|---:|---:|---|');
  for (const r of results) {
    const limit = r.limit !== undefined ? `${r.limit}${r.limitLabel ? ` (${r.limitLabel})` : ''}` : '';
    const ratio = r.ratio !== undefined ? r.ratio.toFixed(3) : '';
    console.log(`| ${r.name} | ${r.value} | ${r.unit} | ${limit} | ${ratio} | ${r.target ?? ''} |`);
  }
  const file = process.env.BENCH_RESULTS_FILE;
  if (file) {
    const lines = results.map(({ name, value, unit, limit, ratio }) =>
      JSON.stringify({ name, value, unit, ...(limit !== undefined ? { limit, ratio } : {}) }),
    );
    fs.appendFileSync(file, lines.join('\n') + '\n');
  }
  results.length = 0;
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentileOf(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
