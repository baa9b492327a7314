import type { TKbArticle, TKbArticleSummary, TKbReviewItem } from '@hotline/shared';

/** Article and version ids are UUIDs: the 即时办结 body is checked against the shared schema. */
export const KB = {
  shebao: '10000000-0000-4000-8000-000000000001',
  gongjijin: '10000000-0000-4000-8000-000000000002',
  v2: '20000000-0000-4000-8000-000000000002',
  v9: '20000000-0000-4000-8000-000000000009',
} as const;

export function makeKbSummary(overrides: Partial<TKbArticleSummary> = {}): TKbArticleSummary {
  return {
    id: KB.shebao,
    title: '社保卡丢失补办指南',
    snippet: '社保卡丢失后，请先拨打 12333 挂失，再携带身份证到任一社保服务网点补办。',
    categoryIds: [],
    ownerUnitId: 'unit-rsj',
    ownerUnitName: '市人社局',
    effectiveFrom: '2026-01-01',
    expiresOn: null,
    status: 'published',
    version: 3,
    usageCount: 42,
    expired: false,
    ...overrides,
  };
}

export function makeKbArticle(overrides: Partial<TKbArticle> = {}): TKbArticle {
  return {
    ...makeKbSummary(),
    bodyHtml:
      '<p>社保卡丢失后，请先拨打 <strong>12333</strong> 挂失。</p><ul><li>携带身份证</li><li>到任一社保服务网点补办</li></ul>',
    createdAt: '2026-01-01T01:00:00.000Z',
    updatedAt: '2026-02-01T01:00:00.000Z',
    pendingVersion: null,
    ...overrides,
  };
}

export function makeKbReview(overrides: Partial<TKbReviewItem> = {}): TKbReviewItem {
  return {
    id: KB.v2,
    articleId: KB.shebao,
    articleTitle: '社保卡丢失补办指南',
    version: 4,
    status: 'pending',
    title: '社保卡丢失补办指南（2026版）',
    bodyHtml:
      '<p>社保卡丢失后，请先拨打 <strong>12333</strong> 挂失。</p><p>也可在“江苏智慧人社”App 上补办，邮寄到家。</p>',
    categoryIds: [],
    effectiveFrom: '2026-01-01',
    expiresOn: null,
    proposedByName: '王承办',
    proposedByUnitName: '市人社局',
    proposedAt: '2026-03-01T02:00:00.000Z',
    reviewedByName: null,
    reviewedAt: null,
    reviewComment: null,
    ...overrides,
  };
}
