import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { categories, dispatchRules, units } from '../../infra/db/schema';

export type TCatalogueMatch = {
  ruleId: string;
  leadUnitId: string;
  leadUnitName: string;
  assistingUnitIds: string[];
  /** The rule names a leaf category (one kind of matter), not a whole group. */
  leafRule: boolean;
};

/**
 * The most specific live 派单目录 rule for a ticket: a rule for its own category before one for
 * the category's group, then a rule for its district before a city-wide one, then one for its
 * line before one for every line. Rules whose lead unit was closed are passed over.
 */
export async function findCatalogueRule(
  db: TDbOrTx,
  key: { categoryId: string; groupId: string | null; districtId: string | null; line: string },
): Promise<TCatalogueMatch | null> {
  const categoryIds = key.groupId ? [key.categoryId, key.groupId] : [key.categoryId];
  const [row] = await db
    .select({
      ruleId: dispatchRules.id,
      leadUnitId: dispatchRules.leadUnitId,
      leadUnitName: units.name,
      assistingUnitIds: dispatchRules.assistingUnitIds,
      leafRule: categories.isLeaf,
    })
    .from(dispatchRules)
    .innerJoin(categories, eq(categories.id, dispatchRules.categoryId))
    .innerJoin(units, eq(units.id, dispatchRules.leadUnitId))
    .where(
      and(
        eq(dispatchRules.active, true),
        eq(units.active, true),
        inArray(dispatchRules.categoryId, categoryIds),
        key.districtId
          ? or(isNull(dispatchRules.districtId), eq(dispatchRules.districtId, key.districtId))
          : isNull(dispatchRules.districtId),
        or(isNull(dispatchRules.line), eq(dispatchRules.line, key.line)),
      ),
    )
    .orderBy(
      desc(sql`${dispatchRules.categoryId} = ${key.categoryId}`),
      desc(sql`${dispatchRules.districtId} is not null`),
      desc(sql`${dispatchRules.line} is not null`),
    )
    .limit(1);
  return row ?? null;
}
