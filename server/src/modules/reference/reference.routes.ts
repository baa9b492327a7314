import {
  AppError,
  ZCalendarQuery,
  ZCalendarUpsertSchema,
  ZCreateCategorySchema,
  ZCreateUnitSchema,
  ZCreateUserSchema,
  ZSlaPolicySchema,
  ZUpdateCategorySchema,
  ZUpdateUnitSchema,
  ZUpdateUserSchema,
  LINES,
  type TCategoryView,
  type TUnitView,
} from '@hotline/shared';
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { calendarDays, categories, slaPolicies, units, users } from '../../infra/db/schema';
import { route } from '../../infra/http/route-table';
import { hashPassword } from '../auth/password';
import { assertPasswordPolicy } from '../auth/change-password';
import { checkCalendarCoverage } from '../alerts/calendar-coverage';
import { pinyinKey } from './pinyin-key';
import { lineRoutingOf } from '../seed/category-data';

const ZId = z.object({ id: z.uuid() });
const ZCategoriesQuery = z.object({ line: z.enum(LINES).optional() });
const groupCategories = alias(categories, 'group_categories');

const unitView = (u: typeof units.$inferSelect): TUnitView => ({
  id: u.id,
  code: u.code,
  name: u.name,
  kind: u.kind as TUnitView['kind'],
  parentId: u.parentId,
  canDispatch: u.canDispatch,
  active: u.active,
  replySignoff: u.replySignoff,
  pinyin: pinyinKey(u.name),
});
const categoryView = (c: typeof categories.$inferSelect): TCategoryView => ({
  id: c.id,
  code: c.code,
  name: c.name,
  parentId: c.parentId,
  level: c.level,
  isLeaf: c.isLeaf,
  defaultUnitId: c.defaultUnitId,
  active: c.active,
  pinyin: pinyinKey(c.name),
});
const userView = (u: typeof users.$inferSelect) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitId: u.unitId,
  active: u.active,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});

function one<T>(rows: T[], what: string): T {
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', `${what} not found`);
  return row;
}

/** Reference data: units, users, categories, SLA policies, calendar. Read for all staff, written by admins. */
export function referenceRoutes(ctx: TAppContext): Router {
  const r = Router();
  const { db } = ctx;

  route(
    r,
    {
      method: 'get',
      path: '/units',
      summary: 'The unit tree',
      tag: 'reference',
      permission: 'reference.read',
    },
    async () => ({
      items: (await db.select().from(units).orderBy(asc(units.path))).map(unitView),
    }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/units',
      summary: 'Create a unit',
      tag: 'admin',
      permission: 'reference.manage',
      body: ZCreateUnitSchema,
      statuses: [201, 400, 403, 404],
    },
    async ({ body: input, res }) => {
      const parent = one(await db.select().from(units).where(eq(units.id, input.parentId)), 'Parent unit');
      const row = await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(units)
          .values({ ...input, path: 'pending' })
          .returning();
        const [withPath] = await tx
          .update(units)
          .set({ path: `${parent.path}${created!.id}/` })
          .where(eq(units.id, created!.id))
          .returning();
        return withPath!;
      });
      res.status(201);
      return { unit: unitView(row) };
    },
  );
  route(
    r,
    {
      method: 'patch',
      path: '/units/:id',
      summary: 'Update a unit',
      tag: 'admin',
      permission: 'reference.manage',
      params: ZId,
      body: ZUpdateUnitSchema,
      statuses: [400, 403, 404],
    },
    async ({ params, body }) => ({
      unit: unitView(
        one(await db.update(units).set(body).where(eq(units.id, params.id)).returning(), 'Unit'),
      ),
    }),
  );

  route(
    r,
    {
      method: 'get',
      path: '/users',
      summary: 'Staff accounts',
      tag: 'reference',
      permission: 'reference.read',
    },
    async () => ({
      items: (await db.select().from(users).orderBy(asc(users.username))).map(userView),
    }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/users',
      summary: 'Create a staff account',
      tag: 'admin',
      permission: 'reference.manage',
      body: ZCreateUserSchema,
      statuses: [201, 400, 403, 404, 409],
    },
    async ({ body, res }) => {
      const { password, ...input } = body;
      one(await db.select().from(units).where(eq(units.id, input.unitId)), 'Unit');
      const [row] = await db
        .insert(users)
        .values({ ...input, passwordHash: await hashPassword(password) })
        .onConflictDoNothing({ target: users.username })
        .returning();
      if (!row) throw new AppError('CONFLICT', 'That username is taken', { fields: { username: ['taken'] } });
      res.status(201);
      return { user: userView(row) };
    },
  );
  route(
    r,
    {
      method: 'patch',
      path: '/users/:id',
      summary: 'Update a staff account',
      tag: 'admin',
      permission: 'reference.manage',
      params: ZId,
      body: ZUpdateUserSchema,
      statuses: [400, 403, 404],
    },
    async ({ params, body }) => {
      const { id } = params;
      const { password, ...input } = body;
      if (password) {
        const [current] = await db.select({ username: users.username }).from(users).where(eq(users.id, id));
        if (current) assertPasswordPolicy(password, current.username);
      }
      const patch = { ...input, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
      const row = one(await db.update(users).set(patch).where(eq(users.id, id)).returning(), 'User');
      // Role, unit, password or status changed: the old sessions carry stale rights.
      await ctx.sessions.destroyAllForUser(id);
      return { user: userView(row) };
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/categories',
      summary:
        "The category tree; with `line`, a dedicated line's own leaves (lines without any: the whole tree)",
      tag: 'reference',
      permission: 'reference.read',
      query: ZCategoriesQuery,
      statuses: [400],
    },
    async ({ query }) => {
      const lineRouting = query.line ? lineRoutingOf(query.line) : null;
      if (!lineRouting)
        return {
          items: (await db.select().from(categories).orderBy(asc(categories.code))).map(categoryView),
        };
      const rows = await db
        .select({ category: categories })
        .from(categories)
        .innerJoin(groupCategories, eq(groupCategories.id, categories.parentId))
        .where(and(inArray(groupCategories.code, [...lineRouting.groupCodes]), eq(categories.isLeaf, true)))
        .orderBy(asc(categories.code));
      return { items: rows.map((r) => categoryView(r.category)) };
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/categories',
      summary: 'Create a category',
      tag: 'admin',
      permission: 'reference.manage',
      body: ZCreateCategorySchema,
      statuses: [201, 400, 403, 404, 409],
    },
    async ({ body: input, res }) => {
      const parent = input.parentId
        ? one(await db.select().from(categories).where(eq(categories.id, input.parentId)), 'Parent category')
        : null;
      const row = await db.transaction(async (tx) => {
        if (parent) await tx.update(categories).set({ isLeaf: false }).where(eq(categories.id, parent.id));
        const [created] = await tx
          .insert(categories)
          .values({ ...input, level: parent ? parent.level + 1 : 1 })
          .onConflictDoNothing({ target: categories.code })
          .returning();
        if (!created)
          throw new AppError('CONFLICT', 'That category code exists', { fields: { code: ['taken'] } });
        return created;
      });
      res.status(201);
      return { category: categoryView(row) };
    },
  );
  route(
    r,
    {
      method: 'patch',
      path: '/categories/:id',
      summary: 'Update a category',
      tag: 'admin',
      permission: 'reference.manage',
      params: ZId,
      body: ZUpdateCategorySchema,
      statuses: [400, 403, 404],
    },
    async ({ params, body }) => ({
      category: categoryView(
        one(
          await db.update(categories).set(body).where(eq(categories.id, params.id)).returning(),
          'Category',
        ),
      ),
    }),
  );

  route(
    r,
    {
      method: 'get',
      path: '/sla-policies',
      summary: 'SLA policies',
      tag: 'reference',
      permission: 'reference.read',
    },
    async () => ({
      items: await db.select().from(slaPolicies).orderBy(asc(slaPolicies.name)),
    }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/sla-policies',
      summary: 'Create an SLA policy',
      tag: 'admin',
      permission: 'reference.manage',
      body: ZSlaPolicySchema,
      statuses: [201, 400, 403],
    },
    async ({ body, res }) => {
      res.status(201);
      return { policy: one(await db.insert(slaPolicies).values(body).returning(), 'Policy') };
    },
  );
  route(
    r,
    {
      method: 'put',
      path: '/sla-policies/:id',
      summary: 'Replace an SLA policy',
      tag: 'admin',
      permission: 'reference.manage',
      params: ZId,
      body: ZSlaPolicySchema,
      statuses: [400, 403, 404],
    },
    async ({ params, body }) => ({
      policy: one(
        await db
          .update(slaPolicies)
          .set({ ...body, updatedAt: ctx.clock() })
          .where(eq(slaPolicies.id, params.id))
          .returning(),
        'Policy',
      ),
    }),
  );

  route(
    r,
    {
      method: 'get',
      path: '/calendar',
      summary: 'Holidays and make-up working days of a year',
      tag: 'reference',
      permission: 'reference.read',
      query: ZCalendarQuery,
      statuses: [400],
    },
    async ({ query }) => {
      const { year } = query;
      const rows = await db
        .select()
        .from(calendarDays)
        .where(and(gte(calendarDays.date, `${year}-01-01`), lt(calendarDays.date, `${year + 1}-01-01`)))
        .orderBy(asc(calendarDays.date));
      const cal = await ctx.calendar.get();
      return { year, hasData: cal.hasDataFor(year), items: rows };
    },
  );
  route(
    r,
    {
      method: 'put',
      path: '/calendar',
      summary: "Add or change calendar days (e.g. next year's State Council notice)",
      tag: 'admin',
      permission: 'reference.manage',
      body: ZCalendarUpsertSchema,
      statuses: [400, 403],
    },
    async ({ body }) => {
      const { days } = body;
      await db.transaction(async (tx) => {
        for (const d of days) {
          await tx
            .insert(calendarDays)
            .values({ ...d, source: 'admin', updatedAt: ctx.clock() })
            .onConflictDoUpdate({
              target: calendarDays.date,
              set: { isWorkingDay: d.isWorkingDay, name: d.name, source: 'admin', updatedAt: ctx.clock() },
            });
        }
      });
      ctx.calendar.invalidate();
      // Entering next year's notice clears its alert at once instead of at the next check.
      await checkCalendarCoverage(ctx, ctx.clock());
      return { saved: days.length };
    },
  );
  return r;
}
