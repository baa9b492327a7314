import type { TAssessmentKpi } from './assessment';
import type { TAdjustmentLine, TAssessmentList, TItemScore, TUnitScore } from './assessment-score';
import type { TUnitCounter } from './kpi';

/** What the assessment API answers (server/src/modules/assessment). */

/**
 * Query of `GET /api/v1/kpi/tickets` (ZKpiTicketsQuery): the tickets behind one counter of a unit
 * over the period; level district for a unit scored with its subtree. `href` is below /api/v1.
 */
export type TKpiTicketsLink = {
  metric: TUnitCounter;
  unitId: string;
  level: 'unit' | 'district';
  from: string;
  to: string;
  href: string;
};

export type TItemScoreDto = TItemScore & {
  /** The tickets behind the rate: its numerator counters, then its denominator counters. */
  links: { numerator: TKpiTicketsLink[]; denominator: TKpiTicketsLink[] };
};
export type TAdjustmentLineDto = TAdjustmentLine & { link: TKpiTicketsLink };

export type TRankingRow = {
  unitId: string;
  name: string;
  kind: string;
  received: number;
  ranked: boolean;
  score: number;
  itemPoints: number;
  adjustmentPoints: number;
  rank: number | null;
  list: TAssessmentList | null;
  /** Points per KPI, for the ranking table's columns. */
  points: Partial<Record<TAssessmentKpi, number>>;
};

export type TRankingTier = {
  key: string;
  label: string;
  fullMarks: number;
  rows: TRankingRow[];
  red: TRankingRow[];
  black: TRankingRow[];
};

export type TSchemeRef = { id: string; name: string };

export type TAssessmentRankings = {
  scheme: TSchemeRef;
  period: string;
  from: string;
  to: string;
  /** false: this period has not been scored with this scheme yet (run it first). */
  scored: boolean;
  computedAt: string | null;
  minReceived: number;
  tiers: TRankingTier[];
};

export type TUnitBreakdown = Omit<TUnitScore, 'items' | 'adjustments'> & {
  scheme: TSchemeRef;
  period: string;
  from: string;
  to: string;
  computedAt: string;
  tierLabel: string;
  /** Ranked units in the tier. */
  tierSize: number;
  minReceived: number;
  items: TItemScoreDto[];
  adjustments: TAdjustmentLineDto[];
};

export type TNoticeUnitLine = { unitId: string; name: string; tier: string; text: string };

/** 阶段性考核排名通报: everything the printable notice shows. */
export type TAssessmentNotice = {
  title: string;
  scheme: TSchemeRef;
  period: string;
  from: string;
  to: string;
  computedAt: string;
  summary: string[];
  tiers: TRankingTier[];
  lines: TNoticeUnitLine[];
};

export type TAssessmentRunResult = {
  scheme: TSchemeRef;
  period: string;
  from: string;
  to: string;
  units: number;
  ranked: number;
  computedAt: string;
};
