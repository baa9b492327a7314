import { CloseOutlined, FileAddOutlined, PhoneOutlined } from '@ant-design/icons';
import type { TCallRingingMessage } from '@hotline/shared';
import { Button, Card, Empty, Flex, Typography } from 'antd';
import { useEffect, useEffectEvent, useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useSocket } from '../../realtime/useSocket';
import { Link } from '../../router/Link';
import { navigate, paths } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { formatDateTime } from '../tickets/common/format';
import { StatusTag } from '../tickets/common/Tags';
import { canUseCalls, createFromCallPath } from './callsAccess';
import { useAgentExtension } from './useAgentExtension';

/**
 * The screen pop: when a call rings at this desk's extension the server sends `call.ringing` to
 * this agent alone, with the caller's number (shown in full only here) and earlier tickets,
 * open ones first. Stays until the agent closes it or starts a ticket from it.
 */
export function CallPopup() {
  const user = useCurrentUser();
  const enabled = canUseCalls(user);
  useAgentExtension(enabled);
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

  if (!call) return null;
  return (
    <Card
      className="call-popup"
      data-testid="call-popup"
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
          aria-label={t('common.cancel')}
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
        <Typography.Text strong>{t('calls.history')}</Typography.Text>
        {call.history.length ? (
          <ul style={{ paddingInlineStart: 16, margin: 0, maxHeight: 240, overflowY: 'auto' }}>
            {call.history.map((tk) => (
              <li key={tk.id} style={{ marginBottom: 4 }} data-testid={`call-popup-ticket-${tk.no}`}>
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
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.noHistory')} />
        )}
        <Button
          type="primary"
          icon={<FileAddOutlined />}
          data-testid="call-popup-create"
          onClick={() => {
            navigate(createFromCallPath(call.caller, call.callId));
            setCall(null);
          }}
        >
          {t('calls.createTicket')}
        </Button>
      </Flex>
    </Card>
  );
}
