import {
  buildHotTopicBaseline,
  detectHotTopics,
  findHotTopicCandidates,
  HOT_TOPIC_RULE,
  hotTopicExpectedCount,
  hotTopicKeyOf,
  hotTopicLabel,
  hotTopicPhrases,
  hotTopicWindowStart,
  mergeHotTopicCandidates,
  poissonUpperTail,
  streetOfAddress,
  ticketJaccard,
  type THotTopicCandidate,
  type THotTopicTicket,
} from '../../src/supervision/hot-topics';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:30 in Changzhou
const NOW = new Date('2026-11-26T02:30:00.000Z');

describe('poissonUpperTail', () => {
  test('matches the closed forms for small k', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonUpperTail(2, 1)).toBeCloseTo(1 - 2 * Math.exp(-1), 12);
  });

  test('stays accurate far in the tail where 1 − CDF would round to 0', () => {
    // P(X ≥ 8 | 0.2) ≈ e^-0.2 · 0.2^8 / 8! · (1 + 0.2/9 + …)
    const leading = (Math.exp(-0.2) * 0.2 ** 8) / 40320;
    expect(poissonUpperTail(8, 0.2) / leading).toBeCloseTo(1.0225, 3);
    expect(poissonUpperTail(40, 0.2)).toBeGreaterThan(0);
    expect(poissonUpperTail(40, 0.2)).toBeLessThan(1e-60);
  });

  test('is a decreasing function of k and an increasing one of λ', () => {
    expect(poissonUpperTail(10, 4)).toBeLessThan(poissonUpperTail(9, 4));
    expect(poissonUpperTail(10, 5)).toBeGreaterThan(poissonUpperTail(10, 4));
    // the documented cut-offs: 8 at the floor is an alert, 8 at λ = 2 is not
    expect(poissonUpperTail(8, HOT_TOPIC_RULE.baselineFloor)).toBeLessThan(HOT_TOPIC_RULE.threshold);
    expect(poissonUpperTail(8, 2)).toBeGreaterThan(HOT_TOPIC_RULE.threshold);
  });
});

describe('hotTopicPhrases', () => {
  test('keeps the words of the matter, drops stop words, single characters, numbers and the place', () => {
    const phrases = hotTopicPhrases(
      '人民中路路灯不亮',
      '市民反映武进区湖塘镇人民中路18号附近路灯不亮，晚上一片漆黑，希望尽快处理。来电号码13912345678',
      '武进区湖塘镇人民中路18号',
    );
    expect(phrases).toContain('路灯');
    expect(phrases).toContain('一片漆黑');
    for (const w of [
      '市民',
      '反映',
      '附近',
      '希望',
      '处理',
      '尽快',
      '晚上',
      '人民',
      '中路',
      '武进',
      '不',
      '亮',
    ])
      expect(phrases).not.toContain(w);
    expect(phrases.some((p) => /\d/.test(p))).toBe(false);
    expect(new Set(phrases).size).toBe(phrases.length);
  });

  test('an empty text has no phrases', () => {
    expect(hotTopicPhrases('', '')).toEqual([]);
  });
});

describe('streetOfAddress', () => {
  test('finds a known street first, then anything ending in 街道 / 镇', () => {
    expect(streetOfAddress('武进区湖塘镇人民中路18号', ['南夏墅街道', '湖塘镇'])).toBe('湖塘镇');
    expect(streetOfAddress('钟楼区南大街街道延陵西路3号', [], '钟楼区')).toBe('南大街街道');
    expect(streetOfAddress('人民中路18号', ['湖塘镇'])).toBeNull();
    expect(streetOfAddress(null)).toBeNull();
  });
});

let seq = 0;
function ticket(over: Partial<THotTopicTicket> & { createdAt: Date }): THotTopicTicket {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    categoryId: 'cat-light',
    districtId: 'wj',
    street: '湖塘镇',
    phrases: ['路灯', '漆黑'],
    ...over,
  };
}

/** A steady past: `perDay` tickets of a key at 10:xx every day of the baseline. */
function steadyHistory(perDay: number, over: Partial<THotTopicTicket> = {}): THotTopicTicket[] {
  const out: THotTopicTicket[] = [];
  for (let d = 2; d <= 29; d++)
    for (let i = 0; i < perDay; i++)
      out.push(ticket({ createdAt: new Date(NOW.getTime() - d * DAY - 10 * 60_000 - i * 1000), ...over }));
  return out;
}

describe('baseline and candidates', () => {
  test('λ is never below the floor and follows the clock hour for the hour window', () => {
    const b = buildHotTopicBaseline(steadyHistory(3, { phrases: ['噪音'], categoryId: 'cat-noise' }));
    const key = hotTopicKeyOf({ phrase: '噪音', districtId: 'wj', street: '湖塘镇' });
    expect(hotTopicExpectedCount(b, key, 'hour', NOW)).toBeCloseTo(3, 9);
    expect(hotTopicExpectedCount(b, key, 'day', NOW)).toBeCloseTo(3, 9);
    // at 22:30 the same key is quiet: the mean hourly rate (3/24) is below the floor
    expect(hotTopicExpectedCount(b, key, 'hour', new Date(NOW.getTime() + 12 * HOUR))).toBe(0.2);
    expect(hotTopicExpectedCount(b, 'phrase:从未', 'hour', NOW)).toBe(HOT_TOPIC_RULE.baselineFloor);
  });

  test('an ordinary hour raises nothing; 40 at once raise one topic with the most specific label', () => {
    const history = steadyHistory(3, { phrases: ['路灯', '不亮'] });
    const b = buildHotTopicBaseline(history);
    const ordinary = Array.from({ length: 4 }, (_, i) =>
      ticket({ createdAt: new Date(NOW.getTime() - i * 600_000), phrases: ['路灯', '不亮'] }),
    );
    expect(detectHotTopics(ordinary, b, NOW)).toEqual([]);

    const burst = Array.from({ length: 40 }, (_, i) =>
      ticket({
        createdAt: new Date(NOW.getTime() - i * 60_000),
        phrases: i % 2 ? ['路灯', '漆黑'] : ['路灯', '安全隐患'],
      }),
    );
    const topics = detectHotTopics([...ordinary, ...burst], b, NOW);
    expect(topics).toHaveLength(1);
    const [t] = topics;
    expect(t!.dims).toEqual({ phrase: '路灯', districtId: 'wj', street: '湖塘镇' });
    expect(t!.window).toBe('hour');
    expect(t!.count).toBe(44);
    expect(t!.score).toBeLessThan(HOT_TOPIC_RULE.threshold);
    // the category at city level, the day window, 漆黑 (half the tickets) all went into it
    expect(t!.members.length).toBeGreaterThan(5);
    const label = hotTopicLabel(t!.dims, {
      district: (id) => (id === 'wj' ? '武进区' : id),
      category: () => '市政设施与路灯',
    });
    expect(label).toBe('路灯 · 武进区 湖塘镇');
  });

  test('7 tickets never raise, even for a key never seen (minimum count)', () => {
    const b = buildHotTopicBaseline([]);
    const seven = Array.from({ length: 7 }, (_, i) =>
      ticket({ createdAt: new Date(NOW.getTime() - i * 1000) }),
    );
    expect(findHotTopicCandidates(seven, b, NOW)).toEqual([]);
    const eight = [...seven, ticket({ createdAt: NOW })];
    expect(findHotTopicCandidates(eight, b, NOW).length).toBeGreaterThan(0);
  });

  test('tickets outside the window do not count; window starts are the clock hour and the China day', () => {
    const b = buildHotTopicBaseline([]);
    const old = Array.from({ length: 10 }, () => ticket({ createdAt: new Date(NOW.getTime() - 2 * HOUR) }));
    const c = findHotTopicCandidates(old, b, NOW);
    expect(c.every((x) => x.window === 'day')).toBe(true);
    expect(hotTopicWindowStart('hour', NOW).toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(hotTopicWindowStart('day', NOW).toISOString()).toBe('2026-11-25T16:00:00.000Z');
  });
});

describe('mergeHotTopicCandidates', () => {
  const cand = (key: string, specificity: number, ids: string[], over: Partial<THotTopicCandidate> = {}) =>
    ({
      key,
      dims: { phrase: key },
      specificity,
      window: 'hour',
      windowStart: NOW,
      count: ids.length,
      baseline: 0.2,
      score: poissonUpperTail(ids.length, 0.2),
      ticketIds: ids,
      rank: 0,
      ...over,
    }) as THotTopicCandidate;
  const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `t${from + i}`);

  test('overlapping candidates are one topic under the most specific key', () => {
    const topics = mergeHotTopicCandidates([
      cand('district', 2.5, ids(0, 30)),
      cand('street', 3.5, ids(0, 20)),
    ]);
    expect(topics.map((t) => t.key)).toEqual(['street']);
    expect(ticketJaccard(ids(0, 30), ids(0, 20))).toBeCloseTo(2 / 3, 9);
  });

  test('between words of the same tickets, the one that comes first (the title) names the topic', () => {
    const topics = mergeHotTopicCandidates([
      cand('一段', 3.5, ids(0, 9), { rank: 2 }),
      cand('路灯', 3.5, ids(0, 9), { rank: 0 }),
    ]);
    expect(topics.map((t) => t.key)).toEqual(['路灯']);
  });

  test('disjoint bursts stay two topics', () => {
    const topics = mergeHotTopicCandidates([cand('a', 3.5, ids(0, 10)), cand('b', 3.5, ids(100, 10))]);
    expect(topics.map((t) => t.key).sort()).toEqual(['a', 'b']);
  });

  test('a broad key significant only because of a topic is absorbed; one with its own excess is not', () => {
    const quiet = cand('city', 1, [...ids(0, 20), ...ids(500, 5)], { baseline: 5 });
    const busy = cand('city2', 1, [...ids(0, 20), ...ids(600, 40)], { baseline: 5 });
    const topics = mergeHotTopicCandidates([cand('street', 3.5, ids(0, 20)), quiet, busy]);
    expect(topics.map((t) => t.key)).toEqual(['street', 'city2']);
  });
});
