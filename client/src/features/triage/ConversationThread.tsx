import { SendOutlined } from '@ant-design/icons';
import type { TConversationMessage } from '@hotline/shared';
import { App, Alert, Button, Flex, Input, Typography } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { formatDateTime } from '../tickets/common/format';
import { messageText } from './messageText';
import { triageApi } from './triageApi';

function Bubble({ m }: { m: TConversationMessage }) {
  const { t } = useI18n();
  if (m.direction === 'note') {
    return (
      <Typography.Text
        type="secondary"
        style={{ textAlign: 'center', fontSize: 12 }}
        data-testid="thread-note"
      >
        {formatDateTime(m.createdAt)} · {t('triage.closedBy', { name: m.authorName ?? '—' })}
        {m.content ? `：${m.content}` : ''}
      </Typography.Text>
    );
  }
  const out = m.direction === 'out';
  return (
    <Flex vertical align={out ? 'flex-end' : 'flex-start'} data-testid={`thread-${m.direction}`}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {out ? (m.authorName ?? t('triage.agent')) : t('triage.citizen')} · {formatDateTime(m.createdAt)}
      </Typography.Text>
      <div
        style={{
          maxWidth: '80%',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          padding: '6px 10px',
          borderRadius: 8,
          background: out ? '#d9f7be' : '#f5f5f5',
        }}
      >
        {messageText(m, t)}
      </div>
    </Flex>
  );
}

/** The messages of a conversation, oldest first, and the reply box under them. */
export function ConversationThread({
  conversationId,
  messages,
  canReply,
  redacted,
  onSent,
}: {
  conversationId: string;
  messages: TConversationMessage[];
  canReply: boolean;
  redacted: boolean;
  onSent: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length]);

  const send = async () => {
    const content = draft.trim();
    if (!content || sending) return;
    setSending(true);
    try {
      await triageApi.reply(conversationId, content);
      setDraft('');
      onSent();
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <Flex vertical gap={12}>
      {redacted && <Alert type="warning" showIcon title={t('triage.redacted')} />}
      <Flex
        vertical
        gap={10}
        style={{ maxHeight: 420, overflowY: 'auto', padding: 4 }}
        data-testid="conversation-thread"
      >
        {messages.map((m) => (
          <Bubble key={m.id} m={m} />
        ))}
        <div ref={bottom} />
      </Flex>
      {canReply ? (
        <Flex vertical gap={8}>
          <Input.TextArea
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder={t('triage.replyPlaceholder')}
            aria-label={t('triage.replyPlaceholder')}
            rows={3}
            maxLength={600}
            disabled={sending}
          />
          <Flex justify="flex-end">
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={() => void send()}
              loading={sending}
              disabled={!draft.trim()}
            >
              {t('triage.send')}
            </Button>
          </Flex>
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('triage.replyClosed')}</Typography.Text>
      )}
    </Flex>
  );
}
