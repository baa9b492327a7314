import {
  CHANNEL_LABELS,
  CONVERSATION_CHANNELS,
  CONVERSATION_STATUSES,
  type TConversationStatus,
} from '@hotline/shared';
import { Alert, Button, Card, Col, Empty, Flex, Result, Row, Segmented, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { ConversationList } from './ConversationList';
import { ConversationPanel } from './ConversationPanel';
import { canUseTriage, linkedConversation } from './triageAccess';
import { useConversationList, type TConversationFilters } from './useConversationList';

/** 网络诉求: WeChat / Weibo conversations waiting for an agent, side by side with the chosen one. */
export function TriagePage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  if (!canUseTriage(user)) return <Result status="403" title={t('triage.forbidden')} />;
  return <TriageInbox />;
}

function TriageInbox() {
  const { t, label } = useI18n();
  const [status, setStatus] = useState<TConversationStatus>('open');
  const [channel, setChannel] = useState<TConversationFilters['channel']>(undefined);
  const [selectedId, setSelectedId] = useState(() => linkedConversation(window.location.search));
  const filters = useMemo<TConversationFilters>(() => ({ status, channel }), [status, channel]);
  const list = useConversationList(filters);

  return (
    <Card
      data-testid="triage-page"
      title={t('triage.title')}
      extra={<Typography.Text type="secondary">{t('triage.hint')}</Typography.Text>}
      styles={{ body: { padding: 0 } }}
    >
      <Row>
        <Col xs={24} lg={8} style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <Flex gap={8} wrap style={{ padding: 12, borderBottom: '1px solid #f0f0f0' }}>
            <Segmented<TConversationStatus>
              value={status}
              onChange={setStatus}
              options={CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(`triage.status.${s}`) }))}
            />
            <Select
              aria-label={t('create.channel')}
              value={channel ?? 'all'}
              onChange={(v: string) =>
                setChannel(v === 'all' ? undefined : (v as TConversationFilters['channel']))
              }
              style={{ width: 120 }}
              options={[
                { value: 'all', label: t('triage.channel.all') },
                ...CONVERSATION_CHANNELS.map((c) => ({ value: c, label: label(CHANNEL_LABELS[c]) })),
              ]}
            />
          </Flex>
          {list.error ? (
            <Alert
              type="error"
              showIcon
              title={errorMessage(list.error, t)}
              action={<Button onClick={() => void list.refresh()}>{t('common.retry')}</Button>}
              style={{ margin: 12 }}
            />
          ) : (
            <ConversationList
              items={list.items}
              selectedId={selectedId}
              loading={list.loading}
              loadingMore={list.loadingMore}
              hasMore={Boolean(list.nextCursor)}
              onSelect={setSelectedId}
              onLoadMore={() => void list.loadMore()}
            />
          )}
        </Col>
        <Col xs={24} lg={16} style={{ padding: 16 }}>
          {selectedId ? (
            <ConversationPanel key={selectedId} id={selectedId} onChanged={() => void list.refresh()} />
          ) : (
            <Empty description={t('triage.selectHint')} style={{ padding: 48 }} />
          )}
        </Col>
      </Row>
    </Card>
  );
}
