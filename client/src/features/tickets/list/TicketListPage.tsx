import { isUnitRole } from '@hotline/shared';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../api/errorMessage';
import { useI18n } from '../../../i18n/useI18n';
import { useCurrentUser } from '../../auth/useSession';
import { defaultFilters, matchesFilters, type TListFilters } from './listFilters';
import { TicketFilters } from './TicketFilters';
import { TicketTable } from './TicketTable';
import { useTicketList } from './useTicketList';
import { ScopeTags } from './ScopeTags';
import { filtersFromSearch, hasScope } from './urlFilters';

/**
 * Hotline desks (agent, dispatcher, supervisor, admin) see every open ticket, newest first;
 * unit roles see their unit's inbox sorted by the nearest deadline.
 */
export function TicketListPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const inbox = isUnitRole(user.role);
  const initial = defaultFilters(inbox ? 'due_asc' : 'created_desc');
  // Links into the list (the supervisor overview) carry their filters in the URL.
  const [filters, setFilters] = useState<TListFilters>(() =>
    filtersFromSearch(window.location.search, initial),
  );
  const list = useTicketList(filters);
  const stale = useCallback(
    (r: Parameters<typeof matchesFilters>[1]) => !matchesFilters(filters, r),
    [filters],
  );

  return (
    <Card
      title={
        <Flex vertical gap={0}>
          <span>{inbox ? t('list.inboxTitle') : t('list.title')}</span>
          {inbox && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {t('list.inboxHint')}
            </Typography.Text>
          )}
        </Flex>
      }
      extra={
        <Typography.Text type="secondary" data-testid="list-count">
          {t('list.count', { count: list.items.length })}
        </Typography.Text>
      }
      styles={{ body: { paddingTop: 12 } }}
    >
      <TicketFilters
        value={filters}
        onChange={setFilters}
        onReset={() => setFilters(initial)}
        inbox={inbox}
      />
      {hasScope(filters.scope) && (
        <ScopeTags scope={filters.scope} onClear={() => setFilters({ ...filters, scope: undefined })} />
      )}
      {list.error != null && (
        <Alert
          type="error"
          showIcon
          style={{ margin: '12px 0' }}
          title={t('list.loadFailed')}
          description={errorMessage(list.error, t)}
          action={<Button onClick={list.reload}>{t('common.retry')}</Button>}
        />
      )}
      <div style={{ marginTop: 12 }}>
        <TicketTable
          items={list.items}
          loading={list.loading}
          inbox={inbox}
          fresh={list.fresh}
          stale={stale}
        />
      </div>
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        onLoadMore={list.loadMore}
        shown={!list.loading && list.items.length > 0}
      />
    </Card>
  );
}

/** A "load more" button that also fires when it scrolls into view. */
function LoadMore({
  hasMore,
  loading,
  onLoadMore,
  shown,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  shown: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el || !hasMore || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loading, onLoadMore]);

  if (!shown) return null;
  return (
    <div ref={ref} style={{ textAlign: 'center', marginTop: 16 }}>
      {hasMore ? (
        <Button onClick={onLoadMore} loading={loading} data-testid="load-more">
          {t('list.loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('list.noMore')}</Typography.Text>
      )}
    </div>
  );
}
