import type { THotTopicAlertDto, THotTopicStatus } from '@hotline/shared';
import { Alert, Button, Card, Flex, Segmented, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { formatDateTime } from '../tickets/common/format';
import { HotTopicTickets } from './HotTopicTickets';
import { formatProbability, hotTopicsApi } from './hotTopicsApi';
import { useHotTopicRaised } from './useHotTopicRaised';

type TFilter = 'all' | THotTopicStatus;
const STATUS_COLOR: Record<THotTopicStatus, string> = {
  open: 'red',
  acknowledged: 'orange',
  closed: 'default',
};

/** 热点预警: the alerts the detector raised, newest first, each with its tickets. */
export function HotTopicsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<TFilter>('open');
  const [items, setItems] = useState<THotTopicAlertDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    hotTopicsApi.list(filter === 'all' ? {} : { status: [filter] }, ctrl.signal).then(
      (res) => {
        setItems(res.items);
        setCursor(res.nextCursor);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [filter, reload]);

  // A new alert anywhere: show it at once.
  useHotTopicRaised(useCallback(() => setReload((n) => n + 1), []));

  const more = async () => {
    if (!cursor) return;
    const res = await hotTopicsApi.list({ ...(filter === 'all' ? {} : { status: [filter] }), cursor });
    setItems((prev) => [...prev, ...res.items]);
    setCursor(res.nextCursor);
  };
  const act = async (id: string, action: 'ack' | 'close') => {
    try {
      const { alert } = await hotTopicsApi[action](id);
      setItems((prev) => prev.map((a) => (a.id === id ? alert : a)));
    } catch (err) {
      setError(err);
    }
  };

  const columns: TableProps<THotTopicAlertDto>['columns'] = [
    { title: t('hotTopics.col.label'), dataIndex: 'label', render: (v: string) => <strong>{v}</strong> },
    {
      title: t('hotTopics.col.window'),
      dataIndex: 'window',
      render: (w: THotTopicAlertDto['window']) => t(`hotTopics.window.${w}`),
    },
    { title: t('hotTopics.col.count'), dataIndex: 'count', align: 'right' },
    {
      title: t('hotTopics.col.baseline'),
      dataIndex: 'baseline',
      align: 'right',
      render: (v: number) => v.toFixed(2),
    },
    {
      title: t('hotTopics.col.score'),
      dataIndex: 'score',
      render: (v: number, a) => `${formatProbability(v)} < ${formatProbability(a.threshold)}`,
    },
    {
      title: t('hotTopics.col.status'),
      dataIndex: 'status',
      render: (s: THotTopicStatus) => <Tag color={STATUS_COLOR[s]}>{t(`hotTopics.status.${s}`)}</Tag>,
    },
    { title: t('hotTopics.col.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v) },
    {
      title: t('hotTopics.col.actions'),
      key: 'actions',
      render: (_v, a) => (
        <Space>
          {a.status === 'open' && (
            <Button size="small" onClick={() => void act(a.id, 'ack')}>
              {t('hotTopics.ack')}
            </Button>
          )}
          {a.status !== 'closed' && (
            <Button size="small" onClick={() => void act(a.id, 'close')}>
              {t('hotTopics.close')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="hot-topics-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('hotTopics.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('hotTopics.rule')}
      </Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Card>
        <Flex vertical gap={12}>
          <Segmented<TFilter>
            value={filter}
            onChange={setFilter}
            options={(['open', 'acknowledged', 'closed', 'all'] as const).map((f) => ({
              value: f,
              label: f === 'all' ? t('hotTopics.filter.all') : t(`hotTopics.status.${f}`),
            }))}
          />
          <Table<THotTopicAlertDto>
            rowKey="id"
            size="middle"
            loading={loading}
            columns={columns}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: t('hotTopics.empty') }}
            expandable={{ expandedRowRender: (a) => <HotTopicTickets alertId={a.id} /> }}
          />
          {cursor && (
            <Button onClick={() => void more()} style={{ alignSelf: 'center' }}>
              {t('hotTopics.more')}
            </Button>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
