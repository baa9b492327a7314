import { ROLE_LABELS, type TUnitView } from '@hotline/shared';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { SessionsPanel } from './SessionsPanel';
import { UserFormModal } from './UserFormModal';
import { usersApi, type TUserRow } from './usersApi';

/** 账号与会话: staff accounts, their live sessions (revoke one or all), new accounts and password resets. */
export function UsersPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [users, setUsers] = useState<TUserRow[] | null>(null);
  const [units, setUnits] = useState<TUnitView[]>([]);
  const [editing, setEditing] = useState<{ user: TUserRow | null } | null>(null);

  const load = useCallback(() => {
    Promise.all([usersApi.list(), usersApi.units()]).then(
      ([u, un]) => {
        setUsers(u.items);
        setUnits(un.items);
      },
      (err: unknown) => message.error(errorMessage(err, t)),
    );
  }, [message, t]);
  useEffect(load, [load]);

  const unitName = useMemo(() => new Map(units.map((u) => [u.id, u.name])), [units]);

  const setActive = async (user: TUserRow, active: boolean) => {
    try {
      await usersApi.update(user.id, { active });
      message.success(active ? t('users.enabled') : t('users.disabled'));
      load();
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };

  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" onClick={() => setEditing({ user: null })}>
          {t('users.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('users.intro')}</Typography.Paragraph>
      <Table<TUserRow>
        rowKey="id"
        loading={users === null}
        dataSource={users ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (user) => <SessionsPanel userId={user.id} />,
          expandRowByClick: false,
        }}
        columns={[
          { title: t('users.col.username'), dataIndex: 'username' },
          { title: t('users.col.displayName'), dataIndex: 'displayName' },
          {
            title: t('users.col.role'),
            dataIndex: 'role',
            render: (r: TUserRow['role']) => label(ROLE_LABELS[r]),
          },
          {
            title: t('users.col.unit'),
            dataIndex: 'unitId',
            render: (id: string) => unitName.get(id) ?? '—',
          },
          {
            title: t('users.col.status'),
            dataIndex: 'active',
            render: (active: boolean) =>
              active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>,
          },
          {
            title: t('users.col.lastLogin'),
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { hour12: false }) : '—'),
          },
          {
            title: '',
            key: 'actions',
            render: (_, user) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing({ user })}>
                  {t('users.resetPassword')}
                </Button>
                <Popconfirm
                  title={user.active ? t('users.disableConfirm') : t('users.enableConfirm')}
                  onConfirm={() => void setActive(user, !user.active)}
                >
                  <Button size="small" danger={user.active}>
                    {user.active ? t('users.disable') : t('users.enable')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <UserFormModal
        open={editing !== null}
        user={editing?.user ?? null}
        units={units}
        onClose={() => setEditing(null)}
        onSaved={load}
      />
    </Card>
  );
}
