import type { TReportSummary } from '@hotline/shared';
import { Card, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { formatPercent, type TWorkReport } from './reportsApi';

export function ChannelTable({ report }: { report: TWorkReport }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('reports.byChannel')}>
      <Table
        size="small"
        rowKey="channel"
        pagination={false}
        dataSource={report.byChannel}
        columns={[
          {
            title: t('reports.channel'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <>
                {name} {row.online ? <Tag color="blue">{t('reports.online')}</Tag> : null}
              </>
            ),
          },
          { title: t('reports.tickets'), dataIndex: 'tickets', align: 'right' },
        ]}
      />
    </Card>
  );
}

export function MonthTable({ report }: { report: TWorkReport }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('reports.byMonth')}>
      <Table<TReportSummary>
        size="small"
        rowKey="from"
        pagination={false}
        dataSource={report.byMonth}
        columns={[
          { title: t('reports.month'), dataIndex: 'from', render: (d: string) => d.slice(0, 7) },
          { title: t('reports.callsAnswered'), dataIndex: 'callsAnswered', align: 'right' },
          { title: t('reports.onlineItems'), dataIndex: 'onlineItems', align: 'right' },
          { title: t('reports.ticketsReceived'), dataIndex: 'ticketsReceived', align: 'right' },
          { title: t('reports.onTimeRate'), dataIndex: 'onTimeRate', align: 'right', render: formatPercent },
          {
            title: t('reports.satisfactionRate'),
            dataIndex: 'satisfactionRate',
            align: 'right',
            render: formatPercent,
          },
          { title: t('reports.threeWayCalls'), dataIndex: 'threeWayCalls', align: 'right' },
        ]}
      />
    </Card>
  );
}

export function UnitTable({ report }: { report: TWorkReport }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('reports.byUnit')}>
      <Table
        size="small"
        rowKey="unitId"
        dataSource={report.units}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('reports.unit'), dataIndex: 'name' },
          { title: t('reports.received'), dataIndex: 'received', align: 'right' },
          { title: t('reports.replied'), dataIndex: 'replied', align: 'right' },
          { title: t('reports.onTimeRate'), dataIndex: 'onTimeRate', align: 'right', render: formatPercent },
          { title: t('reports.rated'), dataIndex: 'rated', align: 'right' },
          {
            title: t('reports.satisfactionRate'),
            dataIndex: 'satisfactionRate',
            align: 'right',
            render: formatPercent,
          },
          { title: t('reports.returned'), dataIndex: 'returned', align: 'right' },
          { title: t('reports.redone'), dataIndex: 'redone', align: 'right' },
        ]}
      />
    </Card>
  );
}
