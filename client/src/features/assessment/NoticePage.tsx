import { PrinterOutlined } from '@ant-design/icons';
import type { TRankingTier } from '@hotline/shared';
import { Alert, Button, Result, Space, Spin } from 'antd';
import { isApiError } from '../../api/http';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { useCurrentUser } from '../auth/useSession';
import { canViewRankings, RANKINGS_PATH } from './assessmentAccess';
import { assessmentApi } from './assessmentApi';
import { useLoad } from './useAssessment';
import './assessment.css';

/** 阶段性考核排名通报: a plain, printable page (the console chrome is hidden when printing). */
export function NoticePage({ period }: { period: string }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  if (!canViewRankings(user)) return <Result status="403" title={t('asmt.forbidden')} />;
  return <Notice period={period} />;
}

function Notice({ period }: { period: string }) {
  const { t } = useI18n();
  const schemeId = new URLSearchParams(window.location.search).get('schemeId') ?? undefined;
  const { data, loading, error } = useLoad(
    (signal) => assessmentApi.notice({ period, schemeId }, signal),
    [period, schemeId],
  );
  if (loading) return <Spin />;
  if (isApiError(error) && error.status === 404)
    return <Result status="info" title={t('asmt.notice.missing')} />;
  if (error || !data) return <Alert type="error" showIcon title={errorMessage(error, t)} />;
  return (
    <div className="asmt-notice" data-testid="notice">
      <Space className="asmt-notice-tools">
        <Link to={`${RANKINGS_PATH}?period=${encodeURIComponent(period)}`}>{t('asmt.notice.back')}</Link>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('asmt.notice.print')}
        </Button>
      </Space>
      <h1>{data.title}</h1>
      <p className="asmt-notice-meta">
        {data.scheme.name} · {data.from} – {data.to}
      </p>
      {data.summary.map((s, i) => (
        <p key={i}>{s}</p>
      ))}
      {data.tiers.map((tier) => (
        <NoticeTable key={tier.key} tier={tier} />
      ))}
      <h2>{t('asmt.notice.lines')}</h2>
      <ol>
        {data.lines.map((l) => (
          <li key={l.unitId}>{l.text}</li>
        ))}
      </ol>
    </div>
  );
}

function NoticeTable({ tier }: { tier: TRankingTier }) {
  const { t } = useI18n();
  return (
    <section>
      <h2>
        {tier.label}（{t('asmt.fullMarks', { n: tier.fullMarks })}）
      </h2>
      <p>
        {t('asmt.red')}：{tier.red.map((r) => r.name).join('、') || t('asmt.noneListed')}；{t('asmt.black')}：
        {tier.black.map((r) => r.name).join('、') || t('asmt.noneListed')}
      </p>
      <table className="asmt-notice-table">
        <thead>
          <tr>
            <th>{t('asmt.col.rank')}</th>
            <th>{t('asmt.col.unit')}</th>
            <th>{t('asmt.col.score')}</th>
            <th>{t('asmt.col.adjust')}</th>
            <th>{t('asmt.col.received')}</th>
            <th>{t('asmt.col.list')}</th>
          </tr>
        </thead>
        <tbody>
          {tier.rows.map((r) => (
            <tr key={r.unitId}>
              <td>{r.rank ?? t('asmt.unranked')}</td>
              <td>{r.name}</td>
              <td>{r.score}</td>
              <td>{r.adjustmentPoints}</td>
              <td>{r.received}</td>
              <td>{r.list === 'red' ? t('asmt.red') : r.list === 'black' ? t('asmt.black') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
