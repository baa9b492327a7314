/**
 * Named (server-side prepared) statements for hot SQL. An unnamed statement is parsed and planned
 * by PostgreSQL on every execution, and planning a query on `tickets` weighs its twenty indexes and
 * their partial predicates: 0.25–0.75 ms of database CPU for a lookup by id that then runs in 0.02 ms
 * (pg_stat_statements during the intake benchmark). A named statement is planned once per
 * connection and its generic plan reused.
 *
 * The name is a digest of the SQL text, so the same text always has the same name and different
 * texts never share one. Only the first MAX_NAMED texts a process sees are named (texts that vary
 * with list lengths would otherwise fill every connection with statements); later ones run unnamed.
 * Named statements need session-level pooling (a connection per client): behind PgBouncer use
 * session mode, or PgBouncer ≥ 1.21 with max_prepared_statements.
 */
import { createHash } from 'node:crypto';
import { getTableColumns, type SQL } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import type { TDbOrTx } from './client';

const MAX_NAMED = 256;
const dialect = new PgDialect();
const names = new Map<string, string>();

function nameFor(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `q_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    names.set(text, name);
  }
  return name;
}

/** As `db.execute(query)`, as a named statement. */
export async function executeNamed<TRow = Record<string, unknown>>(
  db: TDbOrTx,
  query: SQL,
): Promise<{ rows: TRow[] }> {
  const q = dialect.sqlToQuery(query);
  const prepared = db._.session.prepareQuery(q, undefined, nameFor(q.sql), false);
  return (await prepared.execute()) as { rows: TRow[] };
}

/**
 * A row as PostgreSQL returns it (snake_case columns, pg's own parsers) as drizzle's select of
 * `table` gives it (the schema's property names and types).
 */
export function rowOf<T extends PgTable>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

type TBuiltQuery = {
  rawQueryConfig: { name?: string; text: string };
  queryConfig: { name?: string; text: string };
  execute(): Promise<unknown>;
};

/**
 * Runs a drizzle query builder (select, insert, update, delete) as a named statement, with
 * drizzle's own result mapping: the builder is built once, and its statement named from its text.
 */
export async function named<TResult>(builder: {
  prepare(name: string): { execute(): Promise<TResult> };
}): Promise<TResult> {
  const prepared = builder.prepare('') as unknown as TBuiltQuery;
  const name = nameFor(prepared.rawQueryConfig.text);
  prepared.rawQueryConfig.name = name;
  prepared.queryConfig.name = name;
  return (await prepared.execute()) as TResult;
}
