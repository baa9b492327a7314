/**
 * A fresh database per run for the write benchmarks (intake, queues): the prepared one (migrated,
 * seeded, a few generated tickets; see bench-support.ts) is kept as a template and copied, so
 * every run starts from the same rows whatever earlier runs wrote.
 */
import { Pool } from 'pg';
import { prepareBenchDatabase, type TBenchDatabase } from './bench-support';

export type TRunDatabase = { url: string; name: string; drop(): Promise<void> };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freshRunDatabase(template: TBenchDatabase): Promise<TRunDatabase> {
  const templateUrl = await prepareBenchDatabase(template);
  const name = `${template.name}_run`;
  const admin = () => new Pool({ connectionString: withDatabase(templateUrl, 'postgres'), max: 1 });
  const pool = admin();
  try {
    await pool.query(`drop database if exists ${name} with (force)`);
    await pool.query(`create database ${name} template ${template.name}`);
  } finally {
    await pool.end();
  }
  return {
    url: withDatabase(templateUrl, name),
    name,
    async drop() {
      const p = admin();
      try {
        await p.query(`drop database if exists ${name} with (force)`);
      } finally {
        await p.end();
      }
    },
  };
}
