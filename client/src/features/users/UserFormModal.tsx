import { ROLES, ROLE_LABELS, type TRole, type TUnitView } from '@hotline/shared';
import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { PasswordHint } from './PasswordHint';
import { fieldError, usersApi, type TNewUser, type TUserRow } from './usersApi';

/** 新建用户 (no `user`) or 重置密码 (a `user`): both show the password policy as the admin types. */
export function UserFormModal({
  open,
  user,
  units,
  onClose,
  onSaved,
}: {
  open: boolean;
  user: TUserRow | null;
  units: TUnitView[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TNewUser>();
  const password = Form.useWatch('password', form) ?? '';
  const username = Form.useWatch('username', form) ?? user?.username ?? '';
  const [saving, setSaving] = useState(false);

  const submit = async (values: TNewUser) => {
    setSaving(true);
    try {
      if (user) await usersApi.update(user.id, { password: values.password });
      else await usersApi.create(values);
      message.success(user ? t('users.form.resetDone', { name: user.displayName }) : t('users.form.created'));
      onSaved();
      onClose();
    } catch (err) {
      const fields = (['username', 'password', 'displayName', 'unitId'] as const)
        .map((name) => ({ name, errors: [fieldError(err, name)].filter((e): e is string => !!e) }))
        .filter((f) => f.errors.length > 0);
      if (fields.length > 0) form.setFields(fields);
      else message.error(errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: t('users.password.required') }];
  return (
    <Modal
      open={open}
      title={user ? t('users.form.resetTitle', { name: user.displayName }) : t('users.form.createTitle')}
      okText={t('users.form.save')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        preserve={false}
        initialValues={{ role: 'agent' as TRole }}
      >
        {!user && (
          <>
            <Form.Item name="username" label={t('users.col.username')} rules={required}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="displayName" label={t('users.col.displayName')} rules={required}>
              <Input />
            </Form.Item>
            <Form.Item name="role" label={t('users.col.role')} rules={required}>
              <Select options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))} />
            </Form.Item>
            <Form.Item name="unitId" label={t('users.col.unit')} rules={required}>
              <Select
                showSearch
                optionFilterProp="label"
                options={units.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="password"
          label={user ? t('users.password.new') : t('users.form.password')}
          rules={required}
          extra={<PasswordHint password={password} username={username} />}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
