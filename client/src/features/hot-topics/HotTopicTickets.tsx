import { STATUS_LABELS, type THotTopicTicketDto, type TTicketStatus } from '@hotline/shared';
import { Alert, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { navigate, paths } from '../../router/router';
import { formatDateTime } from '../tickets/common/format';
import { hotTopicsApi, type THotTopicDetail } from './hotTopicsApi';

/** An alert's tickets (never a confidential one: the server only says how many it left out). */
export function HotTopicTickets({ alertId }: { alertId: string }) {
  const { t, label } = useI18n();
  const [detail, setDetail] = useState<THotTopicDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    hotTopicsApi.detail(alertId, ctrl.signal).then(setDetail, (err: unknown) => {
      if (!ctrl.signal.aborted) setError(err);
    });
    return () => ctrl.abort();
  }, [alertId]);

  if (error !== null) return <Alert type="error" showIcon title={errorMessage(error, t)} />;
  return (
    <>
      <Table<THotTopicTicketDto>
        rowKey="id"
        size="small"
        loading={!detail}
        dataSource={detail?.tickets ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid={`hot-topic-tickets-${alertId}`}
        onRow={(r) => ({ onClick: () => navigate(paths.detail(r.id)), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('hotTopics.ticket.no'), dataIndex: 'no' },
          { title: t('hotTopics.ticket.title'), dataIndex: 'title' },
          {
            title: t('hotTopics.ticket.district'),
            dataIndex: 'district',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('hotTopics.ticket.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('hotTopics.ticket.status'),
            dataIndex: 'status',
            render: (s: string) => label(STATUS_LABELS[s as TTicketStatus]) || s,
          },
        ]}
      />
      {detail && detail.hiddenCount > 0 && (
        <Typography.Text type="secondary">
          {t('hotTopics.hidden', { count: detail.hiddenCount })}
        </Typography.Text>
      )}
    </>
  );
}
