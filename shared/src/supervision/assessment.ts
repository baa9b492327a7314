import { z } from 'zod';
import { UNIT_KINDS } from '../ticket/ticket-enums';
import { UNIT_COUNTERS, type TUnitCounter } from './kpi';
import { ZPeriodKey } from './period';

/**
 * Assessment schemes (考核方案): which KPIs score how many points, below which floor an item
 * scores nothing, which unit kinds are ranked together out of how many marks, and the bonus /
 * penalty lines counted from the KPI counters. Pure data, checked by zod; the scoring is
 * assessment-score.ts.
 */
export const ASSESSMENT_KPIS = [
  'signOnTimeRate',
  'onTimeRate',
  'satisfactionRate',
  'resolutionRate',
  'returnRate',
  'redoRate',
  'repeatRate',
  'extensionRate',
] as const;
export type TAssessmentKpi = (typeof ASSESSMENT_KPIS)[number];

/** Rates where less is better: their full marks lie below their zero point. */
export const LOWER_IS_BETTER: readonly TAssessmentKpi[] = [
  'returnRate',
  'redoRate',
  'repeatRate',
  'extensionRate',
];
export const isLowerBetter = (kpi: TAssessmentKpi) => LOWER_IS_BETTER.includes(kpi);

/** The counters behind each rate (numerator over denominator): the drill-down lists their tickets. */
export const KPI_COUNTERS: Record<TAssessmentKpi, { num: TUnitCounter[]; den: TUnitCounter[] }> = {
  signOnTimeRate: { num: ['signedOnTime'], den: ['signed'] },
  onTimeRate: { num: ['repliedOnTime'], den: ['replied'] },
  satisfactionRate: { num: ['satisfied', 'basicallySatisfied'], den: ['rated'] },
  resolutionRate: { num: ['resolvedRated'], den: ['rated'] },
  returnRate: { num: ['returned'], den: ['received'] },
  redoRate: { num: ['redone'], den: ['replied'] },
  repeatRate: { num: ['repeatReceived'], den: ['received'] },
  extensionRate: { num: ['extensionRequested'], den: ['received'] },
};

const fraction = z.number().min(0).max(1);

/**
 * One KPI item. Points are linear from `zeroAt` (0 points) to `target` (full points), clamped;
 * a value worse than `floor` scores 0 outright (e.g. 按时办结率 below 66.7 %). For a
 * lower-is-better rate `zeroAt` lies above `target` and `floor` is a ceiling.
 */
export const ZAssessmentItem = z.object({
  kpi: z.enum(ASSESSMENT_KPIS),
  /** Points before scaling to the tier's full marks. */
  weight: z.number().positive().max(1000),
  target: fraction,
  /** Where the linear scale gives 0 points; default 0 (higher is better) or 1 (lower is better). */
  zeroAt: fraction.optional(),
  floor: fraction.optional(),
});
export type TAssessmentItem = z.infer<typeof ZAssessmentItem>;

export const ZAssessmentTier = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'lower-case letters, digits, _ -'),
  label: z.string().trim().min(1).max(50),
  unitKinds: z.array(z.enum(UNIT_KINDS)).min(1),
  fullMarks: z.number().positive().max(1000),
  /** Count the work of every unit below (a district with its streets). */
  rollupSubtree: z.boolean().default(false),
  /** Size of the red list (best) and of the black list (worst); 0 = none. */
  listSize: z.number().int().min(0).max(20).default(5),
});
export type TAssessmentTier = z.infer<typeof ZAssessmentTier>;

/**
 * A bonus (pointsEach > 0) or penalty (< 0) per counted event, e.g. each red supervision card
 * −2. `allowanceShare` leaves a share of the unit's received work uncounted (buck-passing:
 * returns beyond 5 % of received). `cap` bounds the line's points either way.
 */
export const ZAssessmentAdjustment = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,30}$/, 'letters, digits, _ -'),
  label: z.string().trim().min(1).max(50),
  counter: z.enum(UNIT_COUNTERS),
  pointsEach: z
    .number()
    .min(-100)
    .max(100)
    .refine((n) => n !== 0, 'must not be 0'),
  allowanceShare: fraction.default(0),
  cap: z.number().positive().max(1000),
});
export type TAssessmentAdjustment = z.infer<typeof ZAssessmentAdjustment>;

export const ZAssessmentConfig = z
  .object({
    items: z.array(ZAssessmentItem).min(1).max(ASSESSMENT_KPIS.length),
    tiers: z.array(ZAssessmentTier).min(1).max(10),
    adjustments: z.array(ZAssessmentAdjustment).max(20).default([]),
    /** Overall bounds of all bonus lines together and of all penalty lines together. */
    maxBonus: z.number().min(0).max(1000).optional(),
    maxPenalty: z.number().min(0).max(1000).optional(),
    /** Units that received less work in the period are scored but not ranked (不参与排名). */
    minReceived: z.number().int().min(0).default(0),
    /** A rate with nothing measured: full points, none, or left out (the rest rescaled). */
    noData: z.enum(['full', 'zero', 'exclude']).default('full'),
  })
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const seen = new Set<string>();
    c.items.forEach((it, i) => {
      if (seen.has(it.kpi)) issue(['items', i, 'kpi'], 'each KPI at most once');
      seen.add(it.kpi);
      const lower = isLowerBetter(it.kpi);
      const zeroAt = it.zeroAt ?? (lower ? 1 : 0);
      if (lower ? it.target >= zeroAt : it.target <= zeroAt)
        issue(['items', i, 'target'], lower ? 'target must be below zeroAt' : 'target must be above zeroAt');
      if (it.floor !== undefined && (lower ? it.floor <= it.target : it.floor >= it.target))
        issue(['items', i, 'floor'], lower ? 'floor must be above target' : 'floor must be below target');
    });
    const kinds = new Set<string>();
    const keys = new Set<string>();
    c.tiers.forEach((t, i) => {
      if (keys.has(t.key)) issue(['tiers', i, 'key'], 'tier keys must differ');
      keys.add(t.key);
      t.unitKinds.forEach((k, j) => {
        if (kinds.has(k)) issue(['tiers', i, 'unitKinds', j], `unit kind ${k} is in two tiers`);
        kinds.add(k);
      });
    });
    const adj = new Set<string>();
    c.adjustments.forEach((a, i) => {
      if (adj.has(a.key)) issue(['adjustments', i, 'key'], 'adjustment keys must differ');
      adj.add(a.key);
    });
  });
export type TAssessmentConfig = z.infer<typeof ZAssessmentConfig>;
export type TAssessmentConfigInput = z.input<typeof ZAssessmentConfig>;

export const ZAssessmentSchemeInput = z.object({
  name: z.string().trim().min(1).max(100),
  active: z.boolean().default(true),
  config: ZAssessmentConfig,
});
export type TAssessmentSchemeInput = z.input<typeof ZAssessmentSchemeInput>;

export type TAssessmentScheme = {
  id: string;
  name: string;
  active: boolean;
  config: TAssessmentConfig;
  createdAt: string;
  updatedAt: string;
};

/** `POST /assessment/run`: the default (oldest active) scheme unless named; the previous month unless given. */
export const ZAssessmentRunInput = z.object({
  schemeId: z.uuid().optional(),
  period: ZPeriodKey.optional(),
});
export const ZAssessmentQuery = z.object({
  schemeId: z.uuid().optional(),
  period: ZPeriodKey.optional(),
});

/**
 * The default scheme, after common 12345 practice: districts out of 150, departments and
 * enterprises out of 100; 按时办结率 below 66.7 % scores 0; red cards −2, yellow −1, returns
 * beyond 5 % of the work received −0.5 each; at least 10 tickets received to be ranked.
 */
export const DEFAULT_ASSESSMENT_CONFIG: TAssessmentConfig = {
  items: [
    { kpi: 'signOnTimeRate', weight: 15, target: 1 },
    { kpi: 'onTimeRate', weight: 30, target: 1, floor: 0.667 },
    { kpi: 'satisfactionRate', weight: 30, target: 1, zeroAt: 0.6 },
    { kpi: 'resolutionRate', weight: 10, target: 1 },
    { kpi: 'returnRate', weight: 5, target: 0, zeroAt: 0.2 },
    { kpi: 'redoRate', weight: 10, target: 0, zeroAt: 0.2 },
  ],
  tiers: [
    {
      key: 'district',
      label: '区（市）',
      unitKinds: ['district'],
      fullMarks: 150,
      rollupSubtree: true,
      listSize: 2,
    },
    {
      key: 'department',
      label: '市级部门及单位',
      unitKinds: ['department', 'enterprise'],
      fullMarks: 100,
      rollupSubtree: true,
      listSize: 5,
    },
  ],
  adjustments: [
    {
      key: 'redCard',
      label: '红牌督办',
      counter: 'supervisedRed',
      pointsEach: -2,
      allowanceShare: 0,
      cap: 10,
    },
    {
      key: 'yellowCard',
      label: '黄牌督办',
      counter: 'supervisedYellow',
      pointsEach: -1,
      allowanceShare: 0,
      cap: 5,
    },
    {
      key: 'buckPassing',
      label: '推诿退单',
      counter: 'returned',
      pointsEach: -0.5,
      allowanceShare: 0.05,
      cap: 5,
    },
  ],
  maxPenalty: 15,
  minReceived: 10,
  noData: 'full',
};
export const DEFAULT_ASSESSMENT_NAME = '月度考核（默认方案）';
