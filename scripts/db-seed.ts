/**
 * Migrates, then seeds the reference data (units, categories, SLA policies, holiday calendar).
 * Usage: npx tsx scripts/db-seed.ts [--demo] [--history] [--force-demo]
 *   --demo        also create the demo users (password: DEMO_PASSWORD or 'Hotline@12345') and, on an
 *                 empty database, a set of demo tickets in every state
 *   --history     also create the demo history: ~2,000 handled tickets of the last 90 days (what
 *                 the router learns from) and the last week's open tickets with planted duplicates;
 *                 once per database (after --demo, so the demo tickets are made first)
 *   --force-demo  allow --demo / --history when NODE_ENV=production
 * Safe to rerun: every step is an idempotent upsert.
 */
import { createDb } from '../server/src/infra/db/client';
import { runMigrations } from '../server/src/infra/db/migrate';
import { piiCipherFromEnv } from '../server/src/infra/crypto';
import { createLogger } from '../server/src/infra/logger';
import { listRoutingModels } from '../server/src/modules/dispatch/routing-model.store';
import { trainRoutingModels } from '../server/src/modules/dispatch/train-routing';
import { seedDemoCatalogue } from '../server/src/modules/seed/demo-catalogue';
import { seedDemoHistory } from '../server/src/modules/seed/demo-history';
import { seedDemoKb } from '../server/src/modules/seed/demo-kb';
import { seedDemoTickets } from '../server/src/modules/seed/demo-tickets';
import { DEMO_USERS, seedDemoUsers, seedReference } from '../server/src/modules/seed/seed';
import { CalendarService } from '../server/src/modules/sla/calendar.service';

const DEFAULT_DEMO_PASSWORD = 'Hotline@12345';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => !['--demo', '--history', '--force-demo'].includes(a));
  if (unknown.length > 0) {
    console.error(
      `Unknown argument(s): ${unknown.join(' ')}\nUsage: db-seed.ts [--demo] [--history] [--force-demo]`,
    );
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline');
    process.exit(2);
  }
  const demo = args.has('--demo');
  const history = args.has('--history');
  if ((demo || history) && process.env.NODE_ENV === 'production' && !args.has('--force-demo')) {
    console.error('Refusing to create demo data while NODE_ENV=production (add --force-demo).');
    process.exit(2);
  }

  await runMigrations(url);
  // Only demo data touches personal data; the reference seed must not need the key.
  const pii = demo || history ? piiCipherFromEnv(process.env, process.env.NODE_ENV === 'production') : null;
  const { db, pool } = createDb(url, { max: 2 });
  try {
    const ref = await seedReference(db);
    console.log(
      `Reference data: ${ref.units} units, ${ref.categories} categories (${ref.leafCategories} leaves), ` +
        `${ref.slaPolicies} SLA policies, ${ref.calendarDays} calendar days.`,
    );
    if (demo) {
      const password = process.env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
      const res = await seedDemoUsers(db, { password });
      console.log(
        `Demo users: ${res.demoUsers} (${DEMO_USERS.map((u) => u.username).join(', ')}), ` +
          `${res.passwordsSet} password(s) set; ${res.users} users in total.`,
      );
      if (!process.env.DEMO_PASSWORD) console.log(`Demo password: ${DEFAULT_DEMO_PASSWORD}`);
      const tickets = await seedDemoTickets({
        db,
        calendar: new CalendarService(db),
        clock: () => new Date(),
        pii: pii!,
        logger: createLogger({ level: 'warn', name: 'seed' }),
      });
      console.log(tickets ? `Demo tickets: ${tickets} created.` : 'Demo tickets: kept the existing tickets.');
      const rules = await seedDemoCatalogue({
        db,
        calendar: new CalendarService(db),
        clock: () => new Date(),
        pii: pii!,
        logger: createLogger({ level: 'warn', name: 'seed' }),
      });
      if (rules) console.log(`Dispatch catalogue: ${rules} demo rules.`);
      const articles = await seedDemoKb({
        db,
        calendar: new CalendarService(db),
        clock: () => new Date(),
        pii: pii!,
        logger: createLogger({ level: 'warn', name: 'seed' }),
      });
      if (articles) console.log(`Knowledge base: ${articles} demo articles.`);
    }
    if (history) {
      const started = Date.now();
      const res = await seedDemoHistory(db, pii!);
      console.log(
        res.tickets
          ? `Demo history: ${res.tickets} tickets (${res.planted.length} planted duplicates) in ` +
              `${((Date.now() - started) / 1000).toFixed(1)} s.`
          : 'Demo history: already there, left as it is.',
      );
      // The router suggests from its first ticket on: train once now instead of waiting for 02:00.
      if ((await listRoutingModels(db)).length === 0) {
        const t0 = Date.now();
        const models = await trainRoutingModels({
          db,
          calendar: new CalendarService(db),
          clock: () => new Date(),
          pii: pii!,
          logger: createLogger({ level: 'warn', name: 'seed' }),
        });
        const pct = (v: number | null | undefined) => (v == null ? '–' : `${Math.round(v * 100)} %`);
        console.log(
          `Routing models trained in ${((Date.now() - t0) / 1000).toFixed(1)} s: units top-1 ` +
            `${pct(models.unit?.top1)} / top-3 ${pct(models.unit?.top3)} on held-out tickets.`,
        );
      }
    }
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error('Seed failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
