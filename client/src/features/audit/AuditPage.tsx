import { ROLE_LABELS, type TAuditEntry } from '@hotline/shared';
import { Alert, Button, Card, Flex, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { navigate, paths } from '../../router/router';
import { formatDateTimeSeconds } from '../tickets/common/format';
import { AuditFilters } from './AuditFilters';
import { auditApi, type TAuditFilters } from './auditApi';

const ACTION_COLOR: Record<TAuditEntry['action'], string> = {
  'ticket.contact.read': 'blue',
  'ticket.confidential.read': 'red',
  'citizen.history.read': 'purple',
  'call.screen_pop': 'cyan',
};

/** 审计日志: who saw citizens' full details and confidential tickets, newest first. */
export function AuditPage() {
  const { t, label } = useI18n();
  const [filters, setFilters] = useState<TAuditFilters>({});
  const [items, setItems] = useState<TAuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    auditApi.list(filters, null, ctrl.signal).then(
      (res) => {
        setItems(res.items);
        setCursor(res.nextCursor);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [filters]);

  const more = async () => {
    if (!cursor) return;
    try {
      const res = await auditApi.list(filters, cursor);
      setItems((prev) => [...prev, ...res.items]);
      setCursor(res.nextCursor);
    } catch (err) {
      setError(err);
    }
  };

  const columns: TableProps<TAuditEntry>['columns'] = [
    {
      key: 'at',
      title: t('audit.col.at'),
      width: 170,
      render: (_, e) => formatDateTimeSeconds(e.at),
    },
    {
      key: 'actor',
      title: t('audit.col.actor'),
      render: (_, e) => (
        <Flex vertical>
          <span>{e.actorUsername}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label(ROLE_LABELS[e.actorRole])}
            {e.actorUnitName ? ` · ${e.actorUnitName}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'action',
      title: t('audit.col.action'),
      render: (_, e) => <Tag color={ACTION_COLOR[e.action]}>{t(`audit.action.${e.action}`)}</Tag>,
    },
    {
      key: 'subject',
      title: t('audit.col.subject'),
      render: (_, e) =>
        e.subjectType === 'ticket' ? (
          <Typography.Link onClick={() => navigate(paths.detail(e.subjectId))}>
            {e.ticketNo ?? e.subjectId}
          </Typography.Link>
        ) : (
          <span>
            {t(`audit.subject.${e.subjectType}`)} {e.subjectId}
          </span>
        ),
    },
    {
      key: 'origin',
      title: t('audit.col.origin'),
      render: (_, e) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} title={e.userAgent ?? undefined}>
          {e.ip ?? '—'}
        </Typography.Text>
      ),
    },
    {
      key: 'details',
      title: t('audit.col.details'),
      render: (_, e) => (
        <Typography.Text code style={{ fontSize: 12 }}>
          {JSON.stringify(e.details)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card title={t('audit.title')}>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <AuditFilters onSearch={setFilters} />
      {error !== null && (
        <Alert type="error" showIcon title={errorMessage(error, t)} style={{ marginBottom: 12 }} />
      )}
      <Table<TAuditEntry>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        data-testid="audit-table"
      />
      {cursor && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void more()}>{t('audit.more')}</Button>
        </Flex>
      )}
    </Card>
  );
}
