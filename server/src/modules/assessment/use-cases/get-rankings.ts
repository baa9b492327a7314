import type { TAssessmentRankings, TAssessmentScheme, TRankingRow, TRankingTier } from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import { readResults, resolveScheme, type TResultRow } from '../assessment.repository';
import type { TStoredUnitScore } from '../assessment-types';
import { lastMonth, periodOrThrow } from './run-assessment';

export function toRankingRow(s: TStoredUnitScore): TRankingRow {
  return {
    unitId: s.unitId,
    name: s.name,
    kind: s.kind,
    received: s.received,
    ranked: s.ranked,
    score: s.score,
    itemPoints: s.itemPoints,
    adjustmentPoints: s.adjustmentPoints,
    rank: s.rank,
    list: s.list,
    points: Object.fromEntries(s.items.map((i) => [i.kpi, i.points])),
  };
}

const byRank = (a: TStoredUnitScore, b: TStoredUnitScore) =>
  Number(!a.ranked) - Number(!b.ranked) ||
  b.score - a.score ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Stored results grouped into the scheme's tiers as they were when scored. */
export function toRankingTiers(rows: TResultRow[]): TRankingTier[] {
  const tiers = new Map<
    string,
    { index: number; label: string; fullMarks: number; units: TStoredUnitScore[] }
  >();
  for (const { breakdown: b } of rows) {
    const t = tiers.get(b.tier) ?? {
      index: b.tierIndex,
      label: b.tierLabel,
      fullMarks: b.fullMarks,
      units: [],
    };
    t.units.push(b);
    tiers.set(b.tier, t);
  }
  return [...tiers.entries()]
    .sort(([, a], [, b]) => a.index - b.index)
    .map(([key, t]) => {
      const units = t.units.sort(byRank);
      const rowsOf = units.map(toRankingRow);
      return {
        key,
        label: t.label,
        fullMarks: t.fullMarks,
        rows: rowsOf,
        red: rowsOf.filter((r) => r.list === 'red'),
        black: rowsOf.filter((r) => r.list === 'black').reverse(),
      };
    });
}

export async function loadPeriodResults(
  ctx: Pick<TUseCaseContext, 'db' | 'clock'>,
  q: { schemeId?: string | undefined; period?: string | undefined },
): Promise<{ scheme: TAssessmentScheme; period: ReturnType<typeof periodOrThrow>; rows: TResultRow[] }> {
  const scheme = await resolveScheme(ctx.db, q.schemeId);
  const period = periodOrThrow(q.period ?? lastMonth(ctx.clock()));
  const rows = await readResults(ctx.db, scheme.id, period.key);
  return { scheme, period, rows };
}

/** `GET /assessment/rankings`: each tier's ranked table with its red and black lists. */
export async function getRankings(
  ctx: Pick<TUseCaseContext, 'db' | 'clock'>,
  q: { schemeId?: string | undefined; period?: string | undefined },
): Promise<TAssessmentRankings> {
  const { scheme, period, rows } = await loadPeriodResults(ctx, q);
  const computedAt = rows.reduce<Date | null>((m, r) => (!m || r.computedAt > m ? r.computedAt : m), null);
  return {
    scheme: { id: scheme.id, name: scheme.name },
    period: period.key,
    from: period.from,
    to: period.to,
    scored: rows.length > 0,
    computedAt: computedAt?.toISOString() ?? null,
    minReceived: rows[0]?.breakdown.minReceived ?? scheme.config.minReceived,
    tiers: toRankingTiers(rows),
  };
}
