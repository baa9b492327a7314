import { DownloadOutlined, PaperClipOutlined, PhoneOutlined, PlayCircleOutlined } from '@ant-design/icons';
import {
  STATUS_LABELS,
  type TLinkedTicketView,
  type TTicketAttachmentView,
  type TTicketCallView,
  type TTicketDetail,
} from '@hotline/shared';
import { Alert, Button, Flex, Image, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { errorMessage } from '../../../api/errorMessage';
import { useI18n } from '../../../i18n/useI18n';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/router';
import { formatDateTime } from '../common/format';
import { useTicketLinks } from './useTicketLinks';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * What else belongs to the ticket: the call it came from, its files and the tickets merged with
 * it. Loaded on its own, so a slow or failed load never holds up the ticket itself.
 */
export function TicketLinks({ ticket }: { ticket: TTicketDetail }) {
  const { t } = useI18n();
  const { data, loading, error, reload } = useTicketLinks(ticket.id, ticket.version);

  if (!data && loading)
    return (
      <div data-testid="links-loading" aria-busy>
        <Skeleton active paragraph={{ rows: 3 }} />
      </div>
    );
  return (
    <Flex vertical gap={16} data-testid="ticket-links">
      {error != null && (
        <Alert
          type="error"
          showIcon
          title={t('links.loadFailed')}
          description={errorMessage(error, t)}
          action={<Button onClick={() => void reload()}>{t('common.retry')}</Button>}
        />
      )}
      {data && (
        <>
          <section aria-labelledby="links-calls">
            <Typography.Title level={5} id="links-calls" style={{ marginTop: 0 }}>
              <PhoneOutlined /> {t('links.calls')}
            </Typography.Title>
            <CallsTable calls={data.calls} />
          </section>
          <section aria-labelledby="links-files">
            <Typography.Title level={5} id="links-files" style={{ marginTop: 0 }}>
              <PaperClipOutlined /> {t('links.attachments')}
            </Typography.Title>
            <Attachments items={data.attachments} hidden={data.hiddenAttachments} />
          </section>
          <section aria-labelledby="links-merges">
            <Typography.Title level={5} id="links-merges" style={{ marginTop: 0 }}>
              {t('links.merges')}
            </Typography.Title>
            <Merges ticket={ticket} parent={data.parent} items={data.children} />
          </section>
        </>
      )}
    </Flex>
  );
}

function CallsTable({ calls }: { calls: TTicketCallView[] }) {
  const { t } = useI18n();
  if (!calls.length) return <Typography.Text type="secondary">{t('links.noCalls')}</Typography.Text>;
  const columns: ColumnsType<TTicketCallView> = [
    {
      title: t('links.time'),
      key: 'time',
      width: 140,
      render: (_v, c) => formatDateTime(c.ringingAt ?? c.answeredAt ?? c.endedAt),
    },
    {
      title: t('links.direction'),
      dataIndex: 'direction',
      width: 70,
      render: (d: string | null) =>
        d === 'inbound' || d === 'outbound' ? t(`links.direction.${d}`) : (d ?? '—'),
    },
    {
      title: t('links.caller'),
      dataIndex: 'callerMasked',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('links.agent'),
      key: 'agent',
      width: 110,
      render: (_v, c) => c.agentName ?? c.agentExt ?? '—',
    },
    {
      title: t('links.duration'),
      key: 'duration',
      width: 150,
      render: (_v, c) => {
        if (!c.answeredAt) return <Tag color="orange">{t('links.unanswered')}</Tag>;
        const secs = c.billsecS ?? c.durationS ?? 0;
        return (
          <Space size={4} wrap>
            <span data-testid={`call-duration-${c.callId}`}>
              {t('links.durationValue', { m: Math.floor(secs / 60), s: secs % 60 })}
            </span>
            {c.threeWay && <Tag color="purple">{t('links.threeWay')}</Tag>}
          </Space>
        );
      },
    },
    {
      title: t('links.recording'),
      key: 'recording',
      width: 110,
      render: (_v, c) =>
        c.recordingUrl ? (
          <a
            href={c.recordingUrl}
            target="_blank"
            rel="noopener noreferrer"
            data-testid={`recording-${c.callId}`}
          >
            <PlayCircleOutlined /> {t('links.playRecording')}
          </a>
        ) : (
          <Typography.Text type="secondary">{t('links.noRecording')}</Typography.Text>
        ),
    },
  ];
  return (
    <Table<TTicketCallView>
      size="small"
      rowKey="id"
      pagination={false}
      columns={columns}
      dataSource={calls}
      scroll={{ x: 700 }}
      data-testid="ticket-calls"
    />
  );
}

function Attachments({ items, hidden }: { items: TTicketAttachmentView[]; hidden: number }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={8}>
      {items.length === 0 && hidden === 0 && (
        <Typography.Text type="secondary">{t('links.noAttachments')}</Typography.Text>
      )}
      {items.length > 0 && (
        <Image.PreviewGroup>
          <Flex wrap gap={12} data-testid="ticket-attachments">
            {items.map((a) => (
              <Flex key={a.id} vertical gap={4} align="center" style={{ width: 120 }}>
                {IMAGE_TYPES.has(a.mimeType) ? (
                  <Image
                    src={a.downloadUrl}
                    alt={a.filename}
                    width={96}
                    height={96}
                    style={{ objectFit: 'cover' }}
                  />
                ) : (
                  <PaperClipOutlined style={{ fontSize: 32, padding: 32 }} aria-hidden />
                )}
                <a
                  href={a.downloadUrl}
                  download={a.filename}
                  aria-label={t('links.download', { name: a.filename })}
                  style={{ maxWidth: 120, wordBreak: 'break-all', textAlign: 'center', fontSize: 12 }}
                >
                  <DownloadOutlined /> {a.filename}
                </a>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatSize(a.sizeBytes)}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {hidden > 0 && (
        <Typography.Text type="secondary" data-testid="hidden-attachments">
          {t('links.hiddenAttachments', { n: hidden })}
        </Typography.Text>
      )}
    </Flex>
  );
}

function LinkedTicket({ item }: { item: TLinkedTicketView }) {
  const { label } = useI18n();
  return (
    <Space size={8} wrap>
      <Link to={paths.detail(item.id)} data-testid={`linked-${item.id}`}>
        {item.no}
      </Link>
      <span>{item.title}</span>
      <Tag>{label(STATUS_LABELS[item.status])}</Tag>
    </Space>
  );
}

function Merges({
  ticket,
  parent,
  items,
}: {
  ticket: TTicketDetail;
  parent: TLinkedTicketView | null;
  items: TLinkedTicketView[];
}) {
  const { t } = useI18n();
  if (!ticket.parentId && !items.length)
    return <Typography.Text type="secondary">{t('links.noMerges')}</Typography.Text>;
  return (
    <Flex vertical gap={8}>
      {ticket.parentId && (
        <div data-testid="merge-parent">
          <Typography.Text type="secondary">{t('links.parent')}：</Typography.Text>
          {parent ? (
            <LinkedTicket item={parent} />
          ) : (
            <Typography.Text type="secondary">{t('links.parentHidden')}</Typography.Text>
          )}
        </div>
      )}
      {items.length > 0 && (
        <div data-testid="merge-children">
          <Typography.Text type="secondary">{t('links.children')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {items.map((item) => (
              <li key={item.id}>
                <LinkedTicket item={item} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </Flex>
  );
}
