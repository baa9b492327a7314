import type { TPortalTrackResponse } from '@hotline/shared';
import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { isApiError } from '../../api/http';
import { lineLabel } from '../../i18n/labels';
import { useI18n } from '../../i18n/useI18n';
import { portalApi } from './portalApi';

type TValues = { trackingNo: string; queryCode: string };

const STATUS_COLOR: Partial<Record<TPortalTrackResponse['status'], string>> = {
  registered: 'blue',
  dispatched: 'processing',
  in_progress: 'processing',
  replied: 'cyan',
  resolved: 'success',
  closed: 'default',
  suspended: 'warning',
};

const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** Tracking by number and query code: status, unit, approved reply and progress; no personal data. */
export function PortalTrackPage() {
  const { t, label, lang } = useI18n();
  const [data, setData] = useState<TPortalTrackResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const initialNo = new URLSearchParams(window.location.search).get('no') ?? '';

  const onFinish = async (v: TValues) => {
    setLoading(true);
    setError(null);
    try {
      setData(await portalApi.track(v.trackingNo.trim(), v.queryCode.trim()));
    } catch (err) {
      setData(null);
      setError(
        isApiError(err) && err.status === 404
          ? t('portal.trackNotFound')
          : isApiError(err) && err.status === 429
            ? t('portal.errorRateLimited', { minutes: 10 })
            : errorMessage(err, t),
      );
    } finally {
      setLoading(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Card title={t('portal.trackTitle')}>
        <Form<TValues>
          layout="inline"
          initialValues={{ trackingNo: initialNo }}
          onFinish={(v) => void onFinish(v)}
        >
          <Form.Item
            name="trackingNo"
            label={t('portal.trackingNo')}
            rules={[{ required: true, pattern: /^\s*\d{8,20}\s*$/, message: t('portal.trackingNoInvalid') }]}
          >
            <Input inputMode="numeric" maxLength={20} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="queryCode"
            label={t('portal.queryCode')}
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('portal.queryCodeInvalid') }]}
          >
            <Input inputMode="numeric" maxLength={6} style={{ width: 120 }} autoComplete="off" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={loading} data-testid="portal-track-submit">
              {t('portal.trackSubmit')}
            </Button>
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} role="alert" />}
      </Card>

      {data && (
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} bordered size="middle">
            <Descriptions.Item label={t('portal.trackingNo')}>{data.trackingNo}</Descriptions.Item>
            <Descriptions.Item label={t('portal.status')}>
              <Tag color={STATUS_COLOR[data.status] ?? 'default'} data-testid="portal-track-status">
                {label(data.statusLabel)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('portal.line')}>{lineLabel(data.line, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('portal.submittedAt')}>{time(data.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('portal.leadUnit')} span={2}>
              {data.leadUnit ?? '—'}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('portal.reply')}
          </Typography.Title>
          {data.reply ? (
            <Card
              size="small"
              style={{ background: '#f6ffed', borderColor: '#b7eb8f' }}
              data-testid="portal-track-reply"
            >
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                {data.reply.content}
              </Typography.Paragraph>
              <Typography.Text type="secondary">{time(data.reply.at)}</Typography.Text>
            </Card>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.noReply')} />
          )}

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('portal.timeline')}
          </Typography.Title>
          <Timeline
            items={[...data.timeline].reverse().map((e, i) => ({
              key: `${e.type}-${i}`,
              content: (
                <div data-testid={`portal-timeline-${e.type}`}>
                  <Typography.Text strong>{label(e.label)}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">{time(e.at)}</Typography.Text>
                </div>
              ),
            }))}
          />
        </Card>
      )}
    </Flex>
  );
}
