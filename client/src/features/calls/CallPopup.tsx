import { CloseOutlined, FileAddOutlined, PhoneOutlined } from '@ant-design/icons';
import type { TCallConversation, TCallHistoryTicket, TCallRingingMessage } from '@hotline/shared';
import { Badge, Button, Card, Empty, Flex, Typography } from 'antd';
import { useEffect, useEffectEvent, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useSocket } from '../../realtime/useSocket';
import { Link } from '../../router/Link';
import { paths } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { formatDateTime } from '../tickets/common/format';
import { StatusTag } from '../tickets/common/Tags';
import { shortcutLabel } from '../tickets/create/entryKeys';
import { offerRingingCall, requestNewEntry, useNewEntryHotkey } from '../tickets/create/entryRequests';
import { Kbd } from '../tickets/create/EntryShortcutsHelp';
import { canCreateTickets } from '../tickets/permissions';
import { ChannelTag } from '../triage/ChannelTag';
import { conversationPath } from '../triage/triageAccess';
import { canUseCalls } from './callsAccess';
import { useAgentExtension } from './useAgentExtension';

const LIST_STYLE = { paddingInlineStart: 16, margin: 0, maxHeight: 200, overflowY: 'auto' } as const;

/**
 * The screen pop: when a call rings at this desk's extension the server sends `call.ringing` to
 * this agent alone, with the caller's number (shown in full only here), earlier tickets (open
 * ones first) and the caller's WeChat / Weibo conversations still waiting in triage. Stays until
 * the agent closes it (Esc inside it, or ✕) or starts a ticket from it (its button, or Alt+N
 * anywhere). It never takes the focus: the agent may be typing another ticket when it rings.
 *
 * Mounted once in the console shell, it also carries the desk's Alt+N (new ticket) everywhere.
 */
export function CallPopup() {
  const user = useCurrentUser();
  const enabled = canUseCalls(user);
  useAgentExtension(enabled);
  useNewEntryHotkey(canCreateTickets(user.role));
  const { socket } = useSocket();
  const { t } = useI18n();
  const [call, setCall] = useState<TCallRingingMessage | null>(null);
  const onRinging = useEffectEvent((msg: TCallRingingMessage) => setCall(msg));

  useEffect(() => {
    if (!socket || !enabled) return;
    const listener = (msg: TCallRingingMessage) => onRinging(msg);
    socket.on('call.ringing', listener);
    return () => {
      socket.off('call.ringing', listener);
    };
  }, [socket, enabled]);

  // While the pop shows, Alt+N (or the page's 新建) starts the ticket for this caller.
  const callerNumber = call?.caller ?? null;
  const callId = call?.callId ?? null;
  useEffect(() => {
    if (!callId) return;
    return offerRingingCall({ phone: callerNumber, callId }, () => setCall(null));
  }, [callerNumber, callId]);

  if (!call) return null;
  const conversations = call.conversations ?? [];
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') setCall(null);
  };
  return (
    <Card
      className="call-popup"
      data-testid="call-popup"
      role="dialog"
      aria-label={t('calls.ringing')}
      onKeyDown={onKeyDown}
      size="small"
      style={{
        position: 'fixed',
        right: 24,
        bottom: 24,
        width: 380,
        zIndex: 1100,
        boxShadow: '0 6px 24px rgba(0,0,0,.18)',
      }}
      title={
        <Flex gap={8} align="center">
          <PhoneOutlined style={{ color: '#16a34a' }} />
          <span>{t('calls.ringing')}</span>
          <Typography.Text strong copyable data-testid="call-popup-caller">
            {call.caller ?? call.callerMasked ?? t('calls.unknownCaller')}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          aria-label={t('calls.dismiss')}
          onClick={() => setCall(null)}
        />
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">
          {call.citizenName ? `${call.citizenName} · ` : ''}
          {call.agentExt ? t('calls.extension', { ext: call.agentExt }) : ''}
          {call.queue ? ` · ${call.queue}` : ''}
        </Typography.Text>
        {conversations.length > 0 && <Conversations items={conversations} />}
        <Typography.Text strong>{t('calls.history')}</Typography.Text>
        {call.history.length ? (
          <ul style={LIST_STYLE}>
            {call.history.map((tk) => (
              <HistoryItem key={tk.id} ticket={tk} />
            ))}
          </ul>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.noHistory')} />
        )}
        <Button
          type="primary"
          icon={<FileAddOutlined />}
          data-testid="call-popup-create"
          aria-keyshortcuts="Alt+N"
          onClick={() => {
            // On the create page already: that form takes the number (asking before it drops a draft).
            requestNewEntry({ phone: call.caller, callId: call.callId });
            setCall(null);
          }}
        >
          {t('calls.createTicket')} <Kbd>{shortcutLabel('newEntry')}</Kbd>
        </Button>
      </Flex>
    </Card>
  );
}

function HistoryItem({ ticket }: { ticket: TCallHistoryTicket }) {
  return (
    <li style={{ marginBottom: 4 }} data-testid={`call-popup-ticket-${ticket.no}`}>
      <Flex gap={4} wrap align="center">
        <Link to={paths.detail(ticket.id)}>{ticket.no}</Link>
        <StatusTag status={ticket.status} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {ticket.title} · {formatDateTime(ticket.createdAt)}
      </Typography.Text>
    </li>
  );
}

/** 网络诉求 the caller has open: the agent may answer both at once, and close the conversation after. */
function Conversations({ items }: { items: TCallConversation[] }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Text strong>{t('calls.conversations')}</Typography.Text>
      <ul style={LIST_STYLE} data-testid="call-popup-conversations">
        {items.map((c) => (
          <li key={c.id} style={{ marginBottom: 4 }} data-testid={`call-popup-conversation-${c.id}`}>
            <Flex gap={4} wrap align="center">
              <ChannelTag channel={c.channel} />
              <Link to={conversationPath(c.id)}>{formatDateTime(c.lastMessageAt)}</Link>
              {c.unansweredCount > 0 && (
                <Badge
                  count={t('calls.unanswered', { n: c.unansweredCount })}
                  style={{ backgroundColor: '#fa8c16' }}
                />
              )}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.preview ?? t('calls.noPreview')}
            </Typography.Text>
          </li>
        ))}
      </ul>
    </>
  );
}
