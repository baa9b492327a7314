import type { TOverviewCategory, TOverviewUnit } from '@hotline/shared';
import { Table, Typography } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { overviewLinks } from './overviewLinks';

/** Units by the open work they hold; each number opens that unit's tickets. */
export function UnitsTable({ items }: { items: TOverviewUnit[] }) {
  const { t } = useI18n();
  return (
    <Table<TOverviewUnit>
      size="small"
      rowKey="unitId"
      pagination={false}
      dataSource={items}
      data-testid="overview-units"
      columns={[
        {
          key: 'rank',
          title: '#',
          width: 40,
          render: (_v, _r, i) => <Typography.Text type="secondary">{i + 1}</Typography.Text>,
        },
        {
          key: 'unit',
          title: t('overview.unit'),
          dataIndex: 'unitName',
          render: (name: string, u) => <Link to={overviewLinks.unit(u.unitId)}>{name}</Link>,
        },
        {
          key: 'open',
          title: t('overview.unitOpen'),
          dataIndex: 'open',
          align: 'right',
          width: 80,
          render: (n: number, u) => (
            <Link to={overviewLinks.unit(u.unitId)} data-testid={`unit-open-${u.unitId}`}>
              {n}
            </Link>
          ),
        },
        {
          key: 'overdue',
          title: t('overview.unitOverdue'),
          dataIndex: 'overdue',
          align: 'right',
          width: 80,
          render: (n: number, u) =>
            n > 0 ? (
              <Link
                to={overviewLinks.unit(u.unitId, true)}
                style={{ color: '#cf1322', fontWeight: 600 }}
                data-testid={`unit-overdue-${u.unitId}`}
              >
                {n}
              </Link>
            ) : (
              <span data-testid={`unit-overdue-${u.unitId}`}>0</span>
            ),
        },
      ]}
    />
  );
}

/** The day's categories; each opens the tickets of that category filed that day. */
export function CategoriesTable({ items, date }: { items: TOverviewCategory[]; date: string }) {
  const { t } = useI18n();
  return (
    <Table<TOverviewCategory>
      size="small"
      rowKey="categoryId"
      pagination={false}
      dataSource={items}
      data-testid="overview-categories"
      columns={[
        {
          key: 'name',
          title: t('overview.category'),
          dataIndex: 'name',
          render: (name: string, c) => <Link to={overviewLinks.category(date, c.categoryId)}>{name}</Link>,
        },
        { key: 'count', title: t('overview.count'), dataIndex: 'count', align: 'right', width: 80 },
      ]}
    />
  );
}
