import {
  CHANNEL_LABELS,
  LINES,
  TICKET_TYPES,
  TYPE_LABELS,
  URGENCIES,
  URGENCY_LABELS,
  ZPhone,
  isConfidentialLine,
  type TConversationChannel,
  type TConvertConversationResponse,
} from '@hotline/shared';
import {
  App,
  Checkbox,
  Col,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Typography,
  type ButtonProps,
} from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { lineLabel } from '../../i18n/labels';
import { useI18n } from '../../i18n/useI18n';
import { CategoryTreeSelect } from '../tickets/common/RefTreeSelect';
import { buildConvertBody, suggestTitle, type TConvertFormValues } from './convertBody';
import { triageApi } from './triageApi';

/**
 * The create-ticket form for a conversation: the description starts as what the citizen wrote,
 * the channel is the conversation's. The server derives the idempotency key from the
 * conversation, so a double submit makes one ticket.
 */
export function ConvertConversationModal({
  conversationId,
  channel,
  description,
  onClose,
  onConverted,
}: {
  conversationId: string;
  channel: TConversationChannel;
  description: string;
  onClose: () => void;
  onConverted: (res: TConvertConversationResponse) => void;
}) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TConvertFormValues>();
  const line = Form.useWatch('line', form) ?? '12345';
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    if (submitting) return;
    let values: TConvertFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const built = buildConvertBody(values);
    if (!built.ok) {
      void message.error(built.error);
      return;
    }
    setSubmitting(true);
    try {
      const res = await triageApi.convert(conversationId, built.body);
      void message.success(t('triage.convertSuccess', { no: res.ticket.no }));
      onConverted(res);
    } catch (err) {
      void message.error(errorMessage(err, t));
      setSubmitting(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };
  const required = (key: Parameters<typeof t>[0]) => [
    { required: true, whitespace: true, message: t('field.required', { label: t(key) }) },
  ];

  return (
    <Modal
      open
      width={820}
      title={t('triage.convertTitle')}
      okText={t('triage.convertSubmit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'convert-submit' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: !submitting }}
    >
      <Typography.Paragraph type="secondary">
        {t('triage.channelFixed', { channel: label(CHANNEL_LABELS[channel]) })}
      </Typography.Paragraph>
      <Form<TConvertFormValues>
        form={form}
        layout="vertical"
        name="convert-conversation"
        initialValues={{
          line: '12345',
          urgency: 'normal',
          confidential: false,
          description,
          title: suggestTitle(description),
        }}
        onKeyDown={onKeyDown}
        onValuesChange={(changed: Partial<TConvertFormValues>) => {
          if (changed.line && isConfidentialLine(changed.line)) form.setFieldValue('confidential', true);
        }}
        disabled={submitting}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="line" label={t('create.line')} rules={[{ required: true }]}>
              <Select options={LINES.map((l) => ({ value: l, label: lineLabel(l, lang) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="type"
              label={t('create.type')}
              rules={[{ required: true, message: t('field.choose', { label: t('create.type') }) }]}
            >
              <Select options={TICKET_TYPES.map((ty) => ({ value: ty, label: label(TYPE_LABELS[ty]) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="urgency" label={t('create.urgency')}>
              <Radio.Group
                optionType="button"
                options={URGENCIES.map((u) => ({ value: u, label: label(URGENCY_LABELS[u]) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="categoryId" label={t('create.category')}>
          <CategoryTreeSelect />
        </Form.Item>
        <Form.Item name="title" label={t('create.ticketTitle')} rules={required('create.ticketTitle')}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="description" label={t('create.description')} rules={required('create.description')}>
          <Input.TextArea rows={5} maxLength={10000} showCount />
        </Form.Item>
        <Form.Item name="address" label={t('create.address')}>
          <Input maxLength={500} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name={['citizen', 'phone']}
              label={t('triage.phone')}
              rules={[
                {
                  validator: (_, v?: string) =>
                    !v || ZPhone.safeParse(v).success
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('create.phoneInvalid'))),
                },
              ]}
            >
              <Input inputMode="tel" autoComplete="off" maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['citizen', 'name']} label={t('triage.name')}>
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="confidential"
          valuePropName="checked"
          style={{ marginBottom: 0 }}
          extra={isConfidentialLine(line) ? t('create.confidentialHint') : undefined}
        >
          <Checkbox disabled={isConfidentialLine(line)}>{t('create.confidential')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
