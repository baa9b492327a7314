import { Alert, Empty, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/http';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { lastMonthKey } from './assessmentAccess';
import { assessmentApi } from './assessmentApi';
import { BreakdownView } from './BreakdownView';
import { PeriodSchemeBar } from './PeriodSchemeBar';
import { useLoad } from './useAssessment';

/** 本单位考核: the signed-in user's own unit, item by item, for a month (default scheme). */
export function MyScorePage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const [period, setPeriod] = useState(lastMonthKey);
  const { data, loading, error } = useLoad(
    (signal) => assessmentApi.unit(user.unitId, { period }, signal),
    [user.unitId, period],
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>
        {t('asmt.mine.title')} · {user.unitName}
      </Typography.Title>
      <PeriodSchemeBar period={period} onPeriod={setPeriod} />
      {loading ? (
        <Spin />
      ) : isApiError(error) && error.status === 404 ? (
        <Empty description={t('asmt.mine.none')} />
      ) : error ? (
        <Alert type="error" showIcon title={errorMessage(error, t)} />
      ) : data ? (
        <BreakdownView data={data} />
      ) : null}
    </Space>
  );
}
