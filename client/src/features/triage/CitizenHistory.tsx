import type { TConversationDetailResponse } from '@hotline/shared';
import { Card, Flex, Typography } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { paths } from '../../router/router';
import { formatDateTime } from '../tickets/common/format';
import { StatusTag } from '../tickets/common/Tags';
import { messageText } from './messageText';

/** What the hotline already knows of this channel user: their tickets and earlier conversations. */
export function CitizenHistory({ history }: { history: TConversationDetailResponse['history'] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('triage.history')} data-testid="citizen-history">
      <Typography.Text strong>{t('triage.historyTickets')}</Typography.Text>
      {history.tickets.length ? (
        <ul style={{ paddingInlineStart: 16, marginTop: 4 }}>
          {history.tickets.map((tk) => (
            <li key={tk.id} style={{ marginBottom: 4 }}>
              <Flex gap={4} wrap align="center">
                <Link to={paths.detail(tk.id)}>{tk.no}</Link>
                <StatusTag status={tk.status} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {tk.title} · {formatDateTime(tk.createdAt)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{t('triage.historyNone')}</Typography.Paragraph>
      )}
      <Typography.Text strong>{t('triage.historyConversations')}</Typography.Text>
      {history.conversations.length ? (
        <ul style={{ paddingInlineStart: 16, marginTop: 4 }}>
          {history.conversations.map((c) => (
            <li key={c.id} style={{ marginBottom: 4 }}>
              <Typography.Text style={{ fontSize: 12 }}>
                {formatDateTime(c.lastMessageAt)} · {t(`triage.status.${c.status}`)}
                {c.ticketNo ? ` · ${t('triage.ticketNo', { no: c.ticketNo })}` : ''}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, maxWidth: '100%' }}>
                {c.redacted ? t('triage.redacted') : c.preview ? messageText(c.preview, t) : ''}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{t('triage.historyNone')}</Typography.Paragraph>
      )}
    </Card>
  );
}
