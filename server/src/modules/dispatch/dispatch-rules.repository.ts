import {
  AppError,
  type TDispatchRuleDto,
  type TDispatchRuleInput,
  type TDispatchRuleVersionDto,
} from '@hotline/shared';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { TDbOrTx } from '../../infra/db/client';
import { categories, dispatchRules, dispatchRuleVersions, units, users } from '../../infra/db/schema';
import type { ZDispatchRulesQuery } from '@hotline/shared';
import type { TUserActor } from '../auth/actor';

type TRuleRow = typeof dispatchRules.$inferSelect;
type TRulesQuery = z.infer<typeof ZDispatchRulesQuery>;

const districts = alias(units, 'districts');
const leadUnits = alias(units, 'lead_units');

const RULE_COLUMNS = {
  rule: dispatchRules,
  categoryCode: categories.code,
  categoryName: categories.name,
  districtName: districts.name,
  leadUnitName: leadUnits.name,
  updatedByName: users.displayName,
};

function ruleQuery(db: TDbOrTx, where: SQL | undefined) {
  return db
    .select(RULE_COLUMNS)
    .from(dispatchRules)
    .innerJoin(categories, eq(categories.id, dispatchRules.categoryId))
    .innerJoin(leadUnits, eq(leadUnits.id, dispatchRules.leadUnitId))
    .leftJoin(districts, eq(districts.id, dispatchRules.districtId))
    .leftJoin(users, eq(users.id, dispatchRules.updatedBy))
    .where(where);
}

type TRuleJoined = Awaited<ReturnType<typeof ruleQuery>>[number];

async function toDtos(db: TDbOrTx, rows: TRuleJoined[]): Promise<TDispatchRuleDto[]> {
  const assistingIds = [...new Set(rows.flatMap((r) => r.rule.assistingUnitIds))];
  const names = assistingIds.length
    ? new Map(
        (
          await db
            .select({ id: units.id, name: units.name })
            .from(units)
            .where(inArray(units.id, assistingIds))
        ).map((u) => [u.id, u.name]),
      )
    : new Map<string, string>();
  return rows.map(({ rule, ...r }) => ({
    id: rule.id,
    categoryId: rule.categoryId,
    categoryCode: r.categoryCode,
    categoryName: r.categoryName,
    districtId: rule.districtId,
    districtName: r.districtName ?? null,
    line: rule.line,
    leadUnitId: rule.leadUnitId,
    leadUnitName: r.leadUnitName,
    assisting: rule.assistingUnitIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    note: rule.note,
    active: rule.active,
    version: rule.version,
    updatedAt: rule.updatedAt.toISOString(),
    updatedByName: r.updatedByName ?? null,
  }));
}

export async function listDispatchRules(db: TDbOrTx, q: TRulesQuery): Promise<TDispatchRuleDto[]> {
  const where = and(
    q.includeDeleted ? undefined : eq(dispatchRules.active, true),
    q.categoryId ? eq(dispatchRules.categoryId, q.categoryId) : undefined,
    q.districtId ? eq(dispatchRules.districtId, q.districtId) : undefined,
    q.unitId
      ? sql`(${dispatchRules.leadUnitId} = ${q.unitId} or ${dispatchRules.assistingUnitIds} ? ${q.unitId})`
      : undefined,
  );
  const rows = await ruleQuery(db, where).orderBy(
    asc(categories.code),
    sql`${districts.name} nulls first`,
    sql`${dispatchRules.line} nulls first`,
    desc(dispatchRules.active),
    desc(dispatchRules.updatedAt),
  );
  return toDtos(db, rows);
}

export async function getDispatchRule(db: TDbOrTx, id: string): Promise<TDispatchRuleDto> {
  const [dto] = await toDtos(db, await ruleQuery(db, eq(dispatchRules.id, id)));
  if (!dto) throw new AppError('NOT_FOUND', 'Dispatch rule not found', { id });
  return dto;
}

export async function listRuleVersions(db: TDbOrTx, ruleId: string): Promise<TDispatchRuleVersionDto[]> {
  await getDispatchRule(db, ruleId);
  const rows = await db
    .select()
    .from(dispatchRuleVersions)
    .where(eq(dispatchRuleVersions.ruleId, ruleId))
    .orderBy(desc(dispatchRuleVersions.version));
  return rows.map((v) => ({
    version: v.version,
    change: v.change as TDispatchRuleVersionDto['change'],
    snapshot: v.snapshot,
    changedByName: v.changedByName,
    changedAt: v.changedAt.toISOString(),
  }));
}

/**
 * Refuses a rule that points at something a dispatch could not use: an unknown or inactive
 * category or unit, or a "district" that is not a district branch.
 */
export async function assertRuleTargets(db: TDbOrTx, input: TDispatchRuleInput): Promise<void> {
  const [category] = await db
    .select({ active: categories.active })
    .from(categories)
    .where(eq(categories.id, input.categoryId));
  if (!category?.active)
    throw new AppError('UNPROCESSABLE', 'Unknown or inactive category', { categoryId: input.categoryId });
  if (input.districtId) {
    const [district] = await db
      .select({ kind: units.kind, active: units.active })
      .from(units)
      .where(eq(units.id, input.districtId));
    if (!district?.active || district.kind !== 'district')
      throw new AppError('UNPROCESSABLE', 'The district must be an active district branch', {
        districtId: input.districtId,
      });
  }
  const unitIds = [input.leadUnitId, ...input.assistingUnitIds];
  const found = await db
    .select({ id: units.id })
    .from(units)
    .where(and(inArray(units.id, unitIds), eq(units.active, true)));
  const missing = unitIds.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError('UNPROCESSABLE', 'Unknown or inactive unit', { unitIds: missing });
}

/** The live rule holding this key, if any (besides `exceptId`). */
export async function findLiveRuleByKey(
  db: TDbOrTx,
  key: Pick<TDispatchRuleInput, 'categoryId' | 'districtId' | 'line'>,
  exceptId?: string,
): Promise<TRuleRow | null> {
  const [row] = await db
    .select()
    .from(dispatchRules)
    .where(
      and(
        eq(dispatchRules.active, true),
        eq(dispatchRules.categoryId, key.categoryId),
        sql`${dispatchRules.districtId} is not distinct from ${key.districtId}`,
        sql`${dispatchRules.line} is not distinct from ${key.line}`,
        exceptId ? sql`${dispatchRules.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Appends the history row of a change: the rule as it stands after it, who made it, when. */
export async function recordRuleVersion(
  tx: TDbOrTx,
  e: { ruleId: string; change: TDispatchRuleVersionDto['change']; by: TUserActor; now: Date },
): Promise<TDispatchRuleDto> {
  const dto = await getDispatchRule(tx, e.ruleId);
  const { updatedAt: _at, updatedByName: _by, ...snapshot } = dto;
  await tx.insert(dispatchRuleVersions).values({
    ruleId: e.ruleId,
    version: dto.version,
    change: e.change,
    snapshot,
    changedBy: e.by.id,
    changedByName: e.by.displayName,
    changedAt: e.now,
  });
  return dto;
}

/** A concurrent write that took the same live key: the partial unique index refused ours. */
export function isRuleKeyConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e.code ? e : e.cause;
  return pg?.code === '23505' && pg.constraint === 'dispatch_rules_key_uq';
}
