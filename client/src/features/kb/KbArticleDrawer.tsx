import { EditOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Flex, Popconfirm, Result, Spin, Tabs } from 'antd';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { useLoad } from '../polls/useLoad';
import { formatDateTime } from '../tickets/common/format';
import { useCategories } from '../tickets/common/useReferenceData';
import { KbArticleForm } from './KbArticleForm';
import { KbBody, categoryNames } from './KbBody';
import { KbStatusTags } from './KbStatusTags';
import { KbVersionHistory } from './KbVersionHistory';
import { canProposeKb, canReviewKb } from './kbAccess';
import { kbApi } from './kbApi';
import { formatPeriod } from './kbFormat';
import type { TKbArticle } from '@hotline/shared';

/**
 * One article: its body, owner, dates and usage, its version history, and what the user may do
 * with it (propose an edit, archive). `extra` adds the caller's own action (e.g. cite it).
 */
export function KbArticleDrawer({
  articleId,
  onClose,
  extra,
  onChanged,
}: {
  articleId: string;
  onClose: () => void;
  extra?: (article: TKbArticle) => ReactNode;
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [editing, setEditing] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const loaded = useLoad(`kb-article:${articleId}`, (signal) => kbApi.get(articleId, signal));
  const categories = useCategories();
  const byId = new Map(categories.items.map((c) => [c.id, c.name]));
  const article = loaded.data;

  const archive = async () => {
    if (!article) return;
    setArchiving(true);
    try {
      await kbApi.archive(article.id);
      void message.success(t('kb.archived'));
      loaded.reload();
      onChanged?.();
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setArchiving(false);
    }
  };

  const canEdit = canProposeKb(user.role) && article?.status !== 'archived' && !article?.pendingVersion;
  const actions = article && (
    <Flex gap={8} wrap justify="flex-end">
      {extra?.(article)}
      {canEdit && (
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
          {t('kb.proposeEdit')}
        </Button>
      )}
      {canReviewKb(user.role) && article.status === 'published' && (
        <Popconfirm title={t('kb.archiveConfirm')} onConfirm={() => void archive()}>
          <Button danger icon={<InboxOutlined />} loading={archiving}>
            {t('kb.archive')}
          </Button>
        </Popconfirm>
      )}
    </Flex>
  );

  return (
    <Drawer
      open
      size={720}
      title={article?.title ?? t('kb.article')}
      onClose={onClose}
      destroyOnHidden
      extra={actions}
      data-testid="kb-article-drawer"
    >
      {loaded.loading && !article && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin description={t('common.loading')} />
        </Flex>
      )}
      {loaded.error != null && <Result status="warning" title={errorMessage(loaded.error, t)} />}
      {article && (
        <>
          <KbStatusTags article={article} />
          {article.pendingVersion && (
            <Alert
              type="info"
              showIcon
              style={{ margin: '12px 0' }}
              title={t('kb.pendingExists', {
                v: article.pendingVersion.version,
                who: article.pendingVersion.proposedByName ?? '—',
              })}
            />
          )}
          <Tabs
            items={[
              {
                key: 'body',
                label: t('kb.tab.body'),
                children: (
                  <>
                    <Descriptions
                      size="small"
                      column={2}
                      style={{ marginBottom: 16 }}
                      items={[
                        { key: 'owner', label: t('kb.owner'), children: article.ownerUnitName },
                        {
                          key: 'categories',
                          label: t('kb.categories'),
                          children: categoryNames(article.categoryIds, byId) || '—',
                        },
                        {
                          key: 'period',
                          label: t('kb.period'),
                          children: formatPeriod(t, article.effectiveFrom, article.expiresOn),
                        },
                        { key: 'usage', label: t('kb.usage'), children: article.usageCount },
                        { key: 'version', label: t('kb.version'), children: `v${article.version}` },
                        {
                          key: 'updated',
                          label: t('kb.updatedAt'),
                          children: formatDateTime(article.updatedAt),
                        },
                      ]}
                    />
                    <KbBody html={article.bodyHtml} />
                  </>
                ),
              },
              {
                key: 'history',
                label: t('kb.tab.history'),
                children: <KbVersionHistory key={historyKey} articleId={article.id} />,
              },
            ]}
          />
          {editing && (
            <KbArticleForm
              article={article}
              onClose={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                setHistoryKey((k) => k + 1);
                loaded.reload();
                onChanged?.();
              }}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
