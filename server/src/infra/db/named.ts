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

type TReusableQuery = {
  queryString: string;
  params: unknown[];
  fields?: unknown;
  joinsNotNullableMap?: unknown;
  customResultMapper?: unknown;
  isResponseInArrayMode(): boolean;
};

/**
 * A drizzle query of fixed shape, built once per process with placeholders
 * (`sql.placeholder('id')`) and run, named, on any connection or transaction with the values of
 * the call. Building is not free: drizzle took about 170 µs to build the ticket lock (its forty
 * columns) on every call, a seventh of the workers' CPU per routed ticket with the other builds.
 */
export function reusable<TResult>(
  build: (db: TDbOrTx) => {
    prepare(name: string): { execute(values?: Record<string, unknown>): Promise<TResult> };
  },
): (db: TDbOrTx, values: Record<string, unknown>) => Promise<TResult> {
  let made: TReusableQuery | undefined;
  let name: string | undefined;
  return (db, values) => {
    if (!made) {
      made = build(db).prepare('') as unknown as TReusableQuery;
      name = nameFor(made.queryString);
    }
    const q = db._.session.prepareQuery(
      { sql: made.queryString, params: made.params },
      made.fields as never,
      name,
      made.isResponseInArrayMode(),
      made.customResultMapper as never,
    ) as unknown as { joinsNotNullableMap?: unknown; execute(v: Record<string, unknown>): Promise<TResult> };
    q.joinsNotNullableMap = made.joinsNotNullableMap;
    return q.execute(values);
  };
}

/** As `reusable`, for a statement written as SQL (`sql.placeholder` for its values); rows as pg gives them. */
export function reusableSql<TRow = Record<string, unknown>>(
  build: () => SQL,
): (db: TDbOrTx, values: Record<string, unknown>) => Promise<{ rows: TRow[] }> {
  let made: { sql: string; params: unknown[] } | undefined;
  let name: string | undefined;
  return (db, values) => {
    if (!made) {
      made = dialect.sqlToQuery(build());
      name = nameFor(made.sql);
    }
    const q = db._.session.prepareQuery(made, undefined, name, false);
    return q.execute(values) as Promise<{ rows: TRow[] }>;
  };
}
