import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { PasswordHint } from './PasswordHint';
import { fieldError, usersApi } from './usersApi';

type TValues = { currentPassword: string; newPassword: string; confirm: string };

/** 修改密码: any signed-in user, from the user menu. Their other sessions end; this one stays. */
export function ChangePasswordDialog({
  open,
  username,
  onClose,
}: {
  open: boolean;
  username: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TValues>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [saving, setSaving] = useState(false);

  const submit = async (values: TValues) => {
    setSaving(true);
    try {
      const res = await usersApi.changeOwnPassword(values.currentPassword, values.newPassword);
      message.success(t('users.password.changed', { count: res.otherSessionsEnded }));
      form.resetFields();
      onClose();
    } catch (err) {
      const fields = (['currentPassword', 'newPassword'] as const)
        .map((name) => ({ name, errors: [fieldError(err, name)].filter((e): e is string => !!e) }))
        .filter((f) => f.errors.length > 0);
      if (fields.length > 0) form.setFields(fields);
      else message.error(errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.password.title')}
      okText={t('users.password.submit')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} preserve={false}>
        <Form.Item
          name="currentPassword"
          label={t('users.password.current')}
          rules={[{ required: true, message: t('users.password.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('users.password.new')}
          rules={[{ required: true, message: t('users.password.required') }]}
          extra={<PasswordHint password={newPassword} username={username} />}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('users.password.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('users.password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
