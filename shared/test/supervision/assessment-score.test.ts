import {
  DEFAULT_ASSESSMENT_CONFIG,
  scoreUnits,
  UNIT_COUNTERS,
  ZAssessmentConfig,
  type TAssessmentConfigInput,
  type TUnitCounters,
  type TUnitTotals,
} from '../../src/supervision';

const zero = (): TUnitCounters => Object.fromEntries(UNIT_COUNTERS.map((k) => [k, 0])) as TUnitCounters;
const unit = (name: string, kind: string, c: Partial<TUnitCounters>): TUnitTotals => ({
  unitId: `id-${name}`,
  name,
  kind,
  counters: { ...zero(), ...c },
});
const cfg = (over: Partial<TAssessmentConfigInput> = {}) =>
  ZAssessmentConfig.parse({
    items: [
      { kpi: 'onTimeRate', weight: 60, target: 1, floor: 0.667 },
      { kpi: 'returnRate', weight: 40, target: 0, zeroAt: 0.5 },
    ],
    tiers: [
      { key: 'district', label: '区', unitKinds: ['district'], fullMarks: 150, listSize: 1 },
      {
        key: 'department',
        label: '部门',
        unitKinds: ['department', 'enterprise'],
        fullMarks: 100,
        listSize: 2,
      },
    ],
    ...over,
  });
/** A unit that received 10, replied `onTime` of 10 on time and returned `returned`. */
const dept = (name: string, onTime: number, returned = 0, extra: Partial<TUnitCounters> = {}) =>
  unit(name, 'department', { received: 10, replied: 10, repliedOnTime: onTime, returned, ...extra });

describe('scheme validation', () => {
  it('accepts the default scheme', () => {
    expect(ZAssessmentConfig.safeParse(DEFAULT_ASSESSMENT_CONFIG).success).toBe(true);
  });

  it('rejects a target on the wrong side of the zero point, a floor beyond the target, and a repeated KPI', () => {
    const r = ZAssessmentConfig.safeParse({
      items: [
        { kpi: 'onTimeRate', weight: 50, target: 0.5, zeroAt: 0.8 },
        { kpi: 'returnRate', weight: 30, target: 0.1, floor: 0.05 },
        { kpi: 'onTimeRate', weight: 20, target: 1 },
      ],
      tiers: [{ key: 'all', label: '全部', unitKinds: ['department'], fullMarks: 100 }],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['items.0.target', 'items.1.floor', 'items.2.kpi']);
  });

  it('rejects a unit kind in two tiers and a zero bonus', () => {
    const r = ZAssessmentConfig.safeParse({
      items: [{ kpi: 'onTimeRate', weight: 1, target: 1 }],
      tiers: [
        { key: 'a', label: 'A', unitKinds: ['department'], fullMarks: 100 },
        { key: 'b', label: 'B', unitKinds: ['department', 'district'], fullMarks: 150 },
      ],
      adjustments: [{ key: 'x', label: 'X', counter: 'supervisedRed', pointsEach: 0, cap: 1 }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'adjustments.0.pointsEach',
      'tiers.1.unitKinds.0',
    ]);
  });
});

describe('item points', () => {
  it('scores linearly between the zero point and the target, full at or beyond it', () => {
    const [, dep] = scoreUnits(cfg(), [dept('甲', 9, 1), dept('乙', 10, 0)]);
    const a = dep!.units.find((u) => u.name === '甲')!;
    // on time 0.9 → 60 × 0.9 = 54; returns 0.1 with zero at 0.5 → 40 × 0.8 = 32
    expect(a.items.map((i) => [i.kpi, i.value, i.points, i.why])).toEqual([
      ['onTimeRate', 0.9, 54, 'linear'],
      ['returnRate', 0.1, 32, 'linear'],
    ]);
    expect(a.score).toBe(86);
    const b = dep!.units.find((u) => u.name === '乙')!;
    expect(b.items.map((i) => i.why)).toEqual(['full', 'full']);
    expect(b.score).toBe(100);
  });

  it('gives 0 for an item worse than its floor, and linear points exactly at the floor', () => {
    const c = cfg({
      items: [
        { kpi: 'onTimeRate', weight: 60, target: 1, floor: 0.6 },
        { kpi: 'returnRate', weight: 40, target: 0, zeroAt: 0.5, floor: 0.3 },
      ],
    });
    const [, dep] = scoreUnits(c, [dept('低', 5, 4), dept('平', 6, 3)]);
    const low = dep!.units.find((u) => u.name === '低')!;
    expect(low.items.map((i) => [i.points, i.why])).toEqual([
      [0, 'floor'],
      [0, 'floor'],
    ]);
    expect(low.items[0]!.explain).toContain('低于60.00%');
    expect(low.items[1]!.explain).toContain('高于30.00%');
    const atFloor = dep!.units.find((u) => u.name === '平')!;
    // 0.6 on time is not below the floor: 60 × 0.6 = 36; returns 0.3 not above: 40 × 0.4 = 16
    expect(atFloor.items.map((i) => [i.points, i.why])).toEqual([
      [36, 'linear'],
      [16, 'linear'],
    ]);
  });

  it('reads 2 of 3 on time (0.6667) as below a 66.7 % floor', () => {
    const [, dep] = scoreUnits(cfg(), [
      unit('x', 'department', { received: 3, replied: 3, repliedOnTime: 2 }),
    ]);
    expect(dep!.units[0]!.items[0]).toMatchObject({ value: 0.6667, points: 0, why: 'floor' });
  });

  it('scales the weights to each tier: the same figures score 150-based for a district', () => {
    const [dist, dep] = scoreUnits(cfg(), [
      unit('区', 'district', { received: 10, replied: 10, repliedOnTime: 9, returned: 1 }),
      dept('部', 9, 1),
    ]);
    expect(dist!.units[0]!.items.map((i) => [i.maxPoints, i.points])).toEqual([
      [90, 81],
      [60, 48],
    ]);
    expect(dist!.units[0]!.score).toBe(129);
    expect(dep!.units[0]!.score).toBe(86);
  });

  it('with nothing measured gives full points, none, or leaves the item out as configured', () => {
    const noReplies = unit('空', 'department', { received: 10, returned: 1 });
    const score = (noData: 'full' | 'zero' | 'exclude') =>
      scoreUnits(cfg({ noData }), [noReplies])[1]!.units[0]!;
    expect(score('full').items[0]).toMatchObject({ value: null, points: 60, why: 'noData' });
    expect(score('full').score).toBe(92);
    expect(score('zero').score).toBe(32);
    // excluded: returns alone carry the 100 marks: 100 × 0.8
    expect(score('exclude').items.map((i) => [i.why, i.maxPoints, i.points])).toEqual([
      ['excluded', 0, 0],
      ['linear', 100, 80],
    ]);
    expect(score('exclude').score).toBe(80);
  });

  it('ignores units of a kind no tier takes (streets, the centre)', () => {
    const tiers = scoreUnits(cfg(), [unit('街道', 'street', { received: 50 }), unit('中心', 'hotline', {})]);
    expect(tiers.flatMap((t) => t.units)).toEqual([]);
  });
});

describe('bonus and penalty lines', () => {
  const adjustments = [
    { key: 'red', label: '红牌', counter: 'supervisedRed', pointsEach: -2, cap: 5 },
    { key: 'yellow', label: '黄牌', counter: 'supervisedYellow', pointsEach: -1, cap: 10 },
    { key: 'pass', label: '推诿', counter: 'returned', pointsEach: -0.5, allowanceShare: 0.1, cap: 5 },
    { key: 'praise', label: '表扬', counter: 'satisfied', pointsEach: 1, cap: 3 },
  ] as const;

  it('counts each event, leaves the allowance uncounted and caps each line', () => {
    const u = dept('甲', 10, 0, {
      received: 20,
      supervisedRed: 3,
      supervisedYellow: 2,
      returned: 5,
      satisfied: 4,
    });
    const s = scoreUnits(cfg({ adjustments: [...adjustments] }), [u])[1]!.units[0]!;
    expect(s.adjustments.map((a) => [a.key, a.count, a.allowance, a.counted, a.points, a.capped])).toEqual([
      ['red', 3, 0, 3, -5, true],
      ['yellow', 2, 0, 2, -2, false],
      ['pass', 5, 2, 3, -1.5, false],
      ['praise', 4, 0, 4, 3, true],
    ]);
    // items: on time 100 % → 60; returns 5/20 = 0.25 → 40 × 0.5 = 20
    expect(s.itemPoints).toBe(80);
    expect(s.adjustmentPoints).toBe(-5.5);
    expect(s.score).toBe(74.5);
  });

  it('bounds all penalties together by maxPenalty and all bonuses by maxBonus, keeping the sum exact', () => {
    const u = dept('甲', 10, 0, { received: 20, supervisedRed: 3, supervisedYellow: 4, satisfied: 4 });
    const s = scoreUnits(cfg({ adjustments: [...adjustments], maxPenalty: 6, maxBonus: 1 }), [u])[1]!
      .units[0]!;
    const pts = Object.fromEntries(s.adjustments.map((a) => [a.key, a.points]));
    // red −5 and yellow −4 (−9) scaled to −6: −3.33 and the rest −2.67
    expect(pts).toEqual({ red: -3.33, yellow: -2.67, pass: 0, praise: 1 });
    expect(s.adjustmentPoints).toBe(-5);
  });

  it('never scores below 0', () => {
    const c = cfg({
      adjustments: [{ key: 'r', label: 'R', counter: 'supervisedRed', pointsEach: -50, cap: 200 }],
    });
    const s = scoreUnits(c, [dept('甲', 0, 5, { supervisedRed: 3 })])[1]!.units[0]!;
    expect(s.itemPoints).toBe(0);
    expect(s.score).toBe(0);
  });
});

describe('ranking and lists', () => {
  it('shares a rank between equal scores (1, 1, 3) and orders ties by name', () => {
    const [, dep] = scoreUnits(cfg(), [dept('丙', 9), dept('乙', 10), dept('甲', 10), dept('丁', 8)]);
    expect(dep!.units.map((u) => [u.name, u.score, u.rank])).toEqual([
      ['乙', 100, 1],
      ['甲', 100, 1],
      ['丙', 94, 3],
      ['丁', 88, 4],
    ]);
  });

  it('leaves units below the minimum volume unranked and off the lists', () => {
    const small = unit('小', 'department', { received: 4, replied: 4, repliedOnTime: 4 });
    const [, dep] = scoreUnits(cfg({ minReceived: 5 }), [small, dept('甲', 9), dept('乙', 8)]);
    expect(dep!.units.map((u) => [u.name, u.score, u.ranked, u.rank, u.list])).toEqual([
      ['甲', 94, true, 1, 'red'],
      ['乙', 88, true, 2, 'black'],
      ['小', 100, false, null, null],
    ]);
  });

  it('puts the best N on the red list and the worst N on the black list, worst first', () => {
    const units = [10, 9, 8, 7, 6, 5].map((n, i) => dept(`单位${i}`, n));
    const [, dep] = scoreUnits(cfg(), units);
    expect(dep!.red).toEqual(['id-单位0', 'id-单位1']);
    expect(dep!.black).toEqual(['id-单位5', 'id-单位4']);
    expect(dep!.units.filter((u) => u.list === null).map((u) => u.name)).toEqual(['单位2', '单位3']);
  });

  it('keeps the lists apart in a small tier: at most half of the ranked units each', () => {
    const [, dep] = scoreUnits(cfg(), [dept('甲', 10), dept('乙', 9), dept('丙', 8)]);
    expect(dep!.units.map((u) => u.list)).toEqual(['red', null, 'black']);
  });

  it('puts everyone tied at the top on the red list, and nobody on the black list', () => {
    const [, dep] = scoreUnits(cfg(), [dept('甲', 10), dept('乙', 10), dept('丙', 10), dept('丁', 10)]);
    expect(dep!.units.map((u) => [u.rank, u.list])).toEqual([
      [1, 'red'],
      [1, 'red'],
      [1, 'red'],
      [1, 'red'],
    ]);
    expect(dep!.black).toEqual([]);
  });

  it('ranks each tier on its own', () => {
    const [dist, dep] = scoreUnits(cfg(), [
      unit('区A', 'district', { received: 10, replied: 10, repliedOnTime: 8 }),
      unit('区B', 'district', { received: 10, replied: 10, repliedOnTime: 10 }),
      dept('部', 7),
      unit('企', 'enterprise', { received: 10, replied: 10, repliedOnTime: 9 }),
    ]);
    expect(dist!.units.map((u) => [u.name, u.rank, u.list])).toEqual([
      ['区B', 1, 'red'],
      ['区A', 2, 'black'],
    ]);
    expect(dep!.units.map((u) => [u.name, u.rank])).toEqual([
      ['企', 1],
      ['部', 2],
    ]);
  });
});
