import { ArrowLeftOutlined, PhoneOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import {
  POLL_SAMPLE_STATUS_LABELS,
  SATISFACTION_LABELS,
  type TPollSampleStatus,
  type TPollSampleView,
} from '@hotline/shared';
import { Alert, App, Button, Card, Col, Popconfirm, Row, Space, Spin, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { navigate, paths } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { formatDateTime } from '../tickets/common/format';
import { formatRate } from './pollFormat';
import { PollAnswerModal } from './PollAnswerModal';
import { POLLS_PATH, canAnswerPolls, canRunPolls } from './pollsAccess';
import { pollsApi } from './pollsApi';
import { useLoad } from './useLoad';

const SAMPLE_COLORS: Record<TPollSampleStatus, string> = {
  pending: 'blue',
  answered: 'green',
  unreachable: 'orange',
  refused: 'default',
};

/** One campaign: its progress, and the sample the agents work through call by call. */
export function PollDetailPage({ id }: { id: string }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const detail = useLoad(`poll:${id}`, (signal) => pollsApi.get(id, signal));
  const [calling, setCalling] = useState<TPollSampleView | null>(null);
  const [closing, setClosing] = useState(false);

  if (detail.loading && !detail.data) return <Spin />;
  if (!detail.data)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(detail.error, t)}
        action={<Button onClick={detail.reload}>{t('common.retry')}</Button>}
      />
    );
  const { poll, samples } = detail.data;
  const open = poll.status === 'open';
  const p = poll.progress;

  const close = async () => {
    setClosing(true);
    try {
      await pollsApi.close(poll.id);
      void message.success(t('polls.closed'));
      detail.reload();
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setClosing(false);
    }
  };

  const columns = [
    {
      title: t('polls.col.ticketNo'),
      dataIndex: 'ticketNo',
      render: (no: string, s: TPollSampleView) => (
        <a onClick={() => navigate(paths.detail(s.ticketId))}>{no}</a>
      ),
    },
    { title: t('polls.col.ticketTitle'), dataIndex: 'ticketTitle', ellipsis: true },
    { title: t('polls.col.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
    {
      title: t('polls.col.sampleStatus'),
      dataIndex: 'status',
      render: (s: TPollSampleStatus) => (
        <Tag color={SAMPLE_COLORS[s]}>{label(POLL_SAMPLE_STATUS_LABELS[s])}</Tag>
      ),
    },
    {
      title: t('polls.col.satisfaction'),
      dataIndex: 'satisfaction',
      render: (s: TPollSampleView['satisfaction']) => (s ? label(SATISFACTION_LABELS[s]) : '—'),
    },
    { title: t('polls.col.answeredBy'), dataIndex: 'answeredByName', render: (v: string | null) => v ?? '—' },
    { title: t('polls.col.answeredAt'), dataIndex: 'answeredAt', render: formatDateTime },
    {
      title: '',
      key: 'call',
      render: (_: unknown, s: TPollSampleView) =>
        open && canAnswerPolls(user.role) && (s.status === 'pending' || s.status === 'unreachable') ? (
          <Button size="small" icon={<PhoneOutlined />} onClick={() => setCalling(s)}>
            {t('polls.call')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('polls.back')}
              onClick={() => navigate(POLLS_PATH)}
            />
            <span>{poll.name}</span>
            <Tag color={open ? 'processing' : 'default'}>{t(`polls.status.${poll.status}`)}</Tag>
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={detail.reload} aria-label={t('common.retry')} />
            {open && canRunPolls(user.role) && (
              <Popconfirm title={t('polls.closeConfirm')} onConfirm={() => void close()}>
                <Button icon={<StopOutlined />} loading={closing}>
                  {t('polls.close')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          {(['sampled', 'pending', 'answered', 'unreachable', 'refused'] as const).map((k) => (
            <Col key={k} xs={12} sm={8} md={4}>
              <Statistic title={t(`polls.stat.${k}`)} value={p[k]} />
            </Col>
          ))}
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t('polls.stat.rate')} value={formatRate(p.satisfactionRate)} />
          </Col>
        </Row>
      </Card>
      <Card>
        <Table
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={samples}
          pagination={{ pageSize: 50 }}
        />
      </Card>
      {calling && (
        <PollAnswerModal
          poll={poll}
          sample={calling}
          onClose={() => setCalling(null)}
          onSaved={() => {
            setCalling(null);
            detail.reload();
          }}
        />
      )}
    </Space>
  );
}
