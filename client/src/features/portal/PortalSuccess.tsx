import type { TPortalSubmitResponse } from '@hotline/shared';
import { Button, Card, Descriptions, Result, Typography } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { navigate } from '../../router/router';
import { portalPaths } from './portalPaths';

/** What the citizen takes away: the tracking number and the query code, both needed to track. */
export function PortalSuccess({
  result,
  onAnother,
}: {
  result: TPortalSubmitResponse;
  onAnother: () => void;
}) {
  const { t } = useI18n();
  return (
    <Card>
      <Result
        status="success"
        title={t('portal.successTitle')}
        subTitle={t('portal.successHint')}
        extra={[
          <Button
            key="track"
            type="primary"
            onClick={() => navigate(portalPaths.track(result.trackingNo ?? undefined))}
          >
            {t('portal.trackNow')}
          </Button>,
          <Button key="again" onClick={onAnother}>
            {t('portal.submitAnother')}
          </Button>,
        ]}
      >
        <Descriptions column={1} bordered size="middle" style={{ maxWidth: 420, margin: '0 auto' }}>
          <Descriptions.Item label={t('portal.trackingNo')}>
            <Typography.Text strong copyable data-testid="portal-tracking-no" style={{ fontSize: 18 }}>
              {result.trackingNo}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('portal.queryCode')}>
            <Typography.Text strong copyable data-testid="portal-query-code" style={{ fontSize: 18 }}>
              {result.queryCode}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Result>
    </Card>
  );
}
