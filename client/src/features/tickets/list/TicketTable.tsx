import { CHANNEL_LABELS, TYPE_LABELS, type TTicketSummary } from '@hotline/shared';
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes, KeyboardEvent, MouseEvent } from 'react';
import { lineLabel } from '../../../i18n/labels';
import { useI18n } from '../../../i18n/useI18n';
import { navigate, paths } from '../../../router/router';
import { Countdown } from '../common/Countdown';
import { formatDateTime } from '../common/format';
import { ConfidentialTag, StatusTag, SupervisionTag, UrgencyTag } from '../common/Tags';

type TProps = {
  items: TTicketSummary[];
  loading: boolean;
  inbox: boolean;
  fresh: ReadonlySet<string>;
  stale: (ticket: TTicketSummary) => boolean;
};

export function TicketTable({ items, loading, inbox, fresh, stale }: TProps) {
  const { t, label, lang } = useI18n();

  const columns: ColumnsType<TTicketSummary> = [
    {
      title: t('list.col.no'),
      dataIndex: 'no',
      width: 150,
      fixed: 'left',
      render: (no: string) => <Typography.Text strong>{no}</Typography.Text>,
    },
    {
      title: t('list.col.title'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <div className="ticket-title">
          <ConfidentialTag confidential={r.confidential} />
          <SupervisionTag level={r.supervisionLevel} />
          <span className="ticket-title-text" title={title}>
            {title}
          </span>
        </div>
      ),
    },
    {
      title: t('list.col.status'),
      dataIndex: 'status',
      width: 88,
      render: (_: unknown, r) => <StatusTag status={r.status} />,
    },
    {
      title: t('list.col.urgency'),
      dataIndex: 'urgency',
      width: 76,
      render: (_: unknown, r) => <UrgencyTag urgency={r.urgency} />,
    },
    ...(inbox
      ? []
      : ([
          {
            title: t('list.col.line'),
            dataIndex: 'line',
            width: 72,
            render: (_: unknown, r) => <span title={lineLabel(r.line, lang)}>{r.line}</span>,
          },
          {
            title: t('list.col.channel'),
            dataIndex: 'channel',
            width: 72,
            render: (_: unknown, r) => label(CHANNEL_LABELS[r.channel]),
          },
        ] satisfies ColumnsType<TTicketSummary>)),
    {
      title: t('list.col.type'),
      dataIndex: 'type',
      width: 72,
      render: (_: unknown, r) => label(TYPE_LABELS[r.type]),
    },
    {
      title: t('list.col.category'),
      dataIndex: 'categoryName',
      width: 140,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    ...(inbox
      ? []
      : ([
          {
            title: t('list.col.leadUnit'),
            dataIndex: 'leadUnitName',
            width: 140,
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
        ] satisfies ColumnsType<TTicketSummary>)),
    {
      title: t('list.col.due'),
      dataIndex: 'dueAt',
      width: 190,
      render: (_: unknown, r) => <Countdown dueAt={r.dueAt} overdue={r.overdue} kind={r.dueKind} showKind />,
    },
    {
      title: t('list.col.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatDateTime(v),
    },
  ];

  const open = (r: TTicketSummary) => navigate(paths.detail(r.id));

  return (
    <Table<TTicketSummary>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: inbox ? 1050 : 1320 }}
      locale={{ emptyText: t('list.empty') }}
      rowClassName={(r) =>
        ['ticket-row', fresh.has(r.id) ? 'ticket-row-fresh' : '', stale(r) ? 'ticket-row-stale' : '']
          .filter(Boolean)
          .join(' ')
      }
      onRow={(r) =>
        ({
          'data-testid': `ticket-row-${r.no}`,
          tabIndex: 0,
          role: 'link',
          'aria-label': `${r.no} ${r.title}`,
          onClick: (e: MouseEvent<HTMLElement>) => {
            if (e.ctrlKey || e.metaKey) window.open(paths.detail(r.id), '_blank', 'noopener');
            else open(r);
          },
          onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
            if (e.key === 'Enter') open(r);
          },
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
