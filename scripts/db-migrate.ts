/** Applies the SQL migrations in server/drizzle to DATABASE_URL. Usage: npx tsx scripts/db-migrate.ts */
import { runMigrations } from '../server/src/infra/db/migrate';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline');
    process.exit(2);
  }
  await runMigrations(url);
  console.log('Migrations applied.');
}

main().catch((err: unknown) => {
  console.error('Migration failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
