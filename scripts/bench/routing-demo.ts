/**
 * The demo half of the routing benchmark: on a scratch database seeded with the reference data
 * and the demo history, how well does the router name the unit that handled a held-out ticket,
 * and how well does the duplicate finder find the planted duplicates without taking the near
 * misses for duplicates?
 *
 * Usage: npx tsx scripts/bench/routing-demo.ts [--count 2000] [--seed 20180630]
 * Needs PostgreSQL at DATABASE_URL (the server part is replaced by the scratch database name)
 * or postgres://postgres@127.0.0.1:5432.
 */
import { Client } from 'pg';
import { createPiiCipher } from '../../server/src/infra/crypto';
import { createDb } from '../../server/src/infra/db/client';
import { runMigrations } from '../../server/src/infra/db/migrate';
import { createLogger } from '../../server/src/infra/logger';
import { trainRoutingModels } from '../../server/src/modules/dispatch/train-routing';
import { seedDemoHistory } from '../../server/src/modules/seed/demo-history';
import { seedDemoUsers, seedReference } from '../../server/src/modules/seed/seed';
import { CalendarService } from '../../server/src/modules/sla/calendar.service';
import { LIKELY_DUPLICATE_SCORE } from '../../server/src/modules/tickets/duplicates/duplicate-score';
import { findDuplicatesOfTicket } from '../../server/src/modules/tickets/duplicates/find-duplicates';
import type { TUseCaseContext } from '../../server/src/app-context';

export type TRoutingDemoOptions = {
  /** Server URL; the database name in it is replaced by `database`. */
  url?: string;
  database?: string;
  count?: number;
  seed?: number;
  /** Where the planted parent must be among the suggestions to count as found. */
  recallAt?: number;
  /** Keep the scratch database afterwards (to look at it). */
  keep?: boolean;
};

export type TRoutingDemoResult = {
  /** Held-out handled tickets: the unit that replied is the model's first / among its first three. */
  demo_top1: number | null;
  demo_top3: number | null;
  demo_train_rows: number;
  demo_heldout_rows: number;
  /** The category model (what the agent has not picked yet), on the same held-out tickets. */
  demo_category_top1: number | null;
  demo_category_top3: number | null;
  /** Top suggestions (score ≥ LIKELY_DUPLICATE_SCORE) that are the planted parent, over all made. */
  dup_precision: number;
  /** Planted children whose parent is among the first `recallAt` candidates. */
  dup_recall: number;
  /** Planted children whose parent is the top suggestion (what a dispatcher would merge into). */
  dup_recall_top1: number;
  dup_children: number;
  dup_near_misses: number;
  dup_suggestions: number;
  dup_false_positives: number;
  /** By kind of plant: found / total (pairs) or wrongly suggested / total (near misses). */
  dup_by_kind: Record<string, string>;
  dup_ms_per_query: number;
  seed_tickets: number;
  seed_seconds: number;
  train_seconds: number;
};

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(server: string, database: string): string {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return u.toString();
}

async function recreateDatabase(server: string, database: string, drop = false): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`Unsafe database name ${database}`);
  const client = new Client({ connectionString: urlFor(server, 'postgres') });
  await client.connect();
  try {
    await client.query(`drop database if exists ${database} with (force)`);
    if (!drop) await client.query(`create database ${database}`);
  } finally {
    await client.end();
  }
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 10_000 : 0);

export async function runRoutingDemo(opts: TRoutingDemoOptions = {}): Promise<TRoutingDemoResult> {
  const server = opts.url ?? process.env.DATABASE_URL ?? DEFAULT_SERVER;
  const database = opts.database ?? 'hotline_bench_routing';
  const recallAt = opts.recallAt ?? 3;
  await recreateDatabase(server, database);
  const url = urlFor(server, database);
  await runMigrations(url);
  const { db, pool } = createDb(url, { max: 4 });
  const ctx: TUseCaseContext = {
    db,
    calendar: new CalendarService(db),
    clock: () => new Date(),
    pii: createPiiCipher(undefined, false),
    logger: createLogger({ level: 'silent', name: 'bench' }),
  };
  try {
    await seedReference(db);
    await seedDemoUsers(db, { password: 'Hotline@12345' });
    const seedStarted = Date.now();
    const history = await seedDemoHistory(db, ctx.pii, { count: opts.count, seed: opts.seed });
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    const trainStarted = Date.now();
    const { unit, category } = await trainRoutingModels(ctx);
    const trainSeconds = (Date.now() - trainStarted) / 1000;

    const idOf = new Map(
      (await pool.query<{ id: string; no: string }>(`select id, no from tickets`)).rows.map((r) => [
        r.no,
        r.id,
      ]),
    );
    const byKind: Record<string, [number, number]> = {};
    const tally = (kind: string, hit: boolean) => {
      const k = (byKind[kind] ??= [0, 0]);
      k[0] += hit ? 1 : 0;
      k[1] += 1;
    };
    let suggestions = 0;
    let correct = 0;
    let found = 0;
    let foundTop1 = 0;
    const queryStarted = Date.now();
    for (const p of history.planted) {
      const items = await findDuplicatesOfTicket(ctx, idOf.get(p.childNo)!, { limit: recallAt });
      const parentId = idOf.get(p.parentNo);
      const hit = items.some((c) => c.ticketId === parentId);
      found += hit ? 1 : 0;
      tally(p.kind, hit);
      const top = items[0];
      if (top && top.score >= LIKELY_DUPLICATE_SCORE) {
        suggestions += 1;
        if (top.ticketId === parentId) {
          correct += 1;
          foundTop1 += 1;
        }
      }
    }
    let falsePositives = 0;
    for (const m of history.nearMisses) {
      const items = await findDuplicatesOfTicket(ctx, idOf.get(m.queryNo)!, { limit: 1 });
      const suggested = Boolean(items[0] && items[0].score >= LIKELY_DUPLICATE_SCORE);
      if (suggested) {
        suggestions += 1;
        falsePositives += 1;
      }
      tally(m.kind, suggested);
    }
    const queries = history.planted.length + history.nearMisses.length;
    return {
      demo_top1: unit?.top1 ?? null,
      demo_top3: unit?.top3 ?? null,
      demo_train_rows: unit ? unit.trainingRows - unit.heldoutRows : 0,
      demo_heldout_rows: unit?.heldoutRows ?? 0,
      demo_category_top1: category?.top1 ?? null,
      demo_category_top3: category?.top3 ?? null,
      dup_precision: ratio(correct, suggestions),
      dup_recall: ratio(found, history.planted.length),
      dup_recall_top1: ratio(foundTop1, history.planted.length),
      dup_children: history.planted.length,
      dup_near_misses: history.nearMisses.length,
      dup_suggestions: suggestions,
      dup_false_positives: falsePositives,
      dup_by_kind: Object.fromEntries(Object.entries(byKind).map(([k, [a, b]]) => [k, `${a}/${b}`])),
      dup_ms_per_query: Math.round(((Date.now() - queryStarted) / Math.max(queries, 1)) * 10) / 10,
      seed_tickets: history.tickets,
      seed_seconds: seedSeconds,
      train_seconds: trainSeconds,
    };
  } finally {
    await pool.end();
    if (!opts.keep) await recreateDatabase(server, database, true);
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const count = argValue('--count');
  const seed = argValue('--seed');
  runRoutingDemo({
    count: count ? Number(count) : undefined,
    seed: seed ? Number(seed) : undefined,
    keep: process.argv.includes('--keep'),
  }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error('routing-demo failed:', err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
