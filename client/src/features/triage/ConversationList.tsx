import type { TConversationSummary } from '@hotline/shared';
import { Badge, Button, Empty, Flex, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/useI18n';
import { ChannelTag } from './ChannelTag';
import { messageText, shortUserId } from './messageText';

type TProps = {
  items: TConversationSummary[];
  selectedId: string | null;
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  onSelect: (id: string) => void;
  onLoadMore: () => void;
};

/** Today's messages show the time, older ones the date: the inbox is read top-down, newest first. */
function when(iso: string): string {
  const d = dayjs(iso);
  return d.isSame(dayjs(), 'day') ? d.format('HH:mm') : d.format('MM-DD HH:mm');
}

/** The left column of the triage inbox: one row per conversation. */
export function ConversationList(p: TProps) {
  const { t } = useI18n();
  if (p.loading && !p.items.length) {
    return (
      <Flex justify="center" style={{ padding: 32 }}>
        <Spin />
      </Flex>
    );
  }
  if (!p.items.length) return <Empty description={t('triage.empty')} style={{ padding: 32 }} />;
  return (
    <div>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('triage.title')}>
        {p.items.map((c) => {
          const selected = c.id === p.selectedId;
          const preview = c.redacted
            ? t('triage.redacted')
            : c.preview
              ? `${c.preview.direction === 'out' ? `${t('triage.agent')}：` : ''}${messageText(c.preview, t)}`
              : '';
          return (
            <li key={c.id}>
              <button
                type="button"
                data-testid={`conversation-row-${c.id}`}
                aria-current={selected ? 'true' : undefined}
                onClick={() => p.onSelect(c.id)}
                style={{
                  display: 'block',
                  width: '100%',
                  textAlign: 'left',
                  border: 'none',
                  borderBottom: '1px solid #f0f0f0',
                  background: selected ? '#e6f4ff' : 'transparent',
                  padding: '10px 12px',
                  cursor: 'pointer',
                }}
              >
                <Flex justify="space-between" align="center" gap={8}>
                  <Flex align="center" gap={4} style={{ minWidth: 0 }}>
                    <ChannelTag channel={c.channel} />
                    <Typography.Text strong ellipsis title={c.externalUserId}>
                      {shortUserId(c.externalUserId)}
                    </Typography.Text>
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {when(c.lastMessageAt)}
                  </Typography.Text>
                </Flex>
                <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 4 }}>
                  <Typography.Text type="secondary" ellipsis style={{ minWidth: 0 }}>
                    {preview}
                  </Typography.Text>
                  {c.ticketNo ? (
                    <Typography.Text style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {t('triage.ticketNo', { no: c.ticketNo })}
                    </Typography.Text>
                  ) : (
                    <Badge
                      count={c.unansweredCount}
                      title={t('triage.unanswered', { n: c.unansweredCount })}
                      data-testid="unanswered"
                    />
                  )}
                </Flex>
              </button>
            </li>
          );
        })}
      </ul>
      {p.hasMore && (
        <Flex justify="center" style={{ padding: 12 }}>
          <Button onClick={p.onLoadMore} loading={p.loadingMore}>
            {t('triage.loadMore')}
          </Button>
        </Flex>
      )}
    </div>
  );
}
