import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Result, Row, Space, Spin, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { DataQualityCard } from './DataQualityCard';
import { choiceOf, PeriodPicker, type TPeriodChoice } from './PeriodPicker';
import { ChannelTable, MonthTable, UnitTable } from './ReportTables';
import { canViewReports, downloadUrl, formatPercent, reportsApi, type TWorkReport } from './reportsApi';

/** 报表: the hotline section of a work report for any period, its downloads and the province export. */
export function ReportsPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  if (!canViewReports(user)) return <Result status="403" title={t('reports.forbidden')} />;
  return <Reports />;
}

/** The last full month (China time) to start with. */
function initialChoice(): TPeriodChoice {
  return choiceOf('month', dayjs().subtract(1, 'month').format('YYYY-MM'))!;
}

function Reports() {
  const { t } = useI18n();
  const [choice, setChoice] = useState<TPeriodChoice>(initialChoice);
  const [state, setState] = useState<{ data: TWorkReport | null; loading: boolean; error: unknown }>({
    data: null,
    loading: true,
    error: null,
  });
  const { from, to } = choice.range;

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    reportsApi
      .workReport({ from, to }, ctrl.signal)
      .then((data) => setState({ data, loading: false, error: null }))
      .catch((error: unknown) => {
        if (!ctrl.signal.aborted) setState({ data: null, loading: false, error });
      });
    return () => ctrl.abort();
  }, [from, to]);

  const r = state.data;
  const s = r?.summary;
  const figures: [string, string | number | undefined][] = [
    [t('reports.callsAnswered'), s?.callsAnswered],
    [t('reports.onlineItems'), s?.onlineItems],
    [t('reports.ticketsReceived'), s?.ticketsReceived],
    [t('reports.onTimeRate'), s && formatPercent(s.onTimeRate)],
    [t('reports.satisfactionRate'), s && formatPercent(s.satisfactionRate)],
    [t('reports.threeWayCalls'), s?.threeWayCalls],
    [t('reports.signOnTimeRate'), s && formatPercent(s.signOnTimeRate)],
    [t('reports.returnRate'), s && formatPercent(s.returnRate)],
    [t('reports.redoRate'), s && formatPercent(s.redoRate)],
  ];

  return (
    <Flex vertical gap={16} data-testid="reports-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('reports.title')}
        </Typography.Title>
        <Space wrap>
          <PeriodPicker value={choice} onChange={setChoice} />
          <Button icon={<FileExcelOutlined />} href={downloadUrl('work-report.xlsx', choice.range)} download>
            {t('reports.downloadXlsx')}
          </Button>
          <Button icon={<FileTextOutlined />} href={downloadUrl('work-report.csv', choice.range)} download>
            {t('reports.downloadCsv')}
          </Button>
        </Space>
      </Flex>
      {state.error ? <Alert type="error" showIcon title={errorMessage(state.error, t)} /> : null}
      <Spin spinning={state.loading}>
        <Flex vertical gap={16}>
          <Row gutter={[12, 12]}>
            {figures.map(([title, value]) => (
              <Col key={title} xs={12} md={8} xl={4}>
                <Card size="small">
                  <Statistic title={title} value={value ?? '—'} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t('reports.paragraph', { period: r?.periodLabel ?? '' })}>
            <Typography.Paragraph
              copyable={Boolean(r)}
              data-testid="report-paragraph"
              style={{ marginBottom: 0 }}
            >
              {r ? r.paragraph : '—'}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t('reports.paragraphHint')}</Typography.Text>
          </Card>
          {r && (
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={8}>
                <ChannelTable report={r} />
              </Col>
              <Col xs={24} lg={16}>
                <MonthTable report={r} />
              </Col>
              <Col span={24}>
                <UnitTable report={r} />
              </Col>
            </Row>
          )}
        </Flex>
      </Spin>
      <DataQualityCard
        range={choice.range}
        extra={
          <Button
            icon={<DownloadOutlined />}
            href={downloadUrl('province-export.json', choice.range)}
            download
          >
            {t('reports.dq.export')}
          </Button>
        }
      />
    </Flex>
  );
}
