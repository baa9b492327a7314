import { ReloadOutlined } from '@ant-design/icons';
import {
  ASSESSMENT_KPI_LABELS,
  type TAssessmentKpi,
  type TRankingRow,
  type TRankingTier,
} from '@hotline/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { useCurrentUser } from '../auth/useSession';
import { canViewRankings, lastMonthKey, noticePath } from './assessmentAccess';
import { assessmentApi } from './assessmentApi';
import { BreakdownView, ListTag } from './BreakdownView';
import { PeriodSchemeBar } from './PeriodSchemeBar';
import { useLoad } from './useAssessment';
import './assessment.css';

/** 考核排名: a period's ranking tables per tier, the red and black lists, and each unit's breakdown. */
export function RankingsPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  if (!canViewRankings(user)) return <Result status="403" title={t('asmt.forbidden')} />;
  return <Rankings />;
}

function Rankings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [period, setPeriod] = useState(
    () => new URLSearchParams(window.location.search).get('period') ?? lastMonthKey(),
  );
  const [schemeId, setSchemeId] = useState<string | undefined>(undefined);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const schemes = useLoad(() => assessmentApi.schemes(), []);
  const rankings = useLoad(
    (signal) => assessmentApi.rankings({ period, schemeId }, signal),
    [period, schemeId],
  );
  const data = rankings.data;

  const run = async () => {
    setRunning(true);
    try {
      await assessmentApi.run({ period, schemeId: schemeId ?? data?.scheme.id });
      void message.success(t('asmt.runDone'));
      rankings.reload();
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{t('asmt.nav.rankings')}</Typography.Title>
      <PeriodSchemeBar
        period={period}
        onPeriod={setPeriod}
        schemes={schemes.data?.items}
        schemeId={schemeId ?? data?.scheme.id}
        onScheme={setSchemeId}
        extra={
          <>
            <Button
              icon={<ReloadOutlined />}
              loading={running}
              onClick={() => void run()}
              data-testid="run-assessment"
            >
              {t('asmt.run')}
            </Button>
            {data?.scored && <Link to={noticePath(period)}>{t('asmt.openNotice')}</Link>}
            {data?.computedAt && (
              <Typography.Text type="secondary">
                {t('asmt.computedAt', { time: new Date(data.computedAt).toLocaleString() })}
              </Typography.Text>
            )}
          </>
        }
      />
      {rankings.loading && !data ? (
        <Spin />
      ) : rankings.error ? (
        <Alert type="error" showIcon title={errorMessage(rankings.error, t)} />
      ) : data && !data.scored ? (
        <Empty description={`${t('asmt.notScored')}。${t('asmt.notScoredHint')}`} />
      ) : data ? (
        <>
          <Typography.Text type="secondary">{t('asmt.minReceived', { n: data.minReceived })}</Typography.Text>
          <Tabs
            items={data.tiers.map((tier) => ({
              key: tier.key,
              label: `${tier.label}（${t('asmt.fullMarks', { n: tier.fullMarks })}）`,
              children: <TierView tier={tier} onUnit={setUnitId} />,
            }))}
          />
        </>
      ) : null}
      <Drawer open={unitId !== null} onClose={() => setUnitId(null)} size={820} destroyOnHidden title={null}>
        {unitId && <UnitDrawerBody unitId={unitId} period={period} schemeId={schemeId ?? data?.scheme.id} />}
      </Drawer>
    </Space>
  );
}

function UnitDrawerBody({
  unitId,
  period,
  schemeId,
}: {
  unitId: string;
  period: string;
  schemeId?: string | undefined;
}) {
  const { t } = useI18n();
  const { data, loading, error } = useLoad(
    (signal) => assessmentApi.unit(unitId, { period, schemeId }, signal),
    [unitId, period, schemeId],
  );
  if (loading) return <Spin />;
  if (error || !data) return <Alert type="error" showIcon title={errorMessage(error, t)} />;
  return (
    <>
      <Typography.Title level={4}>{t('asmt.bd.title', { name: data.name })}</Typography.Title>
      <BreakdownView data={data} />
    </>
  );
}

function ListCard({
  title,
  rows,
  color,
  onUnit,
}: {
  title: string;
  rows: TRankingRow[];
  color: string;
  onUnit: (id: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={<span style={{ color }}>{title}</span>}
      data-testid={`list-${color === 'red' ? 'red' : 'black'}`}
    >
      {rows.length === 0
        ? t('asmt.noneListed')
        : rows.map((r) => (
            <Tag
              key={r.unitId}
              style={{ cursor: 'pointer' }}
              color={color === 'red' ? 'red' : undefined}
              onClick={() => onUnit(r.unitId)}
            >
              {r.name} {r.score}
            </Tag>
          ))}
    </Card>
  );
}

function TierView({ tier, onUnit }: { tier: TRankingTier; onUnit: (id: string) => void }) {
  const { t, label } = useI18n();
  const kpis = Object.keys(tier.rows[0]?.points ?? {}) as TAssessmentKpi[];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col span={12}>
          <ListCard title={t('asmt.red')} rows={tier.red} color="red" onUnit={onUnit} />
        </Col>
        <Col span={12}>
          <ListCard title={t('asmt.black')} rows={tier.black} color="#222" onUnit={onUnit} />
        </Col>
      </Row>
      <Table<TRankingRow>
        size="small"
        rowKey="unitId"
        pagination={false}
        dataSource={tier.rows}
        data-testid={`ranking-${tier.key}`}
        onRow={(r) => ({ onClick: () => onUnit(r.unitId), style: { cursor: 'pointer' } })}
        rowClassName={(r) => (r.list ? `asmt-row-${r.list}` : '')}
        columns={[
          {
            title: t('asmt.col.rank'),
            render: (_, r) => r.rank ?? <Tag>{t('asmt.unranked')}</Tag>,
            width: 110,
          },
          { title: t('asmt.col.unit'), dataIndex: 'name' },
          { title: t('asmt.col.score'), render: (_, r) => <strong>{r.score}</strong> },
          ...kpis.map((k) => ({
            title: label(ASSESSMENT_KPI_LABELS[k]),
            render: (_: unknown, r: TRankingRow) => r.points[k] ?? '-',
          })),
          { title: t('asmt.col.adjust'), dataIndex: 'adjustmentPoints' },
          { title: t('asmt.col.received'), dataIndex: 'received' },
          { title: t('asmt.col.list'), render: (_, r) => <ListTag list={r.list} /> },
        ]}
      />
    </Space>
  );
}
