import type { TDeadlineView } from '@hotline/shared';
import { Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../../i18n/useI18n';
import { Countdown } from '../common/Countdown';
import { formatDateTime } from '../common/format';

export function DeadlinesTable({
  deadlines,
  unitName,
}: {
  deadlines: TDeadlineView[];
  unitName: (id: string | null) => string;
}) {
  const { t } = useI18n();
  const columns: ColumnsType<TDeadlineView> = [
    {
      title: t('dl.kind'),
      dataIndex: 'kind',
      width: 80,
      render: (k: TDeadlineView['kind']) => t(`due.kind.${k}`),
    },
    { title: t('dl.unit'), dataIndex: 'unitId', width: 150, render: (id: string | null) => unitName(id) },
    { title: t('dl.startAt'), dataIndex: 'startAt', width: 130, render: formatDateTime },
    { title: t('dl.dueAt'), dataIndex: 'dueAt', width: 130, render: formatDateTime },
    {
      title: t('dl.status'),
      key: 'status',
      render: (_: unknown, d) => (
        <Space size={4} wrap>
          {d.status === 'active' ? (
            <Countdown dueAt={d.dueAt} overdue={d.breachedAt !== null} />
          ) : (
            <Tag color={d.status === 'met' ? 'green' : 'default'}>{t(`dl.status.${d.status}`)}</Tag>
          )}
          {d.breachedAt ? (
            <Tag color="red">{t('dl.breached')}</Tag>
          ) : d.warnedAt ? (
            <Tag color="orange">{t('dl.warned')}</Tag>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Table<TDeadlineView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={deadlines}
      pagination={false}
      scroll={{ x: 640 }}
      locale={{ emptyText: t('dl.empty') }}
    />
  );
}
