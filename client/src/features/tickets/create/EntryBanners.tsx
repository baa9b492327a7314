import { LockOutlined } from '@ant-design/icons';
import { Alert, Flex } from 'antd';
import { useI18n } from '../../../i18n/useI18n';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/router';

export type TSavedTicket = { id: string; no: string };

/**
 * Above the form: the ticket just registered with 登记并新建 (so its number can be read to the
 * caller and opened later), and the confidential notice the moment the entry becomes one.
 */
export function EntryBanners({
  confidential,
  reportLine,
  lastSaved,
  onDismissSaved,
}: {
  confidential: boolean;
  /** A 12388 report: confidential whatever the box says. */
  reportLine: boolean;
  lastSaved: TSavedTicket | null;
  onDismissSaved: () => void;
}) {
  const { t } = useI18n();
  if (!confidential && !lastSaved) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      {lastSaved && (
        <Alert
          key={lastSaved.id}
          type="success"
          showIcon
          closable={{ onClose: onDismissSaved, 'aria-label': t('entry.dismiss') }}
          data-testid="entry-last-saved"
          title={
            <span>
              {t('entry.savedBefore')} <Link to={paths.detail(lastSaved.id)}>{lastSaved.no}</Link>
            </span>
          }
        />
      )}
      {confidential && (
        <Alert
          type="warning"
          showIcon
          icon={<LockOutlined />}
          role="status"
          data-testid="entry-confidential"
          title={t(reportLine ? 'entry.confidential12388' : 'entry.confidential')}
          description={t('entry.confidentialQuiet')}
        />
      )}
    </Flex>
  );
}

/** The toast after 登记并新建: the number to read to the caller, and a way to the ticket. */
export function SavedTicketMessage({ ticket }: { ticket: TSavedTicket }) {
  const { t } = useI18n();
  return (
    <span data-testid="entry-saved-message">
      {t('entry.saved', { no: ticket.no })} <Link to={paths.detail(ticket.id)}>{t('entry.savedOpen')}</Link>
    </span>
  );
}
