/**
 * Reference data (organisation, categories, SLA policies, holiday calendar) and demo users.
 * Both functions are idempotent: they upsert on natural keys (unit/category code, policy
 * name, calendar date, username), skip rows that would not change, and run in one
 * transaction under an advisory lock, so two processes seeding at once cannot interleave.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { ROLE_LABELS, type TRole } from '@hotline/shared';
import { calendarDaysFromChineseDays } from '@hotline/shared/src/sla/chinese-days-source';
import type { TDb, TTx } from '../../infra/db/client';
import { calendarDays, categories, slaPolicies, units, users } from '../../infra/db/schema';
import { hashPassword, verifyPassword } from '../auth/password';
import { CATEGORY_TREE } from './category-data';
import { CITY_UNIT_CODE, UNITS } from './org-data';
import { SLA_POLICIES, type TSlaPolicySeed } from './sla-data';
import { seedDefaultAssessmentScheme } from '../assessment/assessment-seed';

const SEED_LOCK_KEY = 712346;
export const CALENDAR_SOURCE = 'chinese-days';
// The years the bundled State Council schedules cover (chinese-days 1.5.7).
export const CALENDAR_FROM_YEAR = 2004;
export const CALENDAR_TO_YEAR = 2026;
const INSERT_CHUNK = 500;

export type TSeedReferenceOptions = { calendarFromYear?: number; calendarToYear?: number };
/** Row totals of each table after seeding. */
export type TSeedReferenceResult = {
  units: number;
  categories: number;
  leafCategories: number;
  slaPolicies: number;
  calendarDays: number;
};

export async function seedReference(
  db: TDb,
  opts: TSeedReferenceOptions = {},
): Promise<TSeedReferenceResult> {
  const fromYear = opts.calendarFromYear ?? CALENDAR_FROM_YEAR;
  const toYear = opts.calendarToYear ?? CALENDAR_TO_YEAR;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const unitIds = await upsertUnits(tx);
    await upsertCategories(tx, unitIds);
    await upsertSlaPolicies(tx);
    await upsertCalendar(tx, fromYear, toYear);
    await seedDefaultAssessmentScheme(tx);
    return {
      units: await tx.$count(units),
      categories: await tx.$count(categories),
      leafCategories: await tx.$count(categories, eq(categories.isLeaf, true)),
      slaPolicies: await tx.$count(slaPolicies),
      calendarDays: await tx.$count(calendarDays),
    };
  });
}

/** Existing ids by code, and fresh ones for new codes: paths and parent links need them before the insert. */
async function idsByCode(tx: TTx, table: typeof units | typeof categories, codes: string[]) {
  const rows = await tx
    .select({ id: table.id, code: table.code })
    .from(table)
    .where(inArray(table.code, codes));
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  for (const code of codes) if (!ids.has(code)) ids.set(code, randomUUID());
  return ids;
}

function idOf(ids: Map<string, string>, code: string, what: string): string {
  const id = ids.get(code);
  if (!id) throw new Error(`Seed data refers to unknown ${what} code "${code}"`);
  return id;
}

async function upsertUnits(tx: TTx): Promise<Map<string, string>> {
  const ids = await idsByCode(
    tx,
    units,
    UNITS.map((u) => u.code),
  );
  const paths = new Map<string, string>();
  const rows = UNITS.map((u) => {
    const id = idOf(ids, u.code, 'unit');
    const parentId = u.parentCode ? idOf(ids, u.parentCode, 'unit') : null;
    const parentPath = u.parentCode ? paths.get(u.parentCode) : '/';
    if (parentPath === undefined)
      throw new Error(`Unit "${u.code}" is listed before its parent "${u.parentCode}"`);
    const path = `${parentPath}${id}/`;
    paths.set(u.code, path);
    return { id, code: u.code, name: u.name, kind: u.kind, parentId, path, canDispatch: u.canDispatch };
  });
  // `active` is left alone on conflict: a unit an admin switched off stays off.
  await tx
    .insert(units)
    .values(rows)
    .onConflictDoUpdate({
      target: units.code,
      set: {
        name: sql`excluded.name`,
        kind: sql`excluded.kind`,
        parentId: sql`excluded.parent_id`,
        path: sql`excluded.path`,
        canDispatch: sql`excluded.can_dispatch`,
      },
      setWhere: sql`(${units.name}, ${units.kind}, ${units.parentId}, ${units.path}, ${units.canDispatch})
        is distinct from (excluded.name, excluded.kind, excluded.parent_id, excluded.path, excluded.can_dispatch)`,
    });
  // Units created by admins below a seeded unit must follow it if the seed moved it: rebuild
  // every path from the parent links and touch only the rows that differ.
  await tx.execute(sql`
    with recursive tree(id, path) as (
      select id, '/' || id::text || '/' from units where parent_id is null
      union all
      select u.id, tree.path || u.id::text || '/' from units u join tree on u.parent_id = tree.id
    )
    update units set path = tree.path from tree where units.id = tree.id and units.path <> tree.path`);
  return ids;
}

async function upsertCategories(tx: TTx, unitIds: Map<string, string>): Promise<void> {
  const codes = CATEGORY_TREE.flatMap((g) => [g.code, ...g.children.map((c) => c.code)]);
  const ids = await idsByCode(tx, categories, codes);
  const rows = CATEGORY_TREE.flatMap((g) => {
    const groupId = idOf(ids, g.code, 'category');
    return [
      {
        id: groupId,
        code: g.code,
        name: g.name,
        parentId: null,
        level: 1,
        isLeaf: g.children.length === 0,
        defaultUnitId: idOf(unitIds, g.defaultUnitCode, 'unit'),
      },
      ...g.children.map((c) => ({
        id: idOf(ids, c.code, 'category'),
        code: c.code,
        name: c.name,
        parentId: groupId,
        level: 2,
        isLeaf: true,
        defaultUnitId: idOf(unitIds, c.defaultUnitCode, 'unit'),
      })),
    ];
  });
  await tx
    .insert(categories)
    .values(rows)
    .onConflictDoUpdate({
      target: categories.code,
      set: {
        name: sql`excluded.name`,
        parentId: sql`excluded.parent_id`,
        level: sql`excluded.level`,
        isLeaf: sql`excluded.is_leaf`,
        defaultUnitId: sql`excluded.default_unit_id`,
      },
      setWhere: sql`(${categories.name}, ${categories.parentId}, ${categories.level}, ${categories.isLeaf}, ${categories.defaultUnitId})
        is distinct from (excluded.name, excluded.parent_id, excluded.level, excluded.is_leaf, excluded.default_unit_id)`,
    });
}

const SLA_FIELDS = [
  'line',
  'type',
  'urgency',
  'signAmount',
  'signUnit',
  'handleAmount',
  'handleUnit',
  'callbackAmount',
  'callbackUnit',
  'warnRatio',
] as const satisfies readonly (keyof TSlaPolicySeed)[];

/** sla_policies has no unique key on name, so the upsert by name is a read-compare-write (under the seed lock). */
async function upsertSlaPolicies(tx: TTx): Promise<void> {
  const existing = await tx
    .select()
    .from(slaPolicies)
    .where(
      inArray(
        slaPolicies.name,
        SLA_POLICIES.map((p) => p.name),
      ),
    );
  const toInsert: TSlaPolicySeed[] = [];
  for (const policy of SLA_POLICIES) {
    const rows = existing.filter((r) => r.name === policy.name);
    if (rows.length === 0) toInsert.push(policy);
    for (const row of rows) {
      if (SLA_FIELDS.every((f) => row[f] === policy[f])) continue;
      await tx
        .update(slaPolicies)
        .set({ ...policy, updatedAt: new Date() })
        .where(eq(slaPolicies.id, row.id));
    }
  }
  if (toInsert.length > 0) await tx.insert(slaPolicies).values(toInsert);
}

/** Holiday and 调休 rows from the State Council schedules; rows an admin edited (source 'admin') win. */
async function upsertCalendar(tx: TTx, fromYear: number, toYear: number): Promise<void> {
  const days = calendarDaysFromChineseDays(fromYear, toYear);
  for (let i = 0; i < days.length; i += INSERT_CHUNK) {
    const rows = days.slice(i, i + INSERT_CHUNK).map((d) => ({
      date: d.date,
      isWorkingDay: d.isWorkingDay,
      name: d.name ?? null,
      source: CALENDAR_SOURCE,
    }));
    await tx
      .insert(calendarDays)
      .values(rows)
      .onConflictDoUpdate({
        target: calendarDays.date,
        set: {
          isWorkingDay: sql`excluded.is_working_day`,
          name: sql`excluded.name`,
          source: sql`excluded.source`,
          updatedAt: sql`now()`,
        },
        setWhere: and(
          ne(calendarDays.source, 'admin'),
          or(
            sql`${calendarDays.isWorkingDay} is distinct from excluded.is_working_day`,
            sql`${calendarDays.name} is distinct from excluded.name`,
            sql`${calendarDays.source} is distinct from excluded.source`,
          ),
        ),
      });
  }
}

type TDemoUser = {
  username: string;
  role: TRole;
  unitCode: string;
  personName: string;
  /** named to read 12388 discipline reports (besides 市纪委监委's own staff) */
  confidentialReader?: boolean;
};

export const DEMO_USERS: readonly TDemoUser[] = [
  {
    username: 'admin',
    role: 'admin',
    unitCode: CITY_UNIT_CODE,
    personName: '王磊',
    confidentialReader: true,
  },
  { username: 'agent1', role: 'agent', unitCode: CITY_UNIT_CODE, personName: '张敏' },
  { username: 'agent2', role: 'agent', unitCode: CITY_UNIT_CODE, personName: '李娜' },
  { username: 'dispatcher1', role: 'dispatcher', unitCode: CITY_UNIT_CODE, personName: '陈刚' },
  { username: 'supervisor1', role: 'supervisor', unitCode: CITY_UNIT_CODE, personName: '刘洋' },
  { username: 'cgj_handler', role: 'unit_handler', unitCode: 'cgj', personName: '周杰' },
  { username: 'cgj_manager', role: 'unit_manager', unitCode: 'cgj', personName: '吴芳' },
  { username: 'tn_dispatcher', role: 'dispatcher', unitCode: 'tn', personName: '徐静' },
  { username: 'tn_street_handler', role: 'unit_handler', unitCode: 'tn_diaozhuang', personName: '孙伟' },
  { username: 'jwjw_handler', role: 'unit_handler', unitCode: 'jwjw', personName: '马骏' },
];

export type TSeedDemoUsersResult = { demoUsers: number; passwordsSet: number; users: number };

/**
 * Demo accounts for trying the console. On every run each demo user is put back to its
 * seeded unit, role and display name, re-activated, and its password reset to `password`
 * if it no longer matches — a demo database must always be enterable with the documented
 * password. Users that are not demo users are never touched. Not for production data.
 */
export async function seedDemoUsers(db: TDb, opts: { password: string }): Promise<TSeedDemoUsersResult> {
  if (!opts.password) throw new Error('seedDemoUsers needs a non-empty password');
  const usernames = DEMO_USERS.map((u) => u.username);
  // Hash outside the transaction (argon2 is deliberately slow) and only when the stored hash
  // no longer verifies, so a rerun writes nothing.
  const current = await db
    .select({ username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(inArray(users.username, usernames));
  const hashes = new Map<string, string>();
  let passwordsSet = 0;
  for (const u of DEMO_USERS) {
    const stored = current.find((c) => c.username === u.username)?.passwordHash;
    if (stored && (await verifyPassword(stored, opts.password))) {
      hashes.set(u.username, stored);
    } else {
      hashes.set(u.username, await hashPassword(opts.password));
      passwordsSet += 1;
    }
  }

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const unitRows = await tx
      .select({ id: units.id, code: units.code })
      .from(units)
      .where(
        inArray(
          units.code,
          DEMO_USERS.map((u) => u.unitCode),
        ),
      );
    const unitIds = new Map(unitRows.map((r) => [r.code, r.id]));
    const rows = DEMO_USERS.map((u) => {
      const unitId = unitIds.get(u.unitCode);
      if (!unitId) throw new Error(`Unit "${u.unitCode}" is missing: run seedReference before seedDemoUsers`);
      return {
        username: u.username,
        displayName: `${ROLE_LABELS[u.role].zh} ${u.personName}`,
        passwordHash: hashes.get(u.username) ?? '',
        role: u.role,
        unitId,
        active: true,
        confidentialReader: u.confidentialReader ?? false,
      };
    });
    await tx
      .insert(users)
      .values(rows)
      .onConflictDoUpdate({
        target: users.username,
        set: {
          displayName: sql`excluded.display_name`,
          passwordHash: sql`excluded.password_hash`,
          role: sql`excluded.role`,
          unitId: sql`excluded.unit_id`,
          active: sql`excluded.active`,
          confidentialReader: sql`excluded.confidential_reader`,
        },
        setWhere: sql`(${users.displayName}, ${users.passwordHash}, ${users.role}, ${users.unitId}, ${users.active}, ${users.confidentialReader})
          is distinct from (excluded.display_name, excluded.password_hash, excluded.role, excluded.unit_id, excluded.active, excluded.confidential_reader)`,
      });
    return { demoUsers: DEMO_USERS.length, passwordsSet, users: await tx.$count(users) };
  });
}
