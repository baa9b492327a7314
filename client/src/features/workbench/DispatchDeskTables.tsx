import type { TTicketAction, TTicketSummary } from '@hotline/shared';
import { Button, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../i18n/useI18n';
import { Countdown } from '../tickets/common/Countdown';
import { formatDateTime } from '../tickets/common/format';
import { UrgencyTag } from '../tickets/common/Tags';
import { TicketCell } from './QueueParts';
import { TopSuggestion } from './TopSuggestion';

export type TLaunch = (ticketId: string, action: TTicketAction) => void;

type TTableProps = {
  items: TTicketSummary[];
  loading: boolean;
  /** The user may take the desk's actions (dispatchers; admins look on). */
  canAct: boolean;
  launch: TLaunch;
};

const ticketColumn = (title: string): ColumnsType<TTicketSummary>[number] => ({
  title,
  key: 'ticket',
  render: (_: unknown, r) => <TicketCell ticket={r} />,
});

function QueueTable({
  items,
  loading,
  columns,
  testId,
}: {
  items: TTicketSummary[];
  loading: boolean;
  columns: ColumnsType<TTicketSummary>;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Table<TTicketSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 960 }}
      locale={{ emptyText: t('wb.empty') }}
      data-testid={testId}
      onRow={(r) => ({ 'data-testid': `${testId}-row-${r.no}` }) as object}
    />
  );
}

/** 待派单: oldest first, the best suggestion and a one-click dispatch on each row. */
export function ToDispatchTable({
  items,
  loading,
  canAct,
  launch,
  onDispatched,
  onStale,
}: TTableProps & { onDispatched: (id: string) => void; onStale: () => void }) {
  const { t } = useI18n();
  const columns: ColumnsType<TTicketSummary> = [
    ticketColumn(t('wb.col.ticket')),
    {
      title: t('wb.col.urgency'),
      key: 'urgency',
      width: 84,
      render: (_, r) => <UrgencyTag urgency={r.urgency} />,
    },
    {
      title: t('wb.col.category'),
      key: 'category',
      width: 140,
      ellipsis: true,
      render: (_, r) => r.categoryName ?? '—',
    },
    {
      title: t('wb.col.createdAt'),
      key: 'created',
      width: 140,
      render: (_, r) => formatDateTime(r.createdAt),
    },
    {
      title: t('dispatchDesk.col.suggestion'),
      key: 'suggestion',
      width: 380,
      render: (_, r) => (
        <TopSuggestion
          ticket={r}
          canDispatch={canAct}
          onDispatched={onDispatched}
          onStale={onStale}
          onOther={() => launch(r.id, 'dispatch')}
        />
      ),
    },
  ];
  return <QueueTable items={items} loading={loading} columns={columns} testId="to-dispatch" />;
}

/** 退单审核: which unit returned the ticket and why; accept (re-dispatch) or reject. */
export function ReturnedTable({ items, loading, canAct, launch }: TTableProps) {
  const { t } = useI18n();
  const columns: ColumnsType<TTicketSummary> = [
    ticketColumn(t('wb.col.ticket')),
    {
      title: t('dispatchDesk.col.returnedBy'),
      key: 'unit',
      width: 140,
      render: (_, r) => r.returnedByUnitName ?? '—',
    },
    {
      title: t('dispatchDesk.col.returnReason'),
      key: 'reason',
      render: (_, r) =>
        r.returnReason ? (
          <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: r.returnReason }}>
            {r.returnReason}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">
            {r.confidential ? t('dispatchDesk.reasonHidden') : '—'}
          </Typography.Text>
        ),
    },
    {
      title: t('dispatchDesk.col.returnedAt'),
      key: 'at',
      width: 140,
      render: (_, r) => formatDateTime(r.returnedAt),
    },
    ...(canAct
      ? ([
          {
            title: t('wb.col.actions'),
            key: 'actions',
            width: 220,
            render: (_, r) => (
              <Space size={4} wrap>
                <Button
                  type="primary"
                  size="small"
                  onClick={() => launch(r.id, 'redispatch')}
                  data-testid={`accept-return-${r.no}`}
                >
                  {t('dispatchDesk.acceptReturn')}
                </Button>
                <Button
                  danger
                  size="small"
                  onClick={() => launch(r.id, 'reject-return')}
                  data-testid={`reject-return-${r.no}`}
                >
                  {t('dispatchDesk.rejectReturn')}
                </Button>
              </Space>
            ),
          },
        ] satisfies ColumnsType<TTicketSummary>)
      : []),
  ];
  return <QueueTable items={items} loading={loading} columns={columns} testId="returned" />;
}

/** 延期审批: the days and reason asked for, against the deadline as it stands. */
export function ExtensionTable({ items, loading, canAct, launch }: TTableProps) {
  const { t } = useI18n();
  const columns: ColumnsType<TTicketSummary> = [
    ticketColumn(t('wb.col.ticket')),
    {
      title: t('dispatchDesk.col.extUnit'),
      key: 'unit',
      width: 130,
      render: (_, r) => r.extensionRequest?.unitName ?? r.leadUnitName ?? '—',
    },
    {
      title: t('dispatchDesk.col.extDays'),
      key: 'days',
      width: 100,
      render: (_, r) =>
        r.extensionRequest ? t('dispatchDesk.extDays', { days: r.extensionRequest.days }) : '—',
    },
    {
      title: t('dispatchDesk.col.extReason'),
      key: 'reason',
      render: (_, r) => (
        <Typography.Paragraph
          style={{ margin: 0 }}
          ellipsis={{ rows: 2, tooltip: r.extensionRequest?.reason }}
        >
          {r.extensionRequest?.reason ?? (r.confidential ? t('dispatchDesk.reasonHidden') : '—')}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('dispatchDesk.col.currentDue'),
      key: 'due',
      width: 180,
      render: (_, r) => <Countdown dueAt={r.dueAt} overdue={r.overdue} kind={r.dueKind} showKind />,
    },
    {
      title: t('dispatchDesk.col.extRequestedAt'),
      key: 'at',
      width: 140,
      render: (_, r) => formatDateTime(r.extensionRequest?.requestedAt),
    },
    ...(canAct
      ? ([
          {
            title: t('wb.col.actions'),
            key: 'actions',
            width: 140,
            render: (_, r) => (
              <Space size={4}>
                <Button
                  type="primary"
                  size="small"
                  onClick={() => launch(r.id, 'approve-extension')}
                  data-testid={`approve-extension-${r.no}`}
                >
                  {t('dispatchDesk.approveExtension')}
                </Button>
                <Button
                  danger
                  size="small"
                  onClick={() => launch(r.id, 'reject-extension')}
                  data-testid={`reject-extension-${r.no}`}
                >
                  {t('dispatchDesk.rejectExtension')}
                </Button>
              </Space>
            ),
          },
        ] satisfies ColumnsType<TTicketSummary>)
      : []),
  ];
  return <QueueTable items={items} loading={loading} columns={columns} testId="extensions" />;
}
