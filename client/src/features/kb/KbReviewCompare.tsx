import { Alert, Descriptions, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../polls/useLoad';
import { useCategories } from '../tickets/common/useReferenceData';
import { categoryNames } from './KbBody';
import { kbApi } from './kbApi';
import { formatPeriod } from './kbFormat';
import { paragraphs } from './kbText';
import type { TKbArticle, TKbReviewItem } from '@hotline/shared';
import './kb.css';

type TSide = { title: string; categories: string; period: string; lines: { text: string; cls?: string }[] };

/**
 * Marks the paragraphs only one side has: removed on the left, added on the right. Not a
 * character diff: enough for a reviewer to see at a glance what the unit changed.
 */
export function compareParagraphs(before: string[], after: string[]) {
  const inBefore = new Set(before);
  const inAfter = new Set(after);
  return {
    before: before.map((text) => ({ text, cls: inAfter.has(text) ? undefined : 'kb-para-removed' })),
    after: after.map((text) => ({ text, cls: inBefore.has(text) ? undefined : 'kb-para-added' })),
  };
}

function Side({ heading, side, changed }: { heading: ReactNode; side: TSide; changed: Set<string> }) {
  const { t } = useI18n();
  const mark = (key: string, value: string) =>
    changed.has(key) ? <span className="kb-compare-changed">{value}</span> : value;
  return (
    <div className="kb-compare-side">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {heading}
      </Typography.Title>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'title', label: t('kb.form.title'), children: mark('title', side.title) },
          {
            key: 'categories',
            label: t('kb.categories'),
            children: mark('categories', side.categories || '—'),
          },
          { key: 'period', label: t('kb.period'), children: mark('period', side.period) },
        ]}
      />
      <div className="kb-body">
        {side.lines.map((l, i) => (
          <p key={i} className={l.cls}>
            {l.text}
          </p>
        ))}
      </div>
    </div>
  );
}

/** The published article beside the proposed version; a new article has nothing on the left. */
export function KbReviewCompare({ item }: { item: TKbReviewItem }) {
  const { t } = useI18n();
  const categories = useCategories();
  const byId = new Map(categories.items.map((c) => [c.id, c.name]));
  const current = useLoad<TKbArticle>(`kb-article:${item.articleId}`, (signal) =>
    kbApi.get(item.articleId, signal),
  );
  if (current.error != null) return <Alert type="error" showIcon title={errorMessage(current.error, t)} />;
  if (!current.data) return <Spin />;

  const article = current.data;
  // A never-published article (status draft) has no old text to compare with.
  const isNew = article.status === 'draft';
  const period = (from: string, to: string | null) => formatPeriod(t, from, to);
  const diff = compareParagraphs(isNew ? [] : paragraphs(article.bodyHtml), paragraphs(item.bodyHtml));
  const before: TSide = {
    title: article.title,
    categories: categoryNames(article.categoryIds, byId),
    period: period(article.effectiveFrom, article.expiresOn),
    lines: diff.before,
  };
  const after: TSide = {
    title: item.title,
    categories: categoryNames(item.categoryIds, byId),
    period: period(item.effectiveFrom, item.expiresOn),
    lines: diff.after,
  };
  const changed = new Set(
    isNew ? [] : (['title', 'categories', 'period'] as const).filter((k) => before[k] !== after[k]),
  );

  return (
    <div className="kb-compare" data-testid="kb-compare">
      {isNew ? (
        <div className="kb-compare-side">
          <Tag color="blue">{t('kb.review.newArticle')}</Tag>
        </div>
      ) : (
        <Side heading={t('kb.review.current', { v: article.version })} side={before} changed={new Set()} />
      )}
      <Side heading={t('kb.review.proposed', { v: item.version })} side={after} changed={changed} />
    </div>
  );
}
