import type { TTicketSummary } from '@hotline/shared';
import { Alert, Button, Flex, Typography } from 'antd';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { paths } from '../../router/router';
import { ConfidentialTag, SupervisionTag } from '../tickets/common/Tags';

/** The ticket number (a link that keeps Ctrl+click) above its title, with its flags. */
export function TicketCell({ ticket }: { ticket: TTicketSummary }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Link
        to={paths.detail(ticket.id)}
        aria-label={t('wb.open', { no: ticket.no })}
        data-testid={`wb-open-${ticket.no}`}
      >
        <Typography.Text strong>{ticket.no}</Typography.Text>
      </Link>
      <div className="ticket-title">
        <ConfidentialTag confidential={ticket.confidential} />
        <SupervisionTag level={ticket.supervisionLevel} />
        <span className="ticket-title-text" title={ticket.title}>
          {ticket.title}
        </span>
      </div>
    </Flex>
  );
}

/** "N 件" or "N+ 件" when more pages wait: the badge of a queue's tab. */
export function queueCount(items: readonly unknown[], hasMore: boolean): string {
  return hasMore ? `${items.length}+` : String(items.length);
}

type TQueueView = {
  items: readonly unknown[];
  error: unknown;
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  refresh: () => Promise<void>;
};

export function QueueError({ queue }: { queue: TQueueView }) {
  const { t } = useI18n();
  if (queue.error == null) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      title={t('wb.loadFailed')}
      description={errorMessage(queue.error, t)}
      action={<Button onClick={() => void queue.refresh()}>{t('common.retry')}</Button>}
    />
  );
}

export function QueueFooter({ queue }: { queue: TQueueView }) {
  const { t } = useI18n();
  if (queue.loading || queue.items.length === 0) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      {queue.hasMore ? (
        <Button onClick={queue.loadMore} loading={queue.loadingMore} data-testid="wb-load-more">
          {t('wb.loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('wb.noMore')}</Typography.Text>
      )}
    </div>
  );
}
