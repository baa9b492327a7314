import { contextTokens, routingTokens } from '../../src/routing';

describe('routingTokens', () => {
  const grams = (text: string) => routingTokens(text).filter((t) => !t.includes(':'));

  test('gives dictionary words (w:) and bare character 1–3-grams', () => {
    const tokens = routingTokens('停水了');
    expect(tokens.filter((t) => t.startsWith('w:'))).toEqual(['w:停水', 'w:了']);
    expect(grams('停水了')).toEqual(['停', '水', '了', '停水', '水了', '停水了']);
  });

  test('segments traditional Chinese words too', () => {
    expect(routingTokens('臺北市信義區人行道')).toEqual(expect.arrayContaining(['w:臺北市', 'w:人行道']));
  });

  test('folds full-width forms and case, so the same words give the same tokens', () => {
    expect(routingTokens('ＷｉＦｉ１２３４５')).toEqual(routingTokens('wifi12345'));
  });

  test('does not build n-grams across punctuation or spaces', () => {
    const found = grams('停水，漏水 啊');
    expect(found).not.toContain('水漏');
    expect(found).not.toContain('水啊');
    expect(found).toContain('漏水');
  });

  test('keeps characters outside the basic plane whole', () => {
    expect(grams('𠀋𠀋')).toEqual(['𠀋', '𠀋', '𠀋𠀋']);
  });

  test('has nothing to say about empty or punctuation-only text', () => {
    expect(routingTokens('')).toEqual([]);
    expect(routingTokens(' ，。！ ')).toEqual([]);
  });
});

describe('contextTokens', () => {
  test('puts category, district and line in namespaces of their own', () => {
    expect(contextTokens({ text: '', category: '0103', district: 'TN', line: '12345' })).toEqual([
      'c:0103',
      'c:01',
      'd:TN',
      'x:0103|TN',
      'l:12345',
    ]);
  });

  test('ignores missing and blank codes and does not split codes that are not numeric', () => {
    expect(contextTokens({ text: 'x', category: null, district: '  ', line: undefined })).toEqual([]);
    expect(contextTokens({ text: 'x', category: 'abc-def' })).toEqual(['c:abc-def']);
  });
});
