import { PhoneOutlined } from '@ant-design/icons';
import type { TTicketRealtimeMessage, TTicketSummary } from '@hotline/shared';
import { Badge, Button, Card, Flex, Result, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { navigate } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { MISSED_CALLS_PATH } from '../calls/callsAccess';
import { Countdown } from '../tickets/common/Countdown';
import { formatDateTime } from '../tickets/common/format';
import { CallbackSurveyModal } from './CallbackSurveyModal';
import { QueueError, QueueFooter, TicketCell, queueCount } from './QueueParts';
import { useQueue } from './useQueue';
import { canRecordCallback, canUseCallbacks } from './workbenchAccess';

const joinsCallbacks = (m: TTicketRealtimeMessage) => m.type === 'ticket.reply_approved';

/** 回访: resolved tickets waiting for the call to the citizen, resolved longest ago first. */
export function CallbacksPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const allowed = canUseCallbacks(user);
  const canRecord = canRecordCallback(user);
  const queue = useQueue({ queue: 'callback_due' }, joinsCallbacks, allowed);
  const [surveying, setSurveying] = useState<TTicketSummary | null>(null);

  if (!allowed) return <Result status="403" title={t('wb.forbidden')} />;

  const columns: ColumnsType<TTicketSummary> = [
    { title: t('wb.col.ticket'), key: 'ticket', render: (_, r) => <TicketCell ticket={r} /> },
    {
      title: t('callbacks.col.leadUnit'),
      key: 'unit',
      width: 150,
      ellipsis: true,
      render: (_, r) => r.leadUnitName ?? '—',
    },
    {
      title: t('callbacks.col.phone'),
      key: 'phone',
      width: 130,
      render: (_, r) => r.citizenPhoneMasked ?? '—',
    },
    {
      title: t('callbacks.col.resolvedAt'),
      key: 'resolved',
      width: 140,
      render: (_, r) => formatDateTime(r.resolvedAt),
    },
    {
      title: t('callbacks.col.callbackDue'),
      key: 'due',
      width: 180,
      render: (_, r) => <Countdown dueAt={r.dueAt} overdue={r.overdue} kind={r.dueKind} />,
    },
    ...(canRecord
      ? ([
          {
            title: t('wb.col.actions'),
            key: 'actions',
            width: 100,
            render: (_, r) => (
              <Button
                type="primary"
                size="small"
                icon={<PhoneOutlined />}
                onClick={() => setSurveying(r)}
                data-testid={`callback-${r.no}`}
              >
                {t('callbacks.start')}
              </Button>
            ),
          },
        ] satisfies ColumnsType<TTicketSummary>)
      : []),
  ];

  return (
    <Card
      data-testid="callback-list"
      title={
        <Flex vertical gap={0}>
          <Flex gap={8} align="center">
            {t('callbacks.title')}
            <Badge
              count={queueCount(queue.items, queue.hasMore)}
              showZero
              color="#1677ff"
              data-testid="badge-callbacks"
            />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('callbacks.hint')}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Button
          icon={<PhoneOutlined />}
          onClick={() => navigate(MISSED_CALLS_PATH)}
          data-testid="missed-calls-link"
        >
          {t('callbacks.missedCalls')}
        </Button>
      }
    >
      <QueueError queue={queue} />
      <Table<TTicketSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={queue.items}
        loading={queue.loading}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('wb.empty') }}
        onRow={(r) => ({ 'data-testid': `callbacks-row-${r.no}` }) as object}
      />
      <QueueFooter queue={queue} />
      {surveying && (
        <CallbackSurveyModal
          key={surveying.id}
          ticket={surveying}
          onClose={() => setSurveying(null)}
          onDone={(id) => {
            setSurveying(null);
            queue.remove(id);
          }}
        />
      )}
    </Card>
  );
}
