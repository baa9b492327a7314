import type { TAssessmentScheme } from '@hotline/shared';
import { DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/useI18n';

/** The month picker and the scheme choice every assessment page starts with. */
export function PeriodSchemeBar(props: {
  period: string;
  onPeriod: (p: string) => void;
  schemes?: TAssessmentScheme[] | undefined;
  schemeId?: string | undefined;
  onScheme?: (id: string) => void;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Space wrap>
      <span>{t('asmt.period')}</span>
      <DatePicker
        picker="month"
        allowClear={false}
        value={dayjs(`${props.period}-01`)}
        onChange={(d) => d && props.onPeriod(d.format('YYYY-MM'))}
        data-testid="period-picker"
      />
      {props.schemes && props.onScheme && (
        <>
          <span>{t('asmt.scheme')}</span>
          <Select
            style={{ minWidth: 220 }}
            value={props.schemeId}
            onChange={props.onScheme}
            options={props.schemes.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
          />
        </>
      )}
      {props.extra}
    </Space>
  );
}
