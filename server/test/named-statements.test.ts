/**
 * Named statements (infra/db/named.ts): the hot paths' SQL is planned once per connection. The
 * results are the same as drizzle's own execution, and the statement really is prepared.
 */
import { eq, sql } from 'drizzle-orm';
import { createDb } from '../src/infra/db/client';
import { executeNamed, named, reusable, reusableSql, rowOf } from '../src/infra/db/named';
import { tickets, units } from '../src/infra/db/schema';
import { signInCast, createTicket } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

let s: TTestServer;
let db: ReturnType<typeof createDb>;

beforeAll(async () => {
  s = await startTestServer('named_statements');
  db = createDb(s.dbUrl, { max: 2 });
}, 60_000);
afterAll(async () => {
  await db?.pool.end();
  await s?.stop();
});

describe('named statements', () => {
  test('a builder run named gives what drizzle gives, mapped to the schema (names and types)', async () => {
    const c = await signInCast(s);
    const t = await createTicket(c);
    const plain = await db.db.select().from(tickets).where(eq(tickets.id, t.id));
    const viaName = await named(db.db.select().from(tickets).where(eq(tickets.id, t.id)));
    expect(viaName).toEqual(plain);
    expect(viaName[0]!.createdAt).toBeInstanceOf(Date);
    const raw = (await db.pool.query('select * from tickets where id = $1', [t.id])).rows[0];
    expect(rowOf(tickets, raw)).toEqual(plain[0]);
  });

  test('the statement is prepared on the connection, under a name from its text, and reused', async () => {
    const prepared = await db.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await executeNamed(tx, sql`select count(*) from units where kind = ${'district'}`);
        await named(tx.select({ id: units.id }).from(units).where(eq(units.kind, 'district')));
      }
      const res = await tx.execute(
        sql`select name, statement from pg_prepared_statements where not from_sql order by statement`,
      );
      return res.rows as { name: string; statement: string }[];
    });
    const ours = prepared.filter(
      (p) => p.statement.includes('from units') || p.statement.includes('from "units"'),
    );
    expect(ours).toHaveLength(2);
    for (const p of ours) expect(p.name).toMatch(/^q_[\w-]{22}$/);
  });

  test("a reusable statement is built once and runs with each call's values, on the pool or in a transaction", async () => {
    const c = await signInCast(s);
    const [a, b] = [await createTicket(c), await createTicket(c)];
    let builds = 0;
    const byId = reusable((d) => {
      builds += 1;
      return d
        .select()
        .from(tickets)
        .where(eq(tickets.id, sql.placeholder('id')));
    });
    const plainA = await db.db.select().from(tickets).where(eq(tickets.id, a.id));
    expect(await byId(db.db, { id: a.id })).toEqual(plainA);
    const inTx = await db.db.transaction(async (tx) => {
      const rows = [...(await byId(tx, { id: b.id })), ...(await byId(tx, { id: a.id }))];
      const res = await tx.execute(
        sql`select count(*)::int as n from pg_prepared_statements where not from_sql and statement like '%where "tickets"."id" = $1'`,
      );
      return { rows, prepared: (res.rows[0] as { n: number }).n };
    });
    expect(inTx.rows.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(inTx.prepared).toBe(1);
    expect(builds).toBe(1);
    // a value left out is an error, never a statement run with a hole in it
    await expect(byId(db.db, {})).rejects.toThrow(/placeholder "id"/);

    const count = reusableSql(
      () => sql`select count(*)::int as n from units where kind = ${sql.placeholder('kind')}`,
    );
    const districts = (await db.pool.query(`select count(*)::int as n from units where kind = 'district'`))
      .rows[0];
    expect((await count(db.db, { kind: 'district' })).rows).toEqual([districts]);
    expect((await count(db.db, { kind: 'no such kind' })).rows).toEqual([{ n: 0 }]);
  });
});
