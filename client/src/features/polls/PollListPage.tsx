import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TPollCampaignView } from '@hotline/shared';
import { Alert, Button, Card, Flex, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { navigate } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { formatDateTime } from '../tickets/common/format';
import { CreatePollModal } from './CreatePollModal';
import { contactedPercent, formatRate } from './pollFormat';
import { canRunPolls, pollPath } from './pollsAccess';
import { pollsApi } from './pollsApi';
import { useLoad } from './useLoad';

export function PollListPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const list = useLoad('polls', (signal) => pollsApi.list(signal));
  const [creating, setCreating] = useState(false);

  const columns = [
    {
      title: t('polls.col.name'),
      dataIndex: 'name',
      render: (name: string, p: TPollCampaignView) => <a onClick={() => navigate(pollPath(p.id))}>{name}</a>,
    },
    {
      title: t('polls.col.period'),
      render: (_: unknown, p: TPollCampaignView) =>
        `${formatDateTime(p.periodFrom)} ~ ${formatDateTime(p.periodTo)}`,
    },
    {
      title: t('polls.col.status'),
      dataIndex: 'status',
      render: (status: TPollCampaignView['status']) => (
        <Tag color={status === 'open' ? 'processing' : 'default'}>{t(`polls.status.${status}`)}</Tag>
      ),
    },
    {
      title: t('polls.col.progress'),
      render: (_: unknown, p: TPollCampaignView) => (
        <Space orientation="vertical" size={0} style={{ minWidth: 160 }}>
          <Progress percent={contactedPercent(p.progress)} size="small" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('polls.progressText', {
              done: p.progress.sampled - p.progress.pending,
              sampled: p.progress.sampled,
            })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('polls.col.rate'),
      render: (_: unknown, p: TPollCampaignView) => formatRate(p.progress.satisfactionRate),
    },
    { title: t('polls.col.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
  ];

  return (
    <Card
      title={
        <Flex vertical gap={0}>
          <span>{t('polls.title')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('polls.hint')}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.retry')} />
          {canRunPolls(user.role) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('polls.create')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error != null && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(list.error, t)} />
      )}
      <Table
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('polls.empty') }}
      />
      <CreatePollModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(pollPath(id));
        }}
      />
    </Card>
  );
}
