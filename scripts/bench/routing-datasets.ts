/**
 * The public-dataset half of the routing benchmark: the smart-dispatch router on two real
 * corpora (Taipei City FAQ questions → 149 units; Teddy Cup 2020 citizen messages → 7 areas),
 * with the plain naive Bayes reference measured in the same run on the same split.
 *
 * Usage: npx tsx scripts/bench/routing-datasets.ts
 * The CSVs live outside the repo (no licence to ship them): HOTLINE_DATASETS_DIR, or
 * ../shared/datasets next to the repository root.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  evaluateRouter,
  predictRouter,
  serializeRouter,
  trainRouter,
  type TRouterOptions,
  type TRoutingExample,
} from '../../shared/src/routing';
import { parseCsvRecords } from './lib/csv';
import { evaluateNaiveBayes, trainNaiveBayes } from './lib/naive-bayes-baseline';

const DATASETS = {
  taipei: 'taipei_qa_units.csv',
  teddy: 'teddy2020c_fj2_sample.csv',
} as const;
type TDatasetName = keyof typeof DATASETS;

/** Fixed split (datasets README): data row i, counted from 0 in file order, is a test row when i % 5 == 0. */
const TEST_MODULUS = 5;

export type TRouterFigures = {
  top1: number;
  top3: number;
  n: number;
  trainMs: number;
  predictMsPerItem: number;
  /** UTF-8 size of serializeRouter's text, as it would sit in PostgreSQL. */
  modelBytes: number;
};
export type TBaselineFigures = { top1: number; top3: number; n: number };
export type TRoutingDatasetsResult = {
  taipei: TRouterFigures;
  teddy: TRouterFigures;
  baselineNB: Record<TDatasetName, TBaselineFigures>;
};

export function datasetsDir(): string {
  const repoRoot = path.resolve(__dirname, '../..');
  return process.env.HOTLINE_DATASETS_DIR ?? path.resolve(repoRoot, '../shared/datasets');
}

export function loadDataset(
  name: TDatasetName,
  dir = datasetsDir(),
): { train: TRoutingExample[]; test: TRoutingExample[] } {
  const file = path.join(dir, DATASETS[name]);
  if (!existsSync(file)) {
    throw new Error(
      `Routing dataset ${DATASETS[name]} not found in ${dir}. Put taipei_qa_units.csv and ` +
        'teddy2020c_fj2_sample.csv there (see the datasets README) or point HOTLINE_DATASETS_DIR at their folder.',
    );
  }
  const rows = parseCsvRecords(readFileSync(file, 'utf8'));
  const examples = rows.map((row, i) => {
    if (row.title === undefined || row.body === undefined || !row.label) {
      throw new Error(`${DATASETS[name]} row ${i + 1}: expected columns title, body and a label`);
    }
    return { text: `${row.title} ${row.body}`, label: row.label };
  });
  return {
    train: examples.filter((_, i) => i % TEST_MODULUS !== 0),
    test: examples.filter((_, i) => i % TEST_MODULUS === 0),
  };
}

function measureRouter(
  train: TRoutingExample[],
  test: TRoutingExample[],
  options?: TRouterOptions,
): TRouterFigures {
  const started = performance.now();
  const model = trainRouter(train, options);
  const trainMs = performance.now() - started;
  const { top1, top3, n } = evaluateRouter(model, test);
  // The first prediction builds the model's lookup tables once; time the steady state after it.
  predictRouter(model, test[0]!);
  const predictStarted = performance.now();
  for (const example of test) predictRouter(model, example);
  const predictMsPerItem = (performance.now() - predictStarted) / test.length;
  const modelBytes = Buffer.byteLength(serializeRouter(model), 'utf8');
  return { top1, top3, n, trainMs: Math.round(trainMs), predictMsPerItem, modelBytes };
}

export function runRoutingDatasets(
  opts: { dir?: string; routerOptions?: TRouterOptions } = {},
): TRoutingDatasetsResult {
  const data = {
    taipei: loadDataset('taipei', opts.dir),
    teddy: loadDataset('teddy', opts.dir),
  };
  const baseline = (name: TDatasetName) =>
    evaluateNaiveBayes(trainNaiveBayes(data[name].train), data[name].test);
  return {
    taipei: measureRouter(data.taipei.train, data.taipei.test, opts.routerOptions),
    teddy: measureRouter(data.teddy.train, data.teddy.test, opts.routerOptions),
    baselineNB: { taipei: baseline('taipei'), teddy: baseline('teddy') },
  };
}

if (require.main === module) {
  try {
    console.log(JSON.stringify(runRoutingDatasets(), null, 2));
  } catch (err) {
    console.error('routing-datasets failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
