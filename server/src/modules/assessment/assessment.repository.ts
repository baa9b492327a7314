import {
  AppError,
  UNIT_COUNTERS,
  ZAssessmentConfig,
  zeroCounters,
  type TAssessmentScheme,
  type TUnitCounters,
} from '@hotline/shared';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { assessmentResults, assessmentSchemes, units } from '../../infra/db/schema';
import type { TStoredUnitScore } from './assessment-types';

type TSchemeRow = typeof assessmentSchemes.$inferSelect;

export function toScheme(r: TSchemeRow): TAssessmentScheme {
  return {
    id: r.id,
    name: r.name,
    active: r.active,
    // Stored configs were checked when written; parse again so defaults added later apply.
    config: ZAssessmentConfig.parse(r.config),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listSchemes(db: TDbOrTx): Promise<TAssessmentScheme[]> {
  const rows = await db
    .select()
    .from(assessmentSchemes)
    .orderBy(desc(assessmentSchemes.active), asc(assessmentSchemes.createdAt), asc(assessmentSchemes.id));
  return rows.map(toScheme);
}

export async function findScheme(db: TDbOrTx, id: string): Promise<TAssessmentScheme | null> {
  const [row] = await db.select().from(assessmentSchemes).where(eq(assessmentSchemes.id, id));
  return row ? toScheme(row) : null;
}

/** The scheme a request names, or the default: the oldest active one. */
export async function resolveScheme(db: TDbOrTx, id: string | undefined): Promise<TAssessmentScheme> {
  if (id) {
    const s = await findScheme(db, id);
    if (!s) throw new AppError('NOT_FOUND', 'No such assessment scheme');
    return s;
  }
  const [row] = await db
    .select()
    .from(assessmentSchemes)
    .where(eq(assessmentSchemes.active, true))
    .orderBy(asc(assessmentSchemes.createdAt), asc(assessmentSchemes.id))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', 'No active assessment scheme');
  return toScheme(row);
}

export async function activeSchemes(db: TDbOrTx): Promise<TAssessmentScheme[]> {
  return (await listSchemes(db)).filter((s) => s.active);
}

export type TUnitRow = { id: string; name: string; kind: string; path: string; active: boolean };

export async function allUnits(db: TDbOrTx): Promise<TUnitRow[]> {
  return db
    .select({ id: units.id, name: units.name, kind: units.kind, path: units.path, active: units.active })
    .from(units);
}

export async function findUnit(db: TDbOrTx, id: string): Promise<TUnitRow | null> {
  const [u] = await db
    .select({ id: units.id, name: units.name, kind: units.kind, path: units.path, active: units.active })
    .from(units)
    .where(eq(units.id, id));
  return u ?? null;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Each unit's own counters summed over China-time days from..to (kpi_unit_daily). */
export async function unitCounterSums(
  db: TDbOrTx,
  from: string,
  to: string,
): Promise<Map<string, TUnitCounters>> {
  const cols = sql.join(
    UNIT_COUNTERS.map(
      (k) => sql`coalesce(sum(${sql.identifier(snake(k))}), 0)::float8 as ${sql.identifier(k)}`,
    ),
    sql`, `,
  );
  const res = await db.execute(
    sql`select unit_id, ${cols} from kpi_unit_daily where day >= ${from}::date and day <= ${to}::date group by unit_id`,
  );
  const out = new Map<string, TUnitCounters>();
  for (const r of res.rows as Record<string, unknown>[]) {
    const c = zeroCounters(UNIT_COUNTERS);
    for (const k of UNIT_COUNTERS) c[k] = Number(r[k] ?? 0);
    out.set(r.unit_id as string, c);
  }
  return out;
}

/** Replaces a scheme's results for a period in one transaction; two runs at once queue on a lock. */
export async function storeResults(
  db: TDbOrTx,
  schemeId: string,
  period: string,
  rows: TStoredUnitScore[],
  computedAt: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`assessment:${schemeId}:${period}`}))`);
    await tx
      .delete(assessmentResults)
      .where(and(eq(assessmentResults.schemeId, schemeId), eq(assessmentResults.period, period)));
    if (!rows.length) return;
    await tx
      .insert(assessmentResults)
      .values(
        rows.map((r) => ({
          schemeId,
          period,
          unitId: r.unitId,
          tier: r.tier,
          score: r.score,
          rank: r.rank,
          list: r.list,
          breakdown: r as unknown as Record<string, unknown>,
          computedAt,
        })),
      )
      .onConflictDoUpdate({
        target: [assessmentResults.schemeId, assessmentResults.period, assessmentResults.unitId],
        set: {
          tier: sql`excluded.tier`,
          score: sql`excluded.score`,
          rank: sql`excluded.rank`,
          list: sql`excluded.list`,
          breakdown: sql`excluded.breakdown`,
          computedAt: sql`excluded.computed_at`,
        },
      });
  });
}

export type TResultRow = { unitId: string; breakdown: TStoredUnitScore; computedAt: Date };

export async function readResults(
  db: TDbOrTx,
  schemeId: string,
  period: string,
  unitId?: string,
): Promise<TResultRow[]> {
  const rows = await db
    .select({
      unitId: assessmentResults.unitId,
      breakdown: assessmentResults.breakdown,
      computedAt: assessmentResults.computedAt,
    })
    .from(assessmentResults)
    .where(
      and(
        eq(assessmentResults.schemeId, schemeId),
        eq(assessmentResults.period, period),
        unitId ? eq(assessmentResults.unitId, unitId) : undefined,
      ),
    );
  return rows.map((r) => ({ ...r, breakdown: r.breakdown as unknown as TStoredUnitScore }));
}

export async function hasResults(db: TDbOrTx, schemeId: string): Promise<boolean> {
  const [r] = await db
    .select({ n: sql<number>`1` })
    .from(assessmentResults)
    .where(eq(assessmentResults.schemeId, schemeId))
    .limit(1);
  return Boolean(r);
}
