import {
  AppError,
  KPI_COUNTERS,
  type TKpiTicketsLink,
  type TUnitBreakdown,
  type TUnitCounter,
} from '@hotline/shared';
import type { TUseCaseContext } from '../../../app-context';
import type { TUserActor } from '../../auth/actor';
import { findUnit, readResults, resolveScheme } from '../assessment.repository';
import type { TStoredUnitScore } from '../assessment-types';
import { lastMonth, periodOrThrow } from './run-assessment';

/** Supervisors and admins read every unit; anyone else their own unit and the units below it. */
export async function assertMayReadUnit(
  ctx: Pick<TUseCaseContext, 'db'>,
  actor: TUserActor,
  unitId: string,
): Promise<void> {
  if (actor.role === 'supervisor' || actor.role === 'admin') return;
  const unit = await findUnit(ctx.db, unitId);
  // The centre's own desks (agents, dispatchers) are not assessed units: they read no breakdowns.
  const mine = unit && actor.unitParentId !== null && unit.path.startsWith(actor.unitPath);
  if (!mine) throw new AppError('NOT_FOUND', 'No assessment for this unit');
}

export function ticketsLink(
  metric: TUnitCounter,
  s: Pick<TStoredUnitScore, 'unitId' | 'from' | 'to' | 'subtree'>,
): TKpiTicketsLink {
  const level = s.subtree ? 'district' : 'unit';
  const q = new URLSearchParams({ metric, unitId: s.unitId, level, from: s.from, to: s.to });
  return { metric, unitId: s.unitId, level, from: s.from, to: s.to, href: `/kpi/tickets?${q.toString()}` };
}

export function toBreakdown(
  s: TStoredUnitScore,
  extra: Pick<TUnitBreakdown, 'scheme' | 'period' | 'computedAt' | 'tierSize'>,
): TUnitBreakdown {
  const { tierIndex: _tierIndex, subtree: _subtree, ...rest } = s;
  return {
    ...rest,
    ...extra,
    items: s.items.map((i) => ({
      ...i,
      links: {
        numerator: KPI_COUNTERS[i.kpi].num.map((m) => ticketsLink(m, s)),
        denominator: KPI_COUNTERS[i.kpi].den.map((m) => ticketsLink(m, s)),
      },
    })),
    adjustments: s.adjustments.map((a) => ({ ...a, link: ticketsLink(a.counter, s) })),
  };
}

/** `GET /assessment/units/:unitId`: one unit's score, item by item, each linked to its tickets. */
export async function getUnitBreakdown(
  ctx: Pick<TUseCaseContext, 'db' | 'clock'>,
  actor: TUserActor,
  unitId: string,
  q: { schemeId?: string | undefined; period?: string | undefined },
): Promise<TUnitBreakdown> {
  await assertMayReadUnit(ctx, actor, unitId);
  const scheme = await resolveScheme(ctx.db, q.schemeId);
  const period = periodOrThrow(q.period ?? lastMonth(ctx.clock()));
  const [row] = await readResults(ctx.db, scheme.id, period.key, unitId);
  if (!row)
    throw new AppError(
      'NOT_FOUND',
      'This unit has no score for the period (not scored yet, or not assessed)',
    );
  const tierRows = (await readResults(ctx.db, scheme.id, period.key)).filter(
    (r) => r.breakdown.tier === row.breakdown.tier && r.breakdown.ranked,
  );
  return toBreakdown(row.breakdown, {
    scheme: { id: scheme.id, name: scheme.name },
    period: period.key,
    computedAt: row.computedAt.toISOString(),
    tierSize: tierRows.length,
  });
}
