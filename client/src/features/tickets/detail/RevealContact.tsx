import { can, type TTicketContact, type TTicketDetail } from '@hotline/shared';
import { EyeOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { apiGet } from '../../../api/http';
import { errorMessage } from '../../../api/errorMessage';
import { useI18n } from '../../../i18n/useI18n';
import { useCurrentUser } from '../../auth/useSession';

/**
 * 显示完整号码: the masked number, and for roles allowed to call the citizen a button that asks the
 * server for the full details. Every click is one audited view, so nothing is fetched before it.
 */
export function RevealContact({ ticket }: { ticket: TTicketDetail }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const [contact, setContact] = useState<TTicketContact | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const hasContact = Boolean(ticket.citizenPhoneMasked || ticket.citizenIdNumberMasked);
  const allowed = can(user.role, 'ticket.contact.read') && hasContact;

  const reveal = async () => {
    setLoading(true);
    setError(null);
    try {
      setContact(await apiGet<TTicketContact>(`/tickets/${ticket.id}/contact`));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  if (contact) {
    return (
      <Space orientation="vertical" size={0} data-testid="citizen-contact">
        <Typography.Text strong copyable data-testid="citizen-phone-full">
          {contact.phone ?? ticket.citizenPhoneMasked ?? '—'}
        </Typography.Text>
        {contact.name && (
          <Typography.Text>
            {t('contact.name')}：{contact.name}
          </Typography.Text>
        )}
        {contact.idNumber && (
          <Typography.Text>
            {t('contact.idNumber')}：{contact.idNumber}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('contact.recorded', { id: contact.auditId.slice(0, 8) })}
        </Typography.Text>
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size={0}>
      <Space size={8} wrap>
        <span data-testid="citizen-phone">{ticket.citizenPhoneMasked ?? '—'}</span>
        {allowed && (
          <Tooltip title={t('contact.revealNote')}>
            <Button size="small" icon={<EyeOutlined />} loading={loading} onClick={() => void reveal()}>
              {t('contact.reveal')}
            </Button>
          </Tooltip>
        )}
      </Space>
      {allowed && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('contact.revealNote')}
        </Typography.Text>
      )}
      {error !== null && (
        <Typography.Text type="danger" style={{ fontSize: 12 }} role="alert">
          {errorMessage(error, t)}
        </Typography.Text>
      )}
    </Space>
  );
}
