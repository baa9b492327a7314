import {
  ASSESSMENT_KPI_LABELS,
  type TAdjustmentLineDto,
  type TItemScoreDto,
  type TKpiTicketsLink,
  type TUnitBreakdown,
} from '@hotline/shared';
import { Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { counterKey, KpiTicketsModal } from './KpiTicketsModal';

export const formatPct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(2)}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function ListTag({ list }: { list: 'red' | 'black' | null }) {
  const { t } = useI18n();
  if (!list) return null;
  return list === 'red' ? <Tag color="red">{t('asmt.red')}</Tag> : <Tag color="#222">{t('asmt.black')}</Tag>;
}

/** One unit's score: every KPI item (value, points, why) and bonus/penalty line, each opening its tickets. */
export function BreakdownView({ data }: { data: TUnitBreakdown }) {
  const { t, label } = useI18n();
  const [link, setLink] = useState<TKpiTicketsLink | null>(null);
  const ticketButtons = (links: TKpiTicketsLink[]) =>
    links.map((l) => (
      <Button
        key={l.metric}
        size="small"
        type="link"
        onClick={() => setLink(l)}
        data-testid={`tickets-${l.metric}`}
      >
        {t(counterKey(l.metric))}
      </Button>
    ));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="breakdown">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={data.tierLabel}>
          <Typography.Text strong data-testid="breakdown-score">
            {t('asmt.bd.summary', { tier: data.tierLabel, score: data.score, full: data.fullMarks })}
          </Typography.Text>{' '}
          {data.ranked ? (
            <>
              {t('asmt.bd.rank', { rank: data.rank ?? '-', size: data.tierSize })}{' '}
              <ListTag list={data.list} />
            </>
          ) : (
            <Tag>{t('asmt.unranked')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('asmt.period')}>
          {data.from} – {data.to}（{t('asmt.col.received')} {data.received}）
        </Descriptions.Item>
        <Descriptions.Item label={t('asmt.scheme')}>{data.scheme.name}</Descriptions.Item>
      </Descriptions>
      <Table<TItemScoreDto>
        size="small"
        rowKey="kpi"
        pagination={false}
        dataSource={data.items}
        columns={[
          { title: t('asmt.bd.item'), render: (_, i) => label(ASSESSMENT_KPI_LABELS[i.kpi]) },
          {
            title: t('asmt.bd.value'),
            render: (_, i) =>
              `${formatPct(i.value) ?? t('asmt.bd.noData')}（${i.numerator}/${i.denominator}）`,
          },
          { title: t('asmt.bd.points'), render: (_, i) => `${i.points} / ${i.maxPoints}` },
          { title: t('asmt.bd.explain'), dataIndex: 'explain' },
          {
            title: t('asmt.bd.tickets'),
            render: (_, i) => <>{ticketButtons([...i.links.numerator, ...i.links.denominator])}</>,
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={5}>
              {t('asmt.bd.itemTotal', { points: data.itemPoints })}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      {data.adjustments.length > 0 && (
        <Table<TAdjustmentLineDto>
          size="small"
          rowKey="key"
          pagination={false}
          title={() => t('asmt.bd.adjustments')}
          dataSource={data.adjustments}
          columns={[
            { title: t('asmt.bd.item'), dataIndex: 'label' },
            { title: t('asmt.bd.count'), dataIndex: 'count' },
            { title: t('asmt.bd.allowance'), dataIndex: 'allowance' },
            { title: t('asmt.bd.counted'), dataIndex: 'counted' },
            { title: t('asmt.bd.points'), render: (_, a) => signed(a.points) },
            { title: t('asmt.bd.tickets'), render: (_, a) => <>{ticketButtons([a.link])}</> },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={6}>
                {t('asmt.bd.adjTotal', { points: signed(data.adjustmentPoints) })}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      <KpiTicketsModal link={link} onClose={() => setLink(null)} />
    </Space>
  );
}
