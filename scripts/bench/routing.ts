/**
 * `npm run bench:routing`: the smart-dispatch learner the product uses, measured on the two
 * public datasets (fixed split, see ../shared/datasets/README.md) against a plain naive Bayes
 * trained in the same run, and on held-out demo history together with the duplicate finder.
 * Ends with one line:
 * routing: taipei_top1=… taipei_top3=… teddy_top1=… teddy_top3=… demo_top3=… dup_precision=… dup_recall=…
 */
import { runRoutingDatasets } from './routing-datasets';
import { runRoutingDemo } from './routing-demo';

const f = (v: number | null | undefined) => (v == null ? 'n/a' : v.toFixed(3));
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const ds = runRoutingDatasets();
  console.log('dataset  rows(test)  router top-1 / top-3   naive Bayes top-1 / top-3   train   model');
  for (const name of ['taipei', 'teddy'] as const) {
    const r = ds[name];
    const nb = ds.baselineNB[name];
    console.log(
      `${name.padEnd(8)} ${String(r.n).padStart(10)}  ${pct(r.top1).padStart(8)} / ${pct(r.top3).padEnd(9)}` +
        `  ${pct(nb.top1).padStart(12)} / ${pct(nb.top3).padEnd(12)} ${(r.trainMs / 1000).toFixed(1)} s` +
        `  ${(r.modelBytes / 1e6).toFixed(1)} MB  (${r.predictMsPerItem.toFixed(3)} ms/prediction)`,
    );
  }
  const demo = await runRoutingDemo();
  console.log(
    `demo     ${String(demo.demo_heldout_rows).padStart(10)}  ${pct(demo.demo_top1 ?? 0).padStart(8)} / ` +
      `${pct(demo.demo_top3 ?? 0)}  (trained on ${demo.demo_train_rows} handled tickets; categories ` +
      `${pct(demo.demo_category_top1 ?? 0)} / ${pct(demo.demo_category_top3 ?? 0)})`,
  );
  console.log(
    `duplicates: ${demo.dup_children} planted, ${demo.dup_near_misses} near misses, ` +
      `${demo.dup_suggestions} suggestions (${demo.dup_false_positives} wrong), ` +
      `${demo.dup_ms_per_query.toFixed(1)} ms per lookup`,
  );
  console.log(
    `routing: taipei_top1=${f(ds.taipei.top1)} taipei_top3=${f(ds.taipei.top3)} ` +
      `teddy_top1=${f(ds.teddy.top1)} teddy_top3=${f(ds.teddy.top3)} demo_top3=${f(demo.demo_top3)} ` +
      `dup_precision=${f(demo.dup_precision)} dup_recall=${f(demo.dup_recall)}`,
  );
}

main().catch((err: unknown) => {
  console.error('bench:routing failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
