import { CHANNEL_LABELS, SATISFACTION_LABELS, TYPE_LABELS, type TTicketDetail } from '@hotline/shared';
import { Descriptions, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { lineLabel } from '../../../i18n/labels';
import { useI18n } from '../../../i18n/useI18n';
import { Countdown } from '../common/Countdown';
import { formatDateTime } from '../common/format';
import { RevealContact } from './RevealContact';

/** The facts of a ticket: where it came from, who holds it, when it is due, who called. */
export function TicketInfo({ ticket }: { ticket: TTicketDetail }) {
  const { t, label, lang } = useI18n();
  const dash = '—';

  const items: DescriptionsProps['items'] = [
    { key: 'line', label: t('detail.line'), children: lineLabel(ticket.line, lang) },
    { key: 'channel', label: t('detail.channel'), children: label(CHANNEL_LABELS[ticket.channel]) },
    { key: 'type', label: t('detail.type'), children: label(TYPE_LABELS[ticket.type]) },
    { key: 'category', label: t('detail.category'), children: ticket.categoryName ?? dash },
    { key: 'leadUnit', label: t('detail.leadUnit'), children: ticket.leadUnitName ?? dash },
    { key: 'district', label: t('detail.district'), children: ticket.districtName ?? dash },
    {
      key: 'due',
      label: t('detail.due'),
      children: (
        <Space orientation="vertical" size={0}>
          <Countdown dueAt={ticket.dueAt} overdue={ticket.overdue} kind={ticket.dueKind} showKind />
          {ticket.dueAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(ticket.dueAt)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'createdAt', label: t('detail.createdAt'), children: formatDateTime(ticket.createdAt) },
    { key: 'updatedAt', label: t('detail.updatedAt'), children: formatDateTime(ticket.updatedAt) },
    { key: 'citizen', label: t('detail.citizen'), children: ticket.citizenName ?? dash },
    {
      key: 'phone',
      label: t('detail.phone'),
      children: <RevealContact ticket={ticket} />,
    },
    ...(ticket.citizenIdNumberMasked
      ? [{ key: 'idNumber', label: t('contact.idNumberMasked'), children: ticket.citizenIdNumberMasked }]
      : []),
    {
      key: 'satisfaction',
      label: t('detail.satisfaction'),
      children: ticket.satisfaction ? label(SATISFACTION_LABELS[ticket.satisfaction]) : dash,
    },
    { key: 'address', label: t('detail.address'), span: 'filled', children: ticket.address ?? dash },
  ];

  return (
    <>
      {(ticket.extensionPending || ticket.callbackDone) && (
        <Space wrap style={{ marginBottom: 12 }}>
          {ticket.extensionPending && <Tag color="gold">{t('detail.extensionPending')}</Tag>}
          {ticket.callbackDone && <Tag color="green">{t('detail.callbackDone')}</Tag>}
        </Space>
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, xxl: 3 }}
        styles={{ label: { whiteSpace: 'nowrap', width: 96 } }}
        items={items}
      />
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('detail.description')}
      </Typography.Title>
      <Typography.Paragraph className="ticket-description" data-testid="ticket-description">
        {ticket.description}
      </Typography.Paragraph>
    </>
  );
}
