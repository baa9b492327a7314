/**
 * Generates a realistic history for a period into DATABASE_URL, rebuilds the KPI roll-up and
 * prints the period's report figures (computed from what was written).
 * Usage: npm run demo:generate [-- --preset changzhou-2018h1] [-- --from 2018-01-01 --to 2018-06-30 --seed 1]
 *   (no arguments: the last six full months, about 400 calls answered a day)
 * Refuses to write into a period that already holds generated data; refuses NODE_ENV=production.
 */
import { ZDay } from '@hotline/shared';
import { piiCipherFromEnv } from '../server/src/infra/crypto';
import { createDb } from '../server/src/infra/db/client';
import { runMigrations } from '../server/src/infra/db/migrate';
import { buildWorkReport } from '../server/src/modules/reports/work-report';
import {
  defaultGenerateOptions,
  generateDemoPeriod,
  GENERATE_PRESETS,
  type TGenerateOptions,
} from '../server/src/modules/seed/demo-generate';
import { seedReference } from '../server/src/modules/seed/seed';

const USAGE =
  'Usage: demo-generate.ts [--preset ' +
  Object.keys(GENERATE_PRESETS).join('|') +
  '] [--from YYYY-MM-DD --to YYYY-MM-DD] [--seed N] [--calls N]';

function parseArgs(argv: string[]): TGenerateOptions {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i]!, argv[i + 1]];
    if (!['--preset', '--from', '--to', '--seed', '--calls'].includes(k) || v === undefined)
      throw new Error(USAGE);
    args.set(k.slice(2), v);
  }
  const preset = args.get('preset');
  if (preset !== undefined) {
    if (args.size > 1) throw new Error(`--preset takes no other option\n${USAGE}`);
    const p = GENERATE_PRESETS[preset as keyof typeof GENERATE_PRESETS];
    if (!p) throw new Error(`Unknown preset "${preset}"\n${USAGE}`);
    return p;
  }
  const o = defaultGenerateOptions(new Date());
  const from = args.get('from') ?? o.from;
  const to = args.get('to') ?? o.to;
  if (!ZDay.safeParse(from).success || !ZDay.safeParse(to).success || from > to)
    throw new Error(`--from / --to must be days with from ≤ to\n${USAGE}`);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  const calls = args.has('calls') ? Number(args.get('calls')) : days * 400;
  const seed = args.has('seed') ? Number(args.get('seed')) : o.seed;
  if (!Number.isInteger(calls) || calls < 0 || !Number.isInteger(seed)) throw new Error(USAGE);
  return { from, to, seed, callsAnswered: calls, onlineItems: Math.round(calls / 45), threeWayCalls: days };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline');
  if (process.env.NODE_ENV === 'production')
    throw new Error('Refusing to write demo data while NODE_ENV=production');
  await runMigrations(url);
  const pii = piiCipherFromEnv(process.env, false);
  const { db, pool } = createDb(url, { max: 2 });
  try {
    await seedReference(db);
    const res = await generateDemoPeriod(db, pii, {
      ...opts,
      afterMonth: async (m) => void console.log(`  ${m} written`),
    });
    if (!res.written) {
      console.log(`Nothing written: ${res.reason}.`);
      return;
    }
    const { totals: t, seconds: s } = res;
    console.log(
      `Generated ${res.from}..${res.to}: ${t.tickets} tickets, ${t.events} events, ${t.calls} calls ` +
        `(plan ${s.plan} s, write ${s.write} s, KPI rebuild ${s.rollup} s).`,
    );
    const report = await buildWorkReport(db, res.from, res.to);
    const r = report.summary;
    console.log(
      `Report: calls answered ${r.callsAnswered}, online items ${r.onlineItems} ${JSON.stringify(r.onlineItemsByChannel)}, ` +
        `tickets ${r.ticketsReceived}, on time ${r.onTimeRate}, satisfaction ${r.satisfactionRate}, ` +
        `three-way ${r.threeWayCalls}, signed on time ${r.signOnTimeRate}, returns ${r.returnRate}, redo ${r.redoRate}`,
    );
    console.log(report.paragraph);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  // A failed bulk INSERT carries its whole parameter: show the start only.
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  console.error(
    'demo:generate failed:',
    (err instanceof Error ? err.message : String(err)).slice(0, 300) + cause,
  );
  process.exit(1);
});
