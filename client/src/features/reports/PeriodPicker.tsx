import { parsePeriod } from '@hotline/shared';
import { DatePicker, Segmented, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/useI18n';
import type { TPeriodRange } from './reportsApi';

export type TPeriodKind = 'month' | 'quarter' | 'half' | 'custom';
export type TPeriodChoice = { kind: TPeriodKind; key: string; range: TPeriodRange };

const YEARS = Array.from({ length: 12 }, (_, i) => dayjs().year() - i);

/** A period key (`2018-03`, `2018-Q1`, `2018-H1`, `a..b`) → its China-time days. */
export function choiceOf(kind: TPeriodKind, key: string): TPeriodChoice | null {
  const p = parsePeriod(key);
  return p ? { kind, key, range: { from: p.from, to: p.to } } : null;
}

/** 统计期间: a month, a quarter, a half-year or any range of days. */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: TPeriodChoice;
  onChange: (c: TPeriodChoice) => void;
}) {
  const { t } = useI18n();
  const from = dayjs(value.range.from);
  const set = (kind: TPeriodKind, key: string) => {
    const c = choiceOf(kind, key);
    if (c) onChange(c);
  };
  const switchKind = (kind: TPeriodKind) => {
    const y = from.year();
    if (kind === 'month') set(kind, from.format('YYYY-MM'));
    else if (kind === 'quarter') set(kind, `${y}-Q${Math.floor(from.month() / 3) + 1}`);
    else if (kind === 'half') set(kind, `${y}-H${from.month() < 6 ? 1 : 2}`);
    else set(kind, `${value.range.from}..${value.range.to}`);
  };
  return (
    <Space wrap data-testid="period-picker">
      <Segmented<TPeriodKind>
        value={value.kind}
        onChange={switchKind}
        options={[
          { value: 'month', label: t('reports.period.month') },
          { value: 'quarter', label: t('reports.period.quarter') },
          { value: 'half', label: t('reports.period.half') },
          { value: 'custom', label: t('reports.period.custom') },
        ]}
      />
      {value.kind === 'month' && (
        <DatePicker
          picker="month"
          allowClear={false}
          aria-label={t('reports.period.month')}
          value={from}
          onChange={(d: Dayjs | null) => d && set('month', d.format('YYYY-MM'))}
        />
      )}
      {value.kind === 'quarter' && (
        <DatePicker
          picker="quarter"
          allowClear={false}
          aria-label={t('reports.period.quarter')}
          value={from}
          onChange={(d: Dayjs | null) => d && set('quarter', `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`)}
        />
      )}
      {value.kind === 'half' && (
        <>
          <Select
            aria-label={t('reports.period.year')}
            value={from.year()}
            style={{ width: 100 }}
            options={YEARS.map((y) => ({ value: y, label: String(y) }))}
            onChange={(y: number) => set('half', `${y}-H${from.month() < 6 ? 1 : 2}`)}
          />
          <Select
            aria-label={t('reports.period.half')}
            value={from.month() < 6 ? 1 : 2}
            style={{ width: 110 }}
            options={[
              { value: 1, label: t('reports.period.h1') },
              { value: 2, label: t('reports.period.h2') },
            ]}
            onChange={(h: number) => set('half', `${from.year()}-H${h}`)}
          />
        </>
      )}
      {value.kind === 'custom' && (
        <DatePicker.RangePicker
          allowClear={false}
          value={[from, dayjs(value.range.to)]}
          onChange={(r) => {
            if (r?.[0] && r[1]) set('custom', `${r[0].format('YYYY-MM-DD')}..${r[1].format('YYYY-MM-DD')}`);
          }}
        />
      )}
    </Space>
  );
}
