/**
 * Migrates, then seeds the reference data (units, categories, SLA policies, holiday calendar).
 * Usage: npx tsx scripts/db-seed.ts [--demo [--force-demo]]
 *   --demo        also create the demo users (password: DEMO_PASSWORD or 'Hotline@12345') and, on an
 *                 empty database, a set of demo tickets in every state
 *   --force-demo  allow --demo when NODE_ENV=production
 * Safe to rerun: every step is an idempotent upsert.
 */
import { createDb } from '../server/src/infra/db/client';
import { runMigrations } from '../server/src/infra/db/migrate';
import { createPiiCipher } from '../server/src/infra/crypto';
import { createLogger } from '../server/src/infra/logger';
import { seedDemoTickets } from '../server/src/modules/seed/demo-tickets';
import { DEMO_USERS, seedDemoUsers, seedReference } from '../server/src/modules/seed/seed';
import { CalendarService } from '../server/src/modules/sla/calendar.service';

const DEFAULT_DEMO_PASSWORD = 'Hotline@12345';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => a !== '--demo' && a !== '--force-demo');
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\nUsage: db-seed.ts [--demo [--force-demo]]`);
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline');
    process.exit(2);
  }
  const demo = args.has('--demo');
  if (demo && process.env.NODE_ENV === 'production' && !args.has('--force-demo')) {
    console.error(
      'Refusing to create demo users with known passwords while NODE_ENV=production (add --force-demo).',
    );
    process.exit(2);
  }

  await runMigrations(url);
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
        pii: createPiiCipher(process.env.PII_ENCRYPTION_KEY, process.env.NODE_ENV === 'production'),
        logger: createLogger({ level: 'warn', name: 'seed' }),
      });
      console.log(tickets ? `Demo tickets: ${tickets} created.` : 'Demo tickets: kept the existing tickets.');
    }
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error('Seed failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
