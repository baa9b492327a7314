import { SafetyCertificateOutlined } from '@ant-design/icons';
import { CHANNEL_LABELS, type TChannel } from '@hotline/shared';
import { Alert, Button, Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/errorMessage';
import type { TMessageKey } from '../../i18n/zh';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { paths } from '../../router/router';
import { formatPercent, reportsApi, type TDataQualityReport, type TPeriodRange } from './reportsApi';

/** 数据质量自检: run before sending the period to the provincial platform. */
export function DataQualityCard({ range, extra }: { range: TPeriodRange; extra: ReactNode }) {
  const { t, label } = useI18n();
  const [state, setState] = useState<{ data: TDataQualityReport | null; loading: boolean; error: unknown }>({
    data: null,
    loading: false,
    error: null,
  });
  // A new period clears the previous check.
  useEffect(() => setState({ data: null, loading: false, error: null }), [range.from, range.to]);
  const run = () => {
    setState({ data: null, loading: true, error: null });
    reportsApi
      .dataQuality(range)
      .then((data) => setState({ data, loading: false, error: null }))
      .catch((error: unknown) => setState({ data: null, loading: false, error }));
  };
  const d = state.data;
  return (
    <Card
      size="small"
      title={t('reports.dq.title')}
      extra={
        <Space>
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={state.loading} onClick={run}>
            {t('reports.dq.run')}
          </Button>
          {extra}
        </Space>
      }
    >
      {state.error ? <Alert type="error" showIcon title={errorMessage(state.error, t)} /> : null}
      {!d && !state.error ? <Alert type="info" title={t('reports.dq.hint')} /> : null}
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="data-quality">
          <Row gutter={12}>
            <Col span={6}>
              <Statistic title={t('reports.dq.tickets')} value={d.tickets} />
            </Col>
            <Col span={6}>
              <Statistic title={t('reports.dq.complete')} value={d.complete} />
            </Col>
            <Col span={6}>
              <Statistic title={t('reports.dq.timely')} value={d.timely} />
            </Col>
            <Col span={6}>
              <Statistic title={t('reports.dq.recordedRate')} value={formatPercent(d.recorded.rate)} />
            </Col>
          </Row>
          {d.failing === 0 ? (
            <Alert type="success" showIcon title={t('reports.dq.allGood')} />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={t(d.truncated ? 'reports.dq.failingTruncated' : 'reports.dq.failing', {
                n: d.failing,
                shown: d.items.length,
              })}
            />
          )}
          {d.items.length > 0 && (
            <Table
              size="small"
              rowKey="id"
              dataSource={d.items}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                {
                  title: t('reports.dq.no'),
                  dataIndex: 'no',
                  render: (no: string, row) => <Link to={paths.detail(row.id)}>{no}</Link>,
                },
                {
                  title: t('reports.channel'),
                  dataIndex: 'channel',
                  render: (c: string) =>
                    CHANNEL_LABELS[c as TChannel] ? label(CHANNEL_LABELS[c as TChannel]) : c,
                },
                {
                  title: t('reports.dq.createdAt'),
                  dataIndex: 'createdAt',
                  render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
                },
                {
                  title: t('reports.dq.ticketTitle'),
                  dataIndex: 'title',
                  render: (title: string | null) => title ?? <Tag>{t('reports.dq.confidential')}</Tag>,
                },
                {
                  title: t('reports.dq.problems'),
                  key: 'problems',
                  render: (_: unknown, row) => (
                    <Space size={4} wrap>
                      {row.missing.map((f) => (
                        <Tag key={f} color="orange">
                          {t('reports.dq.missing', { field: t(`reports.dq.field.${f}` as TMessageKey) })}
                        </Tag>
                      ))}
                      {row.timely ? null : <Tag color="red">{t('reports.dq.late')}</Tag>}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
