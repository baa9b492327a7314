import { Alert, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../polls/useLoad';
import { formatDateTime } from '../tickets/common/format';
import { kbApi } from './kbApi';
import { KB_VERSION_STATUS_LABELS, type TKbVersionStatus } from '@hotline/shared';

export const VERSION_COLORS: Record<TKbVersionStatus, string> = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
};

/** Every proposed version, newest first: who proposed it, who reviewed it and what they said. */
export function KbVersionHistory({ articleId }: { articleId: string }) {
  const { t, label } = useI18n();
  const versions = useLoad(`kb-versions:${articleId}`, (signal) => kbApi.versions(articleId, signal));
  const items = [...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version);

  if (versions.error != null) return <Alert type="error" showIcon title={errorMessage(versions.error, t)} />;
  if (versions.loading && !versions.data) return <Spin />;
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="kb-versions"
      items={items.map((v) => ({
        key: v.id,
        color: VERSION_COLORS[v.status],
        content: (
          <div data-testid={`kb-version-${v.version}`}>
            <Typography.Text strong>v{v.version}</Typography.Text>{' '}
            <Tag color={VERSION_COLORS[v.status]}>{label(KB_VERSION_STATUS_LABELS[v.status])}</Tag>
            <Typography.Text>{v.title}</Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('kb.proposedBy', {
                  who: [v.proposedByName, v.proposedByUnitName].filter(Boolean).join(' · ') || '—',
                  at: formatDateTime(v.proposedAt),
                })}
              </Typography.Text>
            </div>
            {v.reviewedAt && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('kb.reviewedBy', { who: v.reviewedByName ?? '—', at: formatDateTime(v.reviewedAt) })}
                </Typography.Text>
              </div>
            )}
            {v.reviewComment && (
              <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                {t('kb.reviewComment')}：{v.reviewComment}
              </Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}
