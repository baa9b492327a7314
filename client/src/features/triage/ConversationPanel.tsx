import { CloseCircleOutlined, FileAddOutlined } from '@ant-design/icons';
import type { TConversationStatus } from '@hotline/shared';
import { App, Button, Col, Flex, Input, Modal, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { Link } from '../../router/Link';
import { paths } from '../../router/router';
import { ChannelTag } from './ChannelTag';
import { CitizenHistory } from './CitizenHistory';
import { ConversationThread } from './ConversationThread';
import { ConvertConversationModal } from './ConvertConversationModal';
import { citizenText } from './messageText';
import { triageApi } from './triageApi';
import { useConversationDetail } from './useConversationDetail';

const STATUS_COLORS: Record<TConversationStatus, string> = {
  open: 'blue',
  ticketed: 'green',
  closed: 'default',
};

/** The right side of the inbox: one conversation, what can be done with it, and the citizen's history. */
export function ConversationPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, loading, error, refresh } = useConversationDetail(id);
  const [converting, setConverting] = useState(false);
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  if (loading && !data) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (!data) return <Result status="warning" title={errorMessage(error, t)} />;

  const c = data.conversation;
  const afterChange = () => {
    void refresh();
    onChanged();
  };
  const close = async () => {
    setBusy(true);
    try {
      await triageApi.close(id, { note: note.trim() || undefined });
      void message.success(t('triage.closeSuccess'));
      setClosing(false);
      setNote('');
      afterChange();
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Space wrap>
            <ChannelTag channel={c.channel} />
            <Typography.Text strong copyable={{ text: c.externalUserId }}>
              {t('triage.user', { id: c.externalUserId })}
            </Typography.Text>
            <Tag color={STATUS_COLORS[c.status]} data-testid="conversation-status">
              {t(`triage.status.${c.status}`)}
            </Tag>
            {c.ticketId && c.ticketNo && (
              <Link to={paths.detail(c.ticketId)}>{t('triage.ticketNo', { no: c.ticketNo })}</Link>
            )}
          </Space>
          {c.status === 'open' && (
            <Space>
              <Button
                type="primary"
                icon={<FileAddOutlined />}
                onClick={() => setConverting(true)}
                data-testid="convert-open"
              >
                {t('triage.convert')}
              </Button>
              <Button icon={<CloseCircleOutlined />} onClick={() => setClosing(true)}>
                {t('triage.close')}
              </Button>
            </Space>
          )}
        </Flex>
        <ConversationThread
          conversationId={c.id}
          messages={data.messages}
          canReply={c.status !== 'closed' && !c.redacted}
          redacted={c.redacted}
          onSent={afterChange}
        />
      </Col>
      <Col xs={24} xl={8}>
        <CitizenHistory history={data.history} />
      </Col>
      {converting && (
        <ConvertConversationModal
          conversationId={c.id}
          channel={c.channel}
          description={citizenText(data.messages)}
          onClose={() => setConverting(false)}
          onConverted={() => {
            setConverting(false);
            afterChange();
          }}
        />
      )}
      <Modal
        open={closing}
        title={t('triage.closeTitle')}
        okText={t('triage.close')}
        cancelText={t('common.cancel')}
        onOk={() => void close()}
        onCancel={() => setClosing(false)}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Input.TextArea
          aria-label={t('triage.closeNote')}
          placeholder={t('triage.closeNote')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={2000}
          rows={3}
        />
      </Modal>
    </Row>
  );
}
