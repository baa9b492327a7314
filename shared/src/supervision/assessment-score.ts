import {
  isLowerBetter,
  KPI_COUNTERS,
  type TAssessmentConfig,
  type TAssessmentKpi,
  type TAssessmentTier,
} from './assessment';
import { rate, type TUnitCounter, type TUnitCounters } from './kpi';

/** Pure scoring of one period: the units' counter totals in, scores, ranks and lists out. */

export const ASSESSMENT_KPI_LABELS: Record<TAssessmentKpi, { zh: string; en: string }> = {
  signOnTimeRate: { zh: '及时签收率', en: 'Signed for on time' },
  onTimeRate: { zh: '按时办结率', en: 'Completed on time' },
  satisfactionRate: { zh: '满意率', en: 'Satisfaction' },
  resolutionRate: { zh: '解决率', en: 'Resolution' },
  returnRate: { zh: '退单率', en: 'Return rate' },
  redoRate: { zh: '重办率', en: 'Redo rate' },
  repeatRate: { zh: '重复来电率', en: 'Repeat-caller rate' },
  extensionRate: { zh: '延期率', en: 'Extension rate' },
};

export type TUnitTotals = { unitId: string; name: string; kind: string; counters: TUnitCounters };

/** full: at or beyond target; linear: between; floor: worse than the floor; noData: nothing measured. */
export type TItemWhy = 'full' | 'linear' | 'floor' | 'noData' | 'excluded';

export type TItemScore = {
  kpi: TAssessmentKpi;
  /** The rate (4-decimal fraction); null when nothing was measured. */
  value: number | null;
  numerator: number;
  denominator: number;
  /** The item's points at full marks in this tier (its weight scaled to the tier). */
  maxPoints: number;
  points: number;
  why: TItemWhy;
  target: number;
  floor: number | null;
  explain: string;
};

export type TAdjustmentLine = {
  key: string;
  label: string;
  counter: TUnitCounter;
  count: number;
  /** Events left uncounted: allowanceShare of the work received. */
  allowance: number;
  counted: number;
  pointsEach: number;
  points: number;
  /** The line's cap (or the overall bonus / penalty bound) cut its points. */
  capped: boolean;
};

export type TAssessmentList = 'red' | 'black';

export type TUnitScore = {
  unitId: string;
  name: string;
  kind: string;
  tier: string;
  fullMarks: number;
  received: number;
  /** false: below the minimum volume (不参与排名). */
  ranked: boolean;
  score: number;
  itemPoints: number;
  adjustmentPoints: number;
  items: TItemScore[];
  adjustments: TAdjustmentLine[];
  rank: number | null;
  list: TAssessmentList | null;
};

export type TTierScores = {
  key: string;
  label: string;
  fullMarks: number;
  /** Ranked units by rank, then the unranked by score. */
  units: TUnitScore[];
  red: string[];
  black: string[];
};

// `|| 0` turns -0 (no events × a penalty) into 0.
const round2 = (n: number) => Math.round(n * 100) / 100 || 0;
const pct = (n: number) => `${(n * 100).toFixed(2)}%`;
const sumOf = (c: TUnitCounters, keys: TUnitCounter[]) => keys.reduce((n, k) => n + (c[k] ?? 0), 0);

function scoreItems(config: TAssessmentConfig, tier: TAssessmentTier, c: TUnitCounters): TItemScore[] {
  const measured = config.items.map((it) => sumOf(c, KPI_COUNTERS[it.kpi].den) > 0);
  const weights = config.items.reduce(
    (n, it, i) => n + (config.noData === 'exclude' && !measured[i] ? 0 : it.weight),
    0,
  );
  // Nothing measured at all under 'exclude': every item is left out and the unit keeps full marks.
  const scale = weights > 0 ? tier.fullMarks / weights : 0;
  return config.items.map((it) => {
    const { num, den } = KPI_COUNTERS[it.kpi];
    const numerator = sumOf(c, num);
    const denominator = sumOf(c, den);
    const value = rate(numerator, denominator);
    const label = ASSESSMENT_KPI_LABELS[it.kpi].zh;
    const lower = isLowerBetter(it.kpi);
    const base = { kpi: it.kpi, value, numerator, denominator, target: it.target, floor: it.floor ?? null };
    if (value === null) {
      if (config.noData === 'exclude')
        return { ...base, maxPoints: 0, points: 0, why: 'excluded', explain: `${label}：本期无数据，不计入` };
      const maxPoints = round2(it.weight * scale);
      const points = config.noData === 'full' ? maxPoints : 0;
      return {
        ...base,
        maxPoints,
        points,
        why: 'noData',
        explain: `${label}：本期无数据，按${config.noData === 'full' ? '满分' : '零分'}计（${points}/${maxPoints}分）`,
      };
    }
    const maxPoints = round2(it.weight * scale);
    const worseThanFloor = it.floor !== undefined && (lower ? value > it.floor : value < it.floor);
    if (worseThanFloor)
      return {
        ...base,
        maxPoints,
        points: 0,
        why: 'floor',
        explain: `${label} ${pct(value)}，${lower ? '高于' : '低于'}${pct(it.floor!)}，该项不得分（0/${maxPoints}分）`,
      };
    const zeroAt = it.zeroAt ?? (lower ? 1 : 0);
    const share = Math.min(1, Math.max(0, (value - zeroAt) / (it.target - zeroAt)));
    const points = round2(it.weight * scale * share);
    const why: TItemWhy = share >= 1 ? 'full' : 'linear';
    return {
      ...base,
      maxPoints,
      points,
      why,
      explain:
        why === 'full'
          ? `${label} ${pct(value)}，达到目标 ${pct(it.target)}，得满分 ${maxPoints}分`
          : `${label} ${pct(value)}，目标 ${pct(it.target)}，得 ${points}/${maxPoints}分`,
    };
  });
}

function scoreAdjustments(config: TAssessmentConfig, c: TUnitCounters): TAdjustmentLine[] {
  const lines = config.adjustments.map((a) => {
    const count = c[a.counter] ?? 0;
    const allowance = Math.floor(a.allowanceShare * (c.received ?? 0));
    const counted = Math.max(0, count - allowance);
    const raw = counted * a.pointsEach;
    const points = round2(Math.sign(raw) * Math.min(Math.abs(raw), a.cap));
    return { ...a, count, allowance, counted, points, capped: Math.abs(raw) > a.cap };
  });
  // Overall bounds: scale the lines of one sign down together, keeping their sum exact.
  const bound = (sign: 1 | -1, max: number | undefined) => {
    if (max === undefined) return;
    const same = lines.filter((l) => Math.sign(l.points) === sign);
    const total = same.reduce((n, l) => n + Math.abs(l.points), 0);
    if (total <= max) return;
    let left = max;
    same.forEach((l, i) => {
      const cut = i === same.length - 1 ? left : round2((Math.abs(l.points) * max) / total);
      left = round2(left - cut);
      l.points = sign * cut;
      l.capped = true;
    });
  };
  bound(1, config.maxBonus);
  bound(-1, config.maxPenalty);
  return lines.map(({ key, label, counter, count, allowance, counted, pointsEach, points, capped }) => ({
    key,
    label,
    counter,
    count,
    allowance,
    counted,
    pointsEach,
    points,
    capped,
  }));
}

function scoreUnit(config: TAssessmentConfig, tier: TAssessmentTier, u: TUnitTotals): TUnitScore {
  const items = scoreItems(config, tier, u.counters);
  const adjustments = scoreAdjustments(config, u.counters);
  const allExcluded = items.every((i) => i.why === 'excluded');
  const itemPoints = allExcluded ? tier.fullMarks : round2(items.reduce((n, i) => n + i.points, 0));
  const adjustmentPoints = round2(adjustments.reduce((n, a) => n + a.points, 0));
  const received = u.counters.received ?? 0;
  return {
    unitId: u.unitId,
    name: u.name,
    kind: u.kind,
    tier: tier.key,
    fullMarks: tier.fullMarks,
    received,
    ranked: received >= config.minReceived,
    score: Math.max(0, round2(itemPoints + adjustmentPoints)),
    itemPoints,
    adjustmentPoints,
    items,
    adjustments,
    rank: null,
    list: null,
  };
}

const byScoreThenName = (a: TUnitScore, b: TUnitScore) =>
  b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Ranks a tier: equal scores share a rank (1, 1, 3); the lists never overlap. */
function rankTier(tier: TAssessmentTier, scores: TUnitScore[]): TTierScores {
  const ranked = scores.filter((s) => s.ranked).sort(byScoreThenName);
  const unranked = scores.filter((s) => !s.ranked).sort(byScoreThenName);
  for (const s of ranked) s.rank = 1 + ranked.filter((o) => o.score > s.score).length;
  // A small tier keeps the lists apart: at most half of its ranked units on each.
  const size = Math.min(tier.listSize, Math.floor(ranked.length / 2));
  for (const s of ranked) {
    const fromBottom = 1 + ranked.filter((o) => o.score < s.score).length;
    if (s.rank! <= size) s.list = 'red';
    else if (fromBottom <= size) s.list = 'black';
  }
  return {
    key: tier.key,
    label: tier.label,
    fullMarks: tier.fullMarks,
    units: [...ranked, ...unranked],
    red: ranked.filter((s) => s.list === 'red').map((s) => s.unitId),
    black: ranked
      .filter((s) => s.list === 'black')
      .reverse()
      .map((s) => s.unitId),
  };
}

/**
 * Scores every unit whose kind belongs to a tier (others are ignored) and ranks each tier.
 * Item points are rounded to 0.01 and the score is their sum with the bonus / penalty lines,
 * so a breakdown always adds up to its score; a score never goes below 0.
 */
export function scoreUnits(config: TAssessmentConfig, units: readonly TUnitTotals[]): TTierScores[] {
  return config.tiers.map((tier) =>
    rankTier(
      tier,
      units
        .filter((u) => (tier.unitKinds as readonly string[]).includes(u.kind))
        .map((u) => scoreUnit(config, tier, u)),
    ),
  );
}
