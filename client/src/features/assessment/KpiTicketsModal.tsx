import type { TKpiTicketsLink } from '@hotline/shared';
import { Alert, Empty, Modal, Spin } from 'antd';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import type { TMessageKey } from '../../i18n/zh';
import { Link } from '../../router/Link';
import { paths } from '../../router/router';
import { assessmentApi } from './assessmentApi';
import { useLoad } from './useAssessment';
import './assessment.css';

export const counterKey = (metric: string) => `asmt.counter.${metric}` as TMessageKey;

/** The tickets behind one counter of a unit's score (from `/kpi/tickets`), each opening its page. */
export function KpiTicketsModal({ link, onClose }: { link: TKpiTicketsLink | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={link !== null}
      onCancel={onClose}
      footer={null}
      title={link ? t('asmt.bd.ticketsTitle', { metric: t(counterKey(link.metric)) }) : ''}
      destroyOnHidden
    >
      {link && <TicketList link={link} />}
    </Modal>
  );
}

function TicketList({ link }: { link: TKpiTicketsLink }) {
  const { t } = useI18n();
  const { data, loading, error } = useLoad(() => assessmentApi.kpiTickets(link), [link]);
  if (loading) return <Spin />;
  if (error) return <Alert type="error" title={errorMessage(error, t)} />;
  const items = data?.items ?? [];
  if (!items.length) return <Empty description={t('asmt.bd.ticketsEmpty')} />;
  return (
    <ul data-testid="kpi-tickets" className="asmt-ticket-list">
      {items.map((it) => (
        <li key={it.eventId}>
          <Link to={paths.detail(it.ticketId)}>{it.no}</Link> {it.title}
          <span style={{ color: '#888', marginLeft: 8 }}>{it.day}</span>
        </li>
      ))}
    </ul>
  );
}
