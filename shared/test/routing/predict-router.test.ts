import { evaluateRouter, predictRouter, trainRouter } from '../../src/routing';
import { syntheticTickets } from './synthetic-tickets';

describe('predictRouter', () => {
  const model = trainRouter(syntheticTickets(150, 1));

  test('returns the three best labels by default, best first, with confidences that are probabilities', () => {
    const predictions = predictRouter(model, { text: '路口堵车很严重' });
    expect(predictions).toHaveLength(3);
    expect(predictions[0]!.label).toBe('traffic');
    const confidences = predictions.map((p) => p.confidence);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
    for (const c of confidences) expect(c).toBeGreaterThanOrEqual(0);
    expect(confidences.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-9);
  });

  test('returns as many labels as asked for, all of them summing to one', () => {
    expect(predictRouter(model, { text: '噪音扰民' }, 1)).toHaveLength(1);
    expect(predictRouter(model, { text: '噪音扰民' }, 0)).toEqual([]);
    const all = predictRouter(model, { text: '噪音扰民' }, Number.POSITIVE_INFINITY);
    expect(all.map((p) => p.label).sort()).toEqual(model.labels);
    expect(all.reduce((sum, p) => sum + p.confidence, 0)).toBeCloseTo(1, 9);
  });

  test('still answers for empty text and words it never saw, without pretending to be sure', () => {
    for (const text of ['', 'zzqx 完全陌生的内容', '！！！']) {
      const predictions = predictRouter(model, { text, district: 'never-seen', category: '9999' });
      expect(predictions).toHaveLength(3);
      expect(predictions[0]!.confidence).toBeLessThan(0.9);
      expect(predictions.reduce((sum, p) => sum + p.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  test('is confident on a clear case', () => {
    expect(predictRouter(model, { text: '自来水发黄' })[0]!.confidence).toBeGreaterThan(0.5);
  });
});

describe('evaluateRouter', () => {
  const model = trainRouter(syntheticTickets(150, 1));

  test('counts first-place and top-three hits', () => {
    const result = evaluateRouter(model, [
      { text: '停水', label: 'water' },
      { text: '停水', label: 'traffic' },
      { text: '停水', label: 'unknown-unit' },
    ]);
    expect(result.n).toBe(3);
    expect(result.top1).toBeCloseTo(1 / 3);
    expect(result.top3).toBeCloseTo(2 / 3);
  });

  test('reports zeros for an empty test set', () => {
    expect(evaluateRouter(model, [])).toEqual({ top1: 0, top3: 0, n: 0 });
  });
});
