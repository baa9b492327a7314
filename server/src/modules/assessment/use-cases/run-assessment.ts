import {
  AppError,
  parsePeriod,
  previousMonth,
  scoreUnits,
  toShanghaiDate,
  UNIT_COUNTERS,
  zeroCounters,
  type TAssessmentRunResult,
  type TAssessmentScheme,
  type TUnitTotals,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import type { TDbOrTx } from '../../../infra/db/client';
import {
  allUnits,
  resolveScheme,
  storeResults,
  unitCounterSums,
  activeSchemes,
} from '../assessment.repository';
import type { TStoredUnitScore } from '../assessment-types';

type TCtx = Pick<TUseCaseContext, 'db' | 'clock' | 'logger'>;

/** The month before the current China-time month (`2018-04-01` → `2018-03`). */
export const lastMonth = (now: Date) => previousMonth(toShanghaiDate(now).slice(0, 7));

export function periodOrThrow(key: string) {
  const p = parsePeriod(key);
  if (!p) throw new AppError('VALIDATION_FAILED', `Not a period: ${key}`);
  return p;
}

/**
 * The counters each scored unit is judged on: its own, or (rollupSubtree) its own plus every
 * unit's below it, as a district answers for its streets.
 */
async function unitTotals(
  db: TDbOrTx,
  scheme: TAssessmentScheme,
  from: string,
  to: string,
): Promise<{ totals: TUnitTotals[]; subtree: Set<string> }> {
  const [units, sums] = await Promise.all([allUnits(db), unitCounterSums(db, from, to)]);
  const totals: TUnitTotals[] = [];
  const subtree = new Set<string>();
  for (const tier of scheme.config.tiers) {
    for (const u of units) {
      if (!u.active || !(tier.unitKinds as readonly string[]).includes(u.kind)) continue;
      const counters = zeroCounters(UNIT_COUNTERS);
      const members = tier.rollupSubtree ? units.filter((m) => m.path.startsWith(u.path)) : [u];
      for (const m of members) {
        const c = sums.get(m.id);
        if (c) for (const k of UNIT_COUNTERS) counters[k] += c[k];
      }
      if (tier.rollupSubtree) subtree.add(u.id);
      totals.push({ unitId: u.id, name: u.name, kind: u.kind, counters });
    }
  }
  return { totals, subtree };
}

/** Scores a period with one scheme and stores the results (replacing an earlier run's). */
export async function scorePeriod(
  ctx: TCtx,
  scheme: TAssessmentScheme,
  periodKey: string,
): Promise<TAssessmentRunResult> {
  const period = periodOrThrow(periodKey);
  const { totals, subtree } = await unitTotals(ctx.db, scheme, period.from, period.to);
  const tiers = scoreUnits(scheme.config, totals);
  const rows: TStoredUnitScore[] = tiers.flatMap((t, tierIndex) =>
    t.units.map((u) => ({
      ...u,
      tierLabel: t.label,
      tierIndex,
      from: period.from,
      to: period.to,
      minReceived: scheme.config.minReceived,
      subtree: subtree.has(u.unitId),
    })),
  );
  const computedAt = ctx.clock();
  await storeResults(ctx.db, scheme.id, period.key, rows, computedAt);
  const result: TAssessmentRunResult = {
    scheme: { id: scheme.id, name: scheme.name },
    period: period.key,
    from: period.from,
    to: period.to,
    units: rows.length,
    ranked: rows.filter((r) => r.ranked).length,
    computedAt: computedAt.toISOString(),
  };
  ctx.logger.info({ schemeId: scheme.id, period: period.key, units: result.units }, 'assessment scored');
  return result;
}

/** `POST /assessment/run`: the named (or default) scheme, the given period or last month. */
export async function runAssessment(
  ctx: TCtx,
  input: { schemeId?: string | undefined; period?: string | undefined },
): Promise<TAssessmentRunResult> {
  const scheme = await resolveScheme(ctx.db, input.schemeId);
  return scorePeriod(ctx, scheme, input.period ?? lastMonth(ctx.clock()));
}

/** The monthly job: every active scheme for the given month (default: the month just ended). */
export async function runMonthlyAssessment(ctx: TCtx, period?: string): Promise<TAssessmentRunResult[]> {
  const key = period ?? lastMonth(ctx.clock());
  const out: TAssessmentRunResult[] = [];
  for (const scheme of await activeSchemes(ctx.db)) out.push(await scorePeriod(ctx, scheme, key));
  return out;
}
