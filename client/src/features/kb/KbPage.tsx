import { Badge, Card, Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { navigate, usePathname } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { useLoad } from '../polls/useLoad';
import { KbArticleDrawer } from './KbArticleDrawer';
import { KbArticleForm } from './KbArticleForm';
import { KbReviewTab } from './KbReviewTab';
import { KbSearchTab } from './KbSearchTab';
import { KB_PATH, canProposeKb, canReviewKb, kbArticlePath, matchKbPath } from './kbAccess';
import { kbApi } from './kbApi';

/** /kb and /kb/articles/:id: 知识库 search and catalogue, the article drawer, and the review queue. */
export function KbPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const articleId = matchKbPath(usePathname())?.articleId ?? null;
  const reviewer = canReviewKb(user.role);
  const canPropose = canProposeKb(user.role);
  const [creating, setCreating] = useState(false);
  // Bumped after any write, so the lists ask again.
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey((k) => k + 1);
  const pending = useLoad(`kb-review-count:${reviewer}:${refreshKey}`, (signal) =>
    reviewer ? kbApi.reviews(signal) : Promise.resolve({ items: [] }),
  );

  const search = (
    <KbSearchTab
      maintainer={reviewer || canPropose}
      canPropose={canPropose}
      refreshKey={refreshKey}
      onOpen={(id) => navigate(kbArticlePath(id))}
      onNew={() => setCreating(true)}
    />
  );

  return (
    <Card
      data-testid="kb-page"
      title={
        <Flex vertical gap={0}>
          <span>{t('kb.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('kb.hint')}
          </Typography.Text>
        </Flex>
      }
    >
      {reviewer ? (
        <Tabs
          items={[
            { key: 'search', label: t('kb.tab.articles'), children: search },
            {
              key: 'reviews',
              label: (
                <Badge count={pending.data?.items.length ?? 0} size="small" offset={[8, -2]}>
                  {t('kb.tab.reviews')}
                </Badge>
              ),
              children: <KbReviewTab refreshKey={refreshKey} onReviewed={refresh} />,
            },
          ]}
        />
      ) : (
        search
      )}
      {articleId && (
        <KbArticleDrawer
          key={articleId}
          articleId={articleId}
          onClose={() => navigate(KB_PATH)}
          onChanged={refresh}
        />
      )}
      {creating && (
        <KbArticleForm
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            refresh();
          }}
        />
      )}
    </Card>
  );
}
