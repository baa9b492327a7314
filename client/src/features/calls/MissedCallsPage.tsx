import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TCallRecordDto } from '@hotline/shared';
import { App, Button, Card, Flex, Input, Result, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { formatDateTime } from '../tickets/common/format';
import { canUseCalls } from './callsAccess';
import { callsApi } from './callsApi';
import { useAgentExtension } from './useAgentExtension';

/** 未接来电: inbound calls that ended unanswered, for call-backs; and this desk's extension. */
export function MissedCallsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const allowed = canUseCalls(user);
  const { ext, save } = useAgentExtension(false);
  const [draftExt, setDraftExt] = useState('');
  const [items, setItems] = useState<TCallRecordDto[]>([]);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoading(true);
      try {
        setItems((await callsApi.missed(signal)).items);
      } catch (err) {
        if ((err as Error).name !== 'AbortError') void message.error(errorMessage(err, t));
      } finally {
        setLoading(false);
      }
    },
    [message, t],
  );

  useEffect(() => {
    if (!allowed) return;
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [allowed, load]);

  if (!allowed) return <Result status="403" title={t('calls.forbidden')} />;

  const callbackDone = async (id: string) => {
    setBusy(id);
    try {
      await callsApi.callbackDone(id);
      setItems((xs) => xs.filter((x) => x.id !== id));
      void message.success(t('calls.callbackDoneSuccess'));
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('calls.myExtension')}</Typography.Text>
          <Input
            data-testid="agent-extension"
            style={{ width: 160 }}
            placeholder={ext ?? t('calls.extensionPlaceholder')}
            value={draftExt}
            onChange={(e) => setDraftExt(e.target.value)}
          />
          <Button
            data-testid="agent-extension-save"
            disabled={!/^[0-9A-Za-z_-]{1,32}$/.test(draftExt.trim())}
            onClick={() =>
              void save(draftExt).then(
                () => {
                  setDraftExt('');
                  void message.success(t('calls.extensionSaved'));
                },
                (err: unknown) => void message.error(errorMessage(err, t)),
              )
            }
          >
            {t('calls.saveExtension')}
          </Button>
          {ext ? (
            <Typography.Text type="secondary" data-testid="agent-extension-current">
              {t('calls.extension', { ext })}
            </Typography.Text>
          ) : null}
        </Space>
      </Card>
      <Card
        title={
          <Space>
            <PhoneOutlined />
            {t('calls.missedTitle')}
          </Space>
        }
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.retry')} />
        }
      >
        <Table<TCallRecordDto>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={items}
          pagination={false}
          data-testid="missed-calls"
          locale={{ emptyText: t('calls.noMissed') }}
          columns={[
            { title: t('calls.caller'), dataIndex: 'callerMasked', render: (v: string | null) => v ?? '—' },
            { title: t('calls.ringingAt'), dataIndex: 'ringingAt', render: formatDateTime },
            { title: t('calls.endedAt'), dataIndex: 'endedAt', render: formatDateTime },
            { title: t('calls.queue'), dataIndex: 'queue', render: (v: string | null) => v ?? '—' },
            {
              title: t('calls.hangupCause'),
              dataIndex: 'hangupCause',
              render: (v: string | null) => v ?? '—',
            },
            {
              title: '',
              key: 'action',
              render: (_: unknown, row) => (
                <Button
                  size="small"
                  loading={busy === row.id}
                  data-testid={`callback-done-${row.callId}`}
                  onClick={() => void callbackDone(row.id)}
                >
                  {t('calls.callbackDone')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
