import {
  predictRouter,
  type TCategorySuggestion,
  type TChannel,
  type TRoutingSuggestions,
  type TUnitSuggestion,
} from '@hotline/shared';
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TUseCaseContext } from '../../app-context';
import { categories, units } from '../../infra/db/schema';
import { lineRoutingOf } from '../seed/category-data';
import { findCatalogueRule } from './catalogue-match';
import { UNCACHED_READS, type TReferenceReads } from './reference-cache';
import { currentRoutingModels } from './routing-model.store';

/**
 * Channels whose requests arrive already structured (the citizen picked the category in a
 * form): only there does a category's default unit count as sure. Phone, WeChat and Weibo
 * tickets are categorised by an agent under time pressure: only the catalogue or the model may
 * dispatch them on their own.
 */
export const STRUCTURED_CHANNELS: readonly TChannel[] = ['web', 'open311', 'app'];

/** What a leaf-category rule or a structured request's leaf category is worth: near certain. */
export const SURE_CONFIDENCE = 0.95;
/** A fallback the router cannot weigh (no model): shown, never acted on. */
const UNWEIGHED_CONFIDENCE = 0.5;
const MAX_UNITS = 3;
const MAX_CATEGORIES = 3;

export type TRoutingFeatures = {
  text: string;
  categoryId: string | null;
  districtId: string | null;
  line: string;
  /** null while the agent is still typing (no ticket yet). */
  channel: TChannel | null;
};

/** A suggestion and whether the router may act on it alone (given enough confidence). */
export type TRankedUnit = { suggestion: TUnitSuggestion; mayAutoDispatch: boolean };
export type TRoutingAdvice = TRoutingSuggestions & { ranked: TRankedUnit[] };

const groupCategories = alias(categories, 'group_categories');
const defaultUnits = alias(units, 'default_units');

const round = (p: number) => Math.round(p * 10_000) / 10_000;

async function categoryOf(ctx: TUseCaseContext, reads: TReferenceReads, categoryId: string | null) {
  if (!categoryId) return null;
  return reads.get(`category:${categoryId}`, () => loadCategory(ctx, categoryId));
}

async function loadCategory(ctx: TUseCaseContext, categoryId: string) {
  const [row] = await ctx.db
    .select({
      id: categories.id,
      code: categories.code,
      isLeaf: categories.isLeaf,
      parentId: categories.parentId,
      groupCode: sql<string>`coalesce(${groupCategories.code}, ${categories.code})`,
      defaultUnitId: defaultUnits.id,
      defaultUnitName: defaultUnits.name,
      defaultUnitActive: defaultUnits.active,
    })
    .from(categories)
    .leftJoin(groupCategories, eq(groupCategories.id, categories.parentId))
    .leftJoin(defaultUnits, eq(defaultUnits.id, categories.defaultUnitId))
    .where(eq(categories.id, categoryId));
  return row ?? null;
}

/** Names of the active units among `ids` (a map shared with other readers: never changed). */
async function activeUnitNames(
  ctx: TUseCaseContext,
  reads: TReferenceReads,
  ids: string[],
): Promise<ReadonlyMap<string, string>> {
  if (!ids.length) return new Map();
  // Every active unit's name, read once per reference version: a few hundred rows, where reading
  // each suggestion's units would be a query per routed ticket.
  const all = await reads.get('active-unit-names', async () => {
    const rows = await ctx.db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(eq(units.active, true));
    return new Map(rows.map((r) => [r.id, r.name]));
  });
  return new Map(ids.flatMap((id) => (all.has(id) ? [[id, all.get(id)!] as const] : [])));
}

async function unitByCode(ctx: TUseCaseContext, reads: TReferenceReads, code: string) {
  return reads.get(`unit-code:${code}`, async () => {
    const [row] = await ctx.db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(eq(units.code, code), eq(units.active, true)));
    return row ?? null;
  });
}

async function districtCodeOf(
  ctx: TUseCaseContext,
  reads: TReferenceReads,
  districtId: string | null,
): Promise<string | null> {
  if (!districtId) return null;
  return reads.get(`district:${districtId}`, async () => {
    const [row] = await ctx.db.select({ code: units.code }).from(units).where(eq(units.id, districtId));
    return row?.code ?? null;
  });
}

/** Model suggestions below this (1 %) are not shown. */
const MIN_SHOWN_CONFIDENCE = 0.01;

async function categoryHints(
  ctx: TUseCaseContext,
  reads: TReferenceReads,
  predicted: { label: string; confidence: number }[],
): Promise<TCategorySuggestion[]> {
  if (!predicted.length) return [];
  const ids = predicted.map((p) => p.label);
  // Every active category, read once per reference version (see activeUnitNames).
  const active = await reads.get('active-categories', async () =>
    ctx.db
      .select({ id: categories.id, code: categories.code, name: categories.name })
      .from(categories)
      .where(eq(categories.active, true)),
  );
  const wanted = new Set(ids);
  const rows = active.filter((r) => wanted.has(r.id));
  return predicted.flatMap((p) => {
    if (p.confidence < MIN_SHOWN_CONFIDENCE) return [];
    const c = rows.find((r) => r.id === p.label);
    return c ? [{ categoryId: c.id, code: c.code, name: c.name, confidence: round(p.confidence) }] : [];
  });
}

/**
 * Where a ticket (or what an agent is typing) should go, best first: the 派单目录 rule, then the
 * learned model, then the old defaults when neither has anything to say.
 */
export async function adviseRouting(
  ctx: TUseCaseContext,
  f: TRoutingFeatures,
  /** Reference reads kept in memory at the version the caller read (the router); none by default. */
  reads: TReferenceReads = UNCACHED_READS,
): Promise<TRoutingAdvice> {
  const [category, districtCode, models] = await Promise.all([
    categoryOf(ctx, reads, f.categoryId),
    districtCodeOf(ctx, reads, f.districtId),
    currentRoutingModels(ctx.db),
  ]);
  // Every unit's probability, not just the top few: a catalogue rule's unit may rank low.
  const unitProbs = new Map<string, number>();
  if (models.unit) {
    const input = { text: f.text, category: category?.code ?? null, district: districtCode, line: f.line };
    for (const p of predictRouter(models.unit.model, input, models.unit.model.labels.length))
      unitProbs.set(p.label, p.confidence);
  }
  const categories = models.category
    ? await categoryHints(
        ctx,
        reads,
        predictRouter(
          models.category.model,
          { text: f.text, district: districtCode, line: f.line },
          MAX_CATEGORIES,
        ),
      )
    : [];

  const ranked: TRankedUnit[] = [];
  const lineRouting = lineRoutingOf(f.line);
  // A dedicated line (12315) has its own categories and unit. With no category, or one from
  // outside the line's groups, the line is what the citizen dialled and the stray category may be
  // a slip: the dispatcher gets both, and nothing is dispatched on its own.
  const stray = lineRouting && !(category && lineRouting.groupCodes.includes(category.groupCode));
  const categoryDefault =
    category?.defaultUnitId && category.defaultUnitName && category.defaultUnitActive
      ? { unitId: category.defaultUnitId, unitName: category.defaultUnitName }
      : null;
  const lineDefault = stray ? await unitByCode(ctx, reads, lineRouting.defaultUnitCode) : null;

  if (stray && lineDefault) {
    for (const [u, reason] of [
      [{ unitId: lineDefault.id, unitName: lineDefault.name }, 'line default'],
      [categoryDefault, 'category default'],
    ] as const) {
      if (u && !ranked.some((r) => r.suggestion.unitId === u.unitId))
        ranked.push({
          suggestion: { ...u, confidence: UNWEIGHED_CONFIDENCE, reason },
          mayAutoDispatch: false,
        });
    }
  } else if (category) {
    const key = {
      categoryId: category.id,
      groupId: category.parentId,
      districtId: f.districtId,
      line: f.line,
    };
    const rule = await reads.get(`rule:${Object.values(key).join('|')}`, () =>
      findCatalogueRule(ctx.db, key),
    );
    const structuredLeaf = category.isLeaf && f.channel !== null && STRUCTURED_CHANNELS.includes(f.channel);
    if (rule) {
      const p = unitProbs.get(rule.leadUnitId);
      const assisting = [...(await activeUnitNames(ctx, reads, rule.assistingUnitIds))].map(([id, name]) => ({
        id,
        name,
      }));
      ranked.push({
        suggestion: {
          unitId: rule.leadUnitId,
          unitName: rule.leadUnitName,
          confidence: round(rule.leafRule ? Math.max(p ?? 0, SURE_CONFIDENCE) : (p ?? UNWEIGHED_CONFIDENCE)),
          reason: 'catalogue',
          assisting,
        },
        mayAutoDispatch: true,
      });
    } else if (categoryDefault && structuredLeaf) {
      ranked.push({
        suggestion: { ...categoryDefault, confidence: SURE_CONFIDENCE, reason: 'category default' },
        mayAutoDispatch: true,
      });
    }
  }

  const modelPicks = [...unitProbs].filter(([id]) => !ranked.some((r) => r.suggestion.unitId === id));
  const names = await activeUnitNames(
    ctx,
    reads,
    modelPicks.slice(0, MAX_UNITS * 3).map(([id]) => id),
  );
  for (const [unitId, p] of modelPicks) {
    if (ranked.length >= MAX_UNITS) break;
    // A unit the model all but rules out is noise on the dispatcher's screen, not a suggestion.
    if (p < MIN_SHOWN_CONFIDENCE) break;
    const unitName = names.get(unitId);
    // A unit the model learned about may have been closed since.
    if (!unitName) continue;
    ranked.push({
      suggestion: { unitId, unitName, confidence: round(p), reason: 'model' },
      mayAutoDispatch: !stray,
    });
  }

  // Nothing to weigh it against (no rule, no model): the category's unit, for a person to confirm.
  if (!ranked.length && categoryDefault) {
    ranked.push({
      suggestion: { ...categoryDefault, confidence: UNWEIGHED_CONFIDENCE, reason: 'category default' },
      mayAutoDispatch: false,
    });
  }

  const trainedAt = models.unit?.trainedAt ?? models.category?.trainedAt ?? null;
  return {
    units: ranked.map((r) => r.suggestion),
    categories,
    modelTrainedAt: trainedAt?.toISOString() ?? null,
    ranked,
  };
}
