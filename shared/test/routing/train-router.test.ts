import { AppError } from '../../src/common/errors';
import { evaluateRouter, predictRouter, serializeRouter, trainRouter } from '../../src/routing';
import { syntheticTickets } from './synthetic-tickets';

function errorCode(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof AppError ? err.code : 'OTHER';
  }
}

describe('trainRouter', () => {
  const train = syntheticTickets(150, 1);
  const heldOut = syntheticTickets(60, 2);

  test('learns which unit each subject belongs to', () => {
    const model = trainRouter(train);
    expect(model.labels).toEqual(['environment', 'traffic', 'water']);
    expect(evaluateRouter(model, heldOut)).toEqual({ top1: 1, top3: 1, n: 60 });
    expect(predictRouter(model, { text: '我们小区又停水了' })[0]!.label).toBe('water');
  });

  test('gives the same model for the same data and seed', () => {
    expect(serializeRouter(trainRouter(train, { seed: 7 }))).toBe(
      serializeRouter(trainRouter(train, { seed: 7 })),
    );
  });

  test('learns as well from another seed', () => {
    expect(evaluateRouter(trainRouter(train, { seed: 99 }), heldOut).top1).toBe(1);
  });

  test('uses the district when the text cannot tell units apart', () => {
    // The same street-light complaints go to the street office of the district they come from.
    const texts = ['路灯不亮', '路灯坏了很久', '晚上路灯一直不亮', '小区门口路灯损坏'];
    const examples = texts.flatMap((text) => [
      { text, district: 'D1', label: 'street-1' },
      { text, district: 'D2', label: 'street-2' },
    ]);
    const model = trainRouter(examples);
    expect(predictRouter(model, { text: '路灯不亮了', district: 'D1' })[0]!.label).toBe('street-1');
    expect(predictRouter(model, { text: '路灯不亮了', district: 'D2' })[0]!.label).toBe('street-2');
    // Without the district the two are a toss-up, not a confident guess.
    const [first, second] = predictRouter(model, { text: '路灯不亮了' });
    expect(first!.confidence - second!.confidence).toBeLessThan(0.2);
  });

  test('lets a category lend its evidence to the other leaves of its group', () => {
    const examples = [
      ...['投诉', '反映问题', '请求处理'].map((text) => ({ text, category: '0101', label: 'housing' })),
      ...['投诉', '反映问题', '请求处理'].map((text) => ({ text, category: '0201', label: 'transport' })),
    ];
    const model = trainRouter(examples);
    // 0105 was never seen, but it is in group 01.
    expect(predictRouter(model, { text: '反映问题', category: '0105' })[0]!.label).toBe('housing');
    expect(predictRouter(model, { text: '反映问题', category: '0205' })[0]!.label).toBe('transport');
  });

  test('routes everything to the only unit it has seen, surely', () => {
    const model = trainRouter([{ text: '停水', label: 'water' }]);
    expect(predictRouter(model, { text: '噪音' })).toEqual([{ label: 'water', confidence: 1 }]);
  });

  test('refuses to learn from nothing and rejects nonsense options', () => {
    expect(errorCode(() => trainRouter([]))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => trainRouter(train, { c: 0 }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => trainRouter(train, { weightDensity: 2 }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => trainRouter(train, { classBalance: -1 }))).toBe('VALIDATION_FAILED');
  });
});
