import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Col, Empty, Flex, Input, Row, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { CategoryTreeSelect, UnitTreeSelect } from '../tickets/common/RefTreeSelect';
import { KbResultItem } from './KbResultItem';
import { kbApi, type TKbListParams } from './kbApi';
import { highlightTerms } from './kbText';
import { KB_ARTICLE_STATUS_LABELS, type TKbArticleStatus, type TKbArticleSummary } from '@hotline/shared';

export type TKbFilters = {
  q: string;
  categoryId?: string;
  ownerUnitId?: string;
  status?: TKbArticleStatus;
  includeExpired: boolean;
};

type TResults = { items: TKbArticleSummary[]; nextCursor: string | null; loading: boolean; error: unknown };

const PAGE = 20;

/** The list endpoint does not narrow by category: what it returns is narrowed here. */
const inCategory = (items: TKbArticleSummary[], categoryId?: string) =>
  categoryId ? items.filter((a) => a.categoryIds.includes(categoryId)) : items;

/** Ranked search answers words alone (and a category); owner, status and expired need the catalogue. */
export function usesRankedSearch(f: TKbFilters): boolean {
  return Boolean(f.q.trim()) && !f.ownerUnitId && !f.status && !f.includeExpired;
}

function listParams(f: TKbFilters, cursor?: string): TKbListParams {
  return {
    q: f.q.trim().slice(0, 200) || undefined,
    categoryId: f.categoryId,
    ownerUnitId: f.ownerUnitId,
    status: f.status,
    includeExpired: f.includeExpired || undefined,
    cursor,
    limit: PAGE,
  };
}

/**
 * With words only: the ranked search, best first, as the agent desk sees it. Otherwise the
 * catalogue, page by page, for browsing and upkeep.
 */
function useKbResults(filters: TKbFilters, refreshKey: number) {
  const [state, setState] = useState<TResults>({ items: [], nextCursor: null, loading: true, error: null });
  const [more, setMore] = useState<string | null>(null);
  const key = JSON.stringify(filters);

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    const request = usesRankedSearch(filters)
      ? kbApi
          .search({ q: filters.q.trim(), categoryId: filters.categoryId, limit: PAGE }, ctrl.signal)
          .then((r) => ({ items: r.items, nextCursor: null }))
      : kbApi.list(listParams(filters), ctrl.signal);
    request.then(
      (r) =>
        setState({
          items: inCategory(r.items, filters.categoryId),
          nextCursor: r.nextCursor ?? null,
          loading: false,
          error: null,
        }),
      (error: unknown) => {
        if ((error as Error)?.name !== 'AbortError') setState((s) => ({ ...s, loading: false, error }));
      },
    );
    return () => ctrl.abort();
    // `key` stands for the filters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, refreshKey]);

  useEffect(() => {
    if (!more) return;
    const ctrl = new AbortController();
    kbApi.list(listParams(filters, more), ctrl.signal).then(
      (r) => {
        const items = inCategory(r.items, filters.categoryId);
        setState((s) => ({ ...s, items: [...s.items, ...items], nextCursor: r.nextCursor ?? null }));
        setMore(null);
      },
      (error: unknown) => {
        if ((error as Error)?.name !== 'AbortError') setState((s) => ({ ...s, error }));
        setMore(null);
      },
    );
    return () => ctrl.abort();
    // A page is asked for once per cursor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [more]);

  const loadMore = () => {
    if (state.nextCursor) setMore(state.nextCursor);
  };
  return { ...state, loadMore, loadingMore: more !== null };
}

/** 知识库 search and catalogue: query box, filters, hits with the query's words marked. */
export function KbSearchTab({
  maintainer,
  canPropose,
  refreshKey,
  onOpen,
  onNew,
}: {
  /** Reviewers and proposers keep articles up: they also look for drafts, archived and expired ones. */
  maintainer: boolean;
  canPropose: boolean;
  refreshKey: number;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  const { t, label } = useI18n();
  const [filters, setFilters] = useState<TKbFilters>({ q: '', includeExpired: false });
  const [typed, setTyped] = useState('');
  const results = useKbResults(filters, refreshKey);
  const terms = highlightTerms(filters.q);
  const set = (patch: Partial<TKbFilters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('kb.search')}
          placeholder={t('kb.searchPlaceholder')}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            if (!e.target.value) set({ q: '' });
          }}
          onSearch={(v) => set({ q: v })}
          allowClear
          enterButton={t('kb.searchButton')}
          style={{ flex: '1 1 360px', maxWidth: 640 }}
          data-testid="kb-search"
        />
        {canPropose && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onNew}>
            {t('kb.new')}
          </Button>
        )}
      </Flex>
      <Row gutter={[12, 8]} style={{ marginBottom: 8 }}>
        <Col xs={24} md={8}>
          <CategoryTreeSelect
            aria-label={t('kb.filter.category')}
            placeholder={t('kb.filter.category')}
            value={filters.categoryId}
            onChange={(v) => set({ categoryId: (v as string | undefined) ?? undefined })}
          />
        </Col>
        <Col xs={24} md={8}>
          <UnitTreeSelect
            aria-label={t('kb.filter.owner')}
            placeholder={t('kb.filter.owner')}
            value={filters.ownerUnitId}
            onChange={(v) => set({ ownerUnitId: (v as string | undefined) ?? undefined })}
          />
        </Col>
        {maintainer && (
          <Col xs={24} md={8}>
            <Flex gap={12} align="center">
              <Select<TKbArticleStatus>
                allowClear
                aria-label={t('kb.filter.status')}
                placeholder={t('kb.filter.status')}
                value={filters.status}
                onChange={(v) => set({ status: v })}
                options={(['published', 'draft', 'archived'] as const).map((s) => ({
                  value: s,
                  label: label(KB_ARTICLE_STATUS_LABELS[s]),
                }))}
                style={{ minWidth: 120 }}
              />
              <Checkbox
                checked={filters.includeExpired}
                onChange={(e) => set({ includeExpired: e.target.checked })}
              >
                {t('kb.filter.includeExpired')}
              </Checkbox>
            </Flex>
          </Col>
        )}
      </Row>
      {results.error != null && <Alert type="error" showIcon title={errorMessage(results.error, t)} />}
      {results.loading && !results.items.length ? (
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin description={t('common.loading')} />
        </Flex>
      ) : !results.items.length ? (
        <Empty description={filters.q ? t('kb.noHits') : t('kb.emptyCatalogue')} />
      ) : (
        <Spin spinning={results.loading}>
          {usesRankedSearch(filters) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('kb.rankedHint', { n: results.items.length })}
            </Typography.Text>
          )}
          <ul className="kb-results" data-testid="kb-results" aria-label={t('kb.results')}>
            {results.items.map((a) => (
              <KbResultItem key={a.id} article={a} terms={terms} onOpen={() => onOpen(a.id)} />
            ))}
          </ul>
          {results.nextCursor && (
            <Flex justify="center">
              <Button loading={results.loadingMore} onClick={results.loadMore}>
                {t('kb.loadMore')}
              </Button>
            </Flex>
          )}
        </Spin>
      )}
    </>
  );
}
