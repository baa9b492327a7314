import { App, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { usersApi, type TSessionRow } from './usersApi';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** One user's live sessions, each with 注销, and 全部下线 for all of them. */
export function SessionsPanel({ userId }: { userId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<TSessionRow[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    usersApi.sessions(userId).then(
      (res) => setItems(res.items),
      (err: unknown) => message.error(errorMessage(err, t)),
    );
  }, [userId, message, t]);
  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
      load();
    }
  };

  if (items === null) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`sessions-${userId}`}>
      <Space>
        <Typography.Text strong>{t('users.sessions.title', { count: items.length })}</Typography.Text>
        <Popconfirm
          title={t('users.sessions.revokeAllConfirm')}
          onConfirm={() => void act(() => usersApi.revokeAll(userId), t('users.sessions.revokedAll'))}
          disabled={items.length === 0}
        >
          <Button size="small" danger disabled={items.length === 0 || busy}>
            {t('users.sessions.revokeAll')}
          </Button>
        </Popconfirm>
      </Space>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.sessions.none')} />
      ) : (
        <Table<TSessionRow>
          size="small"
          rowKey="handle"
          pagination={false}
          dataSource={items}
          columns={[
            { title: t('users.sessions.createdAt'), dataIndex: 'createdAt', render: time },
            { title: t('users.sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: time },
            { title: t('users.sessions.expiresAt'), dataIndex: 'expiresAt', render: time },
            { title: t('users.sessions.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
            {
              title: t('users.sessions.browser'),
              dataIndex: 'userAgent',
              render: (v: string | null, row) => (
                <Space size={4}>
                  {v ?? '—'}
                  {row.current && <Tag color="blue">{t('users.sessions.current')}</Tag>}
                </Space>
              ),
            },
            {
              title: '',
              key: 'revoke',
              render: (_, row) => (
                <Button
                  size="small"
                  disabled={busy}
                  onClick={() =>
                    void act(() => usersApi.revokeSession(row.handle), t('users.sessions.revoked'))
                  }
                >
                  {t('users.sessions.revoke')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
