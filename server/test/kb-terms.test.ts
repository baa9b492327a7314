import {
  canApproveKbVersion,
  canProposeKbVersion,
  isKbInEffect,
  kbQueryTerms,
  kbSearchTerms,
} from '@hotline/shared';
import { sanitizeKbBody } from '../src/modules/kb/kb-html';
import { kbSnippet } from '../src/modules/kb/kb-snippet';

describe('knowledge base terms', () => {
  test('Chinese text becomes its bigrams and longer dictionary words; particles and question words drop out', () => {
    const terms = kbSearchTerms('我的社保卡丢了怎么补办').split(' ');
    expect(terms).toEqual(expect.arrayContaining(['社保', '保卡', '卡丢', '补办']));
    for (const noise of ['我的', '丢了', '了怎', '怎么', '么补']) expect(terms).not.toContain(noise);
  });

  test('latin words and numbers are lowercased, full-width forms folded, punctuation never joins terms', () => {
    expect(kbSearchTerms('拨打１２３４５或登录 WiFi-APP。')).toBe('拨打 或登 登录 12345 wifi app');
  });

  test('a query keeps each term once with its count, and adds the synonyms it mentions', () => {
    const q = kbQueryTerms('电瓶车电瓶车上牌');
    expect(q.find((t) => t.term === '电瓶')).toEqual({ term: '电瓶', count: 2 });
    expect(q.map((t) => t.term)).toEqual(expect.arrayContaining(['电动', '自行']));
    expect(kbQueryTerms('很长的描述'.repeat(500), 50).length).toBeLessThanOrEqual(50);
  });
});

describe('snippets', () => {
  const body = '开头的话。'.repeat(40) + '办理居住证需要带身份证和租房合同。' + '结尾的话。'.repeat(40);

  test('a long body is cut to 120 characters around the matched passage', () => {
    const snippet = kbSnippet(body, ['居住', '租房']);
    expect(snippet.length).toBeLessThanOrEqual(120);
    expect(snippet).toContain('办理居住证需要带身份证和租房合同');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
  });

  test('without a match it is the beginning; a short body is kept whole', () => {
    expect(kbSnippet(body, ['没有的词'])).toBe(`${body.slice(0, 119)}…`);
    expect(kbSnippet('短文。', ['短文'])).toBe('短文。');
  });
});

describe('sanitising and access rules', () => {
  test('sanitised HTML keeps lists and tables and gives readable text', () => {
    const { html, text } = sanitizeKbBody('<ol><li>一</li><li onclick="x">二</li></ol><p>A &amp; B</p>');
    expect(html).toBe('<ol><li>一</li><li>二</li></ol><p>A &amp; B</p>');
    expect(text).toBe('一 二 A & B');
  });

  test('in effect from the first day until the day before expiry', () => {
    const a = { effectiveFrom: '2026-01-01', expiresOn: '2026-02-01' };
    expect(isKbInEffect(a, '2025-12-31')).toBe(false);
    expect(isKbInEffect(a, '2026-01-01')).toBe(true);
    expect(isKbInEffect(a, '2026-01-31')).toBe(true);
    expect(isKbInEffect(a, '2026-02-01')).toBe(false);
  });

  test('units change their own articles; supervisors do not approve their own proposals, admins may', () => {
    const handler = { id: 'u1', role: 'unit_handler' as const, unitId: 'cgj' };
    expect(canProposeKbVersion(handler, { ownerUnitId: 'cgj' })).toBe(true);
    expect(canProposeKbVersion(handler, { ownerUnitId: 'zjj' })).toBe(false);
    expect(canProposeKbVersion({ ...handler, role: 'agent' }, { ownerUnitId: 'cgj' })).toBe(false);
    const supervisor = { id: 's1', role: 'supervisor' as const, unitId: 'city' };
    expect(canApproveKbVersion(supervisor, { proposedBy: 's1' })).toBe(false);
    expect(canApproveKbVersion(supervisor, { proposedBy: 'u1' })).toBe(true);
    expect(canApproveKbVersion({ ...supervisor, role: 'admin' }, { proposedBy: 's1' })).toBe(true);
  });
});
