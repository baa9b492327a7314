import { AppError } from '../../src/common/errors';
import { deserializeRouter, predictRouter, serializeRouter, trainRouter } from '../../src/routing';
import { syntheticTickets } from './synthetic-tickets';

describe('serializeRouter / deserializeRouter', () => {
  const model = trainRouter([
    ...syntheticTickets(120, 3),
    { text: '路灯不亮', category: '0103', district: 'D1', line: '12345', label: 'street-1' },
  ]);

  test('round-trips a model exactly, so the stored model predicts what the trained one did', () => {
    const text = serializeRouter(model);
    const restored = deserializeRouter(text);
    expect(restored).toEqual(model);
    expect(serializeRouter(restored)).toBe(text);
    const input = { text: '小区水管爆裂', category: '0103', district: 'D1' };
    expect(predictRouter(restored, input, 5)).toEqual(predictRouter(model, input, 5));
  });

  test('is one compact line of text PostgreSQL can hold', () => {
    const text = serializeRouter(model);
    expect(text.includes('\u0000')).toBe(false);
    expect(text.includes('\n')).toBe(false);
    expect(text.length).toBeLessThan(JSON.stringify(model).length);
  });

  test('refuses text that is not a stored model', () => {
    const codeOf = (s: string) => {
      try {
        deserializeRouter(s);
        return null;
      } catch (err) {
        return err instanceof AppError ? err.code : 'OTHER';
      }
    };
    expect(codeOf('not json')).toBe('UNPROCESSABLE');
    expect(codeOf('{"format":"something-else"}')).toBe('UNPROCESSABLE');
    const truncated = JSON.parse(serializeRouter(model)) as Record<string, string>;
    truncated.weight = truncated.weight!.slice(0, 8);
    expect(codeOf(JSON.stringify(truncated))).toBe('UNPROCESSABLE');
  });
});
