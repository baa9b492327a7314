import { ReloadOutlined } from '@ant-design/icons';
import {
  CHANNEL_LABELS,
  CHANNELS,
  STATUS_LABELS,
  TICKET_STATUSES,
  type TChannel,
  type TStatsOverview,
} from '@hotline/shared';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Result,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useSocket } from '../../realtime/useSocket';
import { Link } from '../../router/Link';
import { navigate } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { ChannelBarChart } from './ChannelBarChart';
import { CategoriesTable, UnitsTable } from './OverviewTables';
import { formatRate, overviewLinks } from './overviewLinks';
import { StatCard } from './StatCard';
import { canViewOverview } from './statsApi';
import { useOverview } from './useOverview';

/** Channels always drawn; the rest only on a day they brought something. */
const MAIN_CHANNELS: readonly TChannel[] = ['phone', 'wechat', 'weibo', 'web', 'open311'];

/**
 * 监督总览: the day's intake and results and the open workload, live. Every count opens the
 * tickets behind it; the figures refresh a second after any ticket changes.
 */
export function SupervisorOverviewPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  if (!canViewOverview(user)) return <Result status="403" title={t('overview.forbidden')} />;
  return <Overview />;
}

function Overview() {
  const { t } = useI18n();
  const [date, setDate] = useState<string | undefined>(undefined);
  const { data, loading, error, updatedAt, reload } = useOverview(date);
  const { status } = useSocket();

  const header = (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('overview.title')}
      </Typography.Title>
      <Space wrap>
        <Badge
          status={status === 'connected' ? 'processing' : 'default'}
          text={
            <span data-testid="overview-updated">
              {t('overview.live')}
              {updatedAt
                ? ` · ${t('overview.updatedAt', { time: dayjs(updatedAt).format('HH:mm:ss') })}`
                : ''}
            </span>
          }
        />
        <DatePicker
          aria-label={t('overview.date')}
          allowClear
          value={date ? dayjs(date) : data ? dayjs(data.date) : null}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : undefined)}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('overview.refresh')}
        </Button>
      </Space>
    </Flex>
  );

  if (!data) {
    return (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {header}
        {loading ? (
          <Flex justify="center" style={{ padding: 80 }}>
            <Spin size="large" description={t('common.loading')} />
          </Flex>
        ) : (
          <Alert
            type="error"
            showIcon
            title={t('overview.loadFailed')}
            description={errorMessage(error, t)}
            action={<Button onClick={() => void reload()}>{t('common.retry')}</Button>}
          />
        )}
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {header}
      <OverviewBody data={data} today={!date} />
    </Space>
  );
}

function OverviewBody({ data, today }: { data: TStatsOverview; today: boolean }) {
  const { t, label } = useI18n();
  const channels = useMemo(
    () =>
      CHANNELS.filter((ch) => MAIN_CHANNELS.includes(ch) || data.byChannel[ch] > 0).map((ch) => ({
        key: ch,
        label: label(CHANNEL_LABELS[ch]),
        value: data.byChannel[ch],
      })),
    [data.byChannel, label],
  );
  const cards = [
    {
      testId: 'stat-received',
      title: today ? t('overview.received') : t('overview.receivedOn'),
      value: data.received,
      href: overviewLinks.received(data.date),
    },
    {
      testId: 'stat-open',
      title: t('overview.open'),
      value: data.open,
      href: overviewLinks.open(),
      hint: t('overview.openHint'),
    },
    {
      testId: 'stat-warning',
      title: t('overview.warning'),
      value: data.warning,
      href: overviewLinks.warning(),
      hint: t('overview.warningHint'),
      tone: data.warning > 0 ? ('warning' as const) : undefined,
    },
    {
      testId: 'stat-overdue',
      title: t('overview.overdue'),
      value: data.overdue,
      href: overviewLinks.overdue(),
      hint: t('overview.overdueHint'),
      tone: data.overdue > 0 ? ('danger' as const) : undefined,
    },
    {
      testId: 'stat-on-time',
      title: t('overview.onTimeRate'),
      value: formatRate(data.onTimeRate),
      hint: t('overview.onTimeHint'),
      tone: 'success' as const,
    },
    {
      testId: 'stat-satisfaction',
      title: t('overview.satisfactionRate'),
      value: formatRate(data.satisfactionRate),
      hint: t('overview.satisfactionHint'),
      tone: 'success' as const,
    },
    {
      testId: 'stat-closed',
      title: today ? t('overview.closedToday') : t('overview.closedOn'),
      value: data.closedToday,
      href: overviewLinks.closed(),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Row gutter={[12, 12]}>
        {cards.map((c) => (
          <Col key={c.testId} xs={12} sm={8} lg={6} xxl={3} flex="auto">
            <StatCard {...c} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('overview.byChannel')}>
            <ChannelBarChart
              bars={channels}
              ariaLabel={t('overview.chartLabel', {
                list: channels.map((c) => `${c.label} ${c.value}`).join('，'),
              })}
              onSelect={(key) => navigate(overviewLinks.channel(data.date, key as TChannel))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('overview.byStatus')}>
            <Flex wrap gap={8} data-testid="overview-statuses">
              {TICKET_STATUSES.filter((s) => s !== 'draft').map((s) => (
                <Link key={s} to={overviewLinks.status(s)}>
                  <Tag style={{ padding: '4px 10px', fontSize: 14 }}>
                    {label(STATUS_LABELS[s])} <strong data-testid={`status-${s}`}>{data.byStatus[s]}</strong>
                  </Tag>
                </Link>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('overview.topUnits')}>
            <UnitsTable items={data.topUnits} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('overview.topCategories')}>
            <CategoriesTable items={data.topCategories} date={data.date} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
