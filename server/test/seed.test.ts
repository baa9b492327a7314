/**
 * The reference seed against a real PostgreSQL (127.0.0.1:5432 unless PG_ADMIN_URL says
 * otherwise), in a database of its own that is dropped afterwards.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Client } from 'pg';
import { createDb, type TDb } from '../src/infra/db/client';
import { runMigrations } from '../src/infra/db/migrate';
import { calendarDays, categories, slaPolicies, units, users } from '../src/infra/db/schema';
import { verifyPassword } from '../src/modules/auth/password';
import { DEMO_USERS, seedDemoUsers, seedReference } from '../src/modules/seed/seed';
import { testDbName } from './support/db';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = testDbName('seed');
const PASSWORD = 'Test@12345';
const DISTRICT_CODES = ['tn', 'zl', 'xb', 'wj', 'jt', 'ly'];

async function adminQuery(statement: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${err instanceof Error ? err.message : String(err)}). ` +
        'Start it (e.g. `sudo service postgresql start` or `pg_ctlcluster 15 main start`) with trust auth for ' +
        'user postgres on 127.0.0.1:5432, or point PG_ADMIN_URL at a server you can create databases on.',
      { cause: err },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function tableCounts(db: TDb) {
  return {
    units: await db.$count(units),
    categories: await db.$count(categories),
    slaPolicies: await db.$count(slaPolicies),
    calendarDays: await db.$count(calendarDays),
    users: await db.$count(users),
  };
}

describe('database seed', () => {
  let db: TDb;
  let pool: { end: () => Promise<void> };
  let countsAfterFirstRun: Awaited<ReturnType<typeof tableCounts>>;

  beforeAll(async () => {
    await adminQuery(`drop database if exists ${DB_NAME} with (force)`);
    await adminQuery(`create database ${DB_NAME}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${DB_NAME}`;
    await runMigrations(url.toString());
    ({ db, pool } = createDb(url.toString(), { max: 3 }));
    await seedReference(db);
    await seedDemoUsers(db, { password: PASSWORD });
    countsAfterFirstRun = await tableCounts(db);
  });

  afterAll(async () => {
    await pool?.end();
    await adminQuery(`drop database if exists ${DB_NAME} with (force)`);
  });

  it('changes no row counts when run a second time', async () => {
    const ref = await seedReference(db);
    const demo = await seedDemoUsers(db, { password: PASSWORD });
    const counts = await tableCounts(db);
    expect(counts).toEqual(countsAfterFirstRun);
    expect(ref).toMatchObject({
      units: counts.units,
      categories: counts.categories,
      slaPolicies: counts.slaPolicies,
      calendarDays: counts.calendarDays,
    });
    // The stored hashes still verify, so nothing is rehashed.
    expect(demo.passwordsSet).toBe(0);
  });

  it('builds the organisation tree with materialised paths', async () => {
    const all = await db.select().from(units);
    const byId = new Map(all.map((u) => [u.id, u]));
    const city = all.find((u) => u.code === 'city');
    expect(city).toMatchObject({ kind: 'hotline', canDispatch: true, parentId: null, path: `/${city?.id}/` });
    for (const u of all) {
      const parent = u.parentId ? byId.get(u.parentId) : undefined;
      expect(u.path).toBe(`${parent ? parent.path : '/'}${u.id}/`);
    }
    expect(new Set(all.map((u) => u.code)).size).toBe(all.length);
    expect(all.every((u) => /^[a-z0-9_]+$/.test(u.code))).toBe(true);
  });

  it('has at least 20 member units and the six district branches', async () => {
    const members = await db.$count(units, inArray(units.kind, ['department', 'enterprise']));
    expect(members).toBeGreaterThanOrEqual(20);
    const districts = await db.select().from(units).where(inArray(units.code, DISTRICT_CODES));
    expect(districts).toHaveLength(6);
    for (const d of districts) expect(d).toMatchObject({ kind: 'district', canDispatch: true });
    const cgj = await db.select().from(units).where(eq(units.code, 'cgj'));
    expect(cgj[0]?.name).toBe('市城管局');
    // Every district has streets below it.
    for (const d of districts) {
      expect(
        await db.$count(units, and(eq(units.parentId, d.id), eq(units.kind, 'street'))),
      ).toBeGreaterThanOrEqual(2);
    }
  });

  it('seeds at least 40 leaf categories, each with a default unit', async () => {
    const leaves = await db.select().from(categories).where(eq(categories.isLeaf, true));
    expect(leaves.length).toBeGreaterThanOrEqual(40);
    for (const leaf of leaves) {
      expect(leaf.defaultUnitId).not.toBeNull();
      expect(leaf.level).toBe(2);
      expect(leaf.parentId).not.toBeNull();
    }
    const groups = await db.select().from(categories).where(eq(categories.level, 1));
    expect(groups.length).toBeGreaterThanOrEqual(14);
    expect(groups.every((g) => !g.isLeaf && g.parentId === null)).toBe(true);
  });

  it('seeds the SLA policies with a catch-all default', async () => {
    const policies = await db.select().from(slaPolicies);
    expect(policies.filter((p) => p.line === null && p.type === null && p.urgency === null)).toHaveLength(1);
    const find = (f: Partial<(typeof policies)[number]>) =>
      policies.find(
        (p) =>
          p.line === (f.line ?? null) && p.type === (f.type ?? null) && p.urgency === (f.urgency ?? null),
      );
    expect(find({ type: 'consultation' })).toMatchObject({ handleAmount: 3, handleUnit: 'working_days' });
    expect(find({ type: 'complaint' })).toMatchObject({
      handleAmount: 15,
      signAmount: 2,
      signUnit: 'working_hours',
    });
    expect(find({ urgency: 'critical' })).toMatchObject({ handleAmount: 2, handleUnit: 'calendar_hours' });
    expect(find({ type: 'complaint', urgency: 'critical' })).toMatchObject({
      handleAmount: 2,
      handleUnit: 'calendar_hours',
    });
    expect(find({ urgency: 'urgent' })).toMatchObject({ handleAmount: 1, handleUnit: 'working_days' });
    expect(find({ line: '12388' })).toMatchObject({ handleAmount: 15, handleUnit: 'working_days' });
    expect(policies.every((p) => p.warnRatio === 0.75 && p.callbackAmount === 2)).toBe(true);
  });

  it('marks the 2026 Spring Festival holiday and its make-up working days', async () => {
    const rows = await db
      .select()
      .from(calendarDays)
      .where(inArray(calendarDays.date, ['2026-02-14', '2026-02-16', '2026-02-28']));
    const byDate = Object.fromEntries(rows.map((r) => [r.date, r.isWorkingDay]));
    expect(byDate).toEqual({ '2026-02-14': true, '2026-02-16': false, '2026-02-28': true });
    expect(rows.every((r) => r.source === 'chinese-days')).toBe(true);
  });

  it('has calendar rows for every year from 2004 to 2026', async () => {
    const rows = await db.execute<{ year: number }>(
      sql`select distinct extract(year from date)::int as year from calendar_days order by 1`,
    );
    const years = rows.rows.map((r) => Number(r.year));
    expect(years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('keeps calendar days an admin edited', async () => {
    await db
      .update(calendarDays)
      .set({ isWorkingDay: true, name: '本地调整', source: 'admin' })
      .where(eq(calendarDays.date, '2026-02-16'));
    await seedReference(db);
    const [row] = await db.select().from(calendarDays).where(eq(calendarDays.date, '2026-02-16'));
    expect(row).toMatchObject({ isWorkingDay: true, name: '本地调整', source: 'admin' });
  });

  it('creates the demo users with argon2id hashes of the demo password', async () => {
    const rows = await db
      .select({ user: users, unitCode: units.code })
      .from(users)
      .innerJoin(units, eq(units.id, users.unitId))
      .where(
        inArray(
          users.username,
          DEMO_USERS.map((u) => u.username),
        ),
      );
    expect(rows).toHaveLength(DEMO_USERS.length);
    for (const expected of DEMO_USERS) {
      const row = rows.find((r) => r.user.username === expected.username);
      expect(row).toMatchObject({ unitCode: expected.unitCode, user: { role: expected.role, active: true } });
      expect(row?.user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row?.user.passwordHash ?? '', PASSWORD)).toBe(true);
      expect(await verifyPassword(row?.user.passwordHash ?? '', 'wrong')).toBe(false);
    }
  });

  it('resets a changed demo password to the demo password on rerun', async () => {
    await db.update(users).set({ passwordHash: 'not-a-hash' }).where(eq(users.username, 'agent1'));
    const res = await seedDemoUsers(db, { password: PASSWORD });
    expect(res.passwordsSet).toBe(1);
    const [row] = await db.select().from(users).where(eq(users.username, 'agent1'));
    expect(await verifyPassword(row?.passwordHash ?? '', PASSWORD)).toBe(true);
  });
});
