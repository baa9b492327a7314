import type { TSatisfaction, TTicketSummary } from '@hotline/shared';
import { Alert, App, Checkbox, Descriptions, Form, Input, Modal, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { ticketsApi } from '../../api/endpoints';
import { isApiError } from '../../api/http';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../polls/useLoad';
import { surveyBody, type TSurveyValues } from './callbackSurvey';

type TProps = {
  ticket: TTicketSummary;
  onClose: () => void;
  onDone: (ticketId: string) => void;
};

const CHOICES: {
  value: TSatisfaction;
  key: 'callbacks.form.satisfied' | 'callbacks.form.basically' | 'callbacks.form.unsatisfied';
}[] = [
  { value: 'satisfied', key: 'callbacks.form.satisfied' },
  { value: 'basically_satisfied', key: 'callbacks.form.basically' },
  { value: 'unsatisfied', key: 'callbacks.form.unsatisfied' },
];

/**
 * The 回访 survey: what the unit answered (read to the citizen), then 满意 / 基本满意 / 不满意
 * with the reason required when unsatisfied. Records the ticket's `callback` action.
 */
export function CallbackSurveyModal({ ticket, onClose, onDone }: TProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TSurveyValues>();
  const [submitting, setSubmitting] = useState(false);
  const satisfaction = Form.useWatch('satisfaction', form);
  const unsatisfied = satisfaction === 'unsatisfied';
  const detail = useLoad(`callback:${ticket.id}`, (signal) => ticketsApi.get(ticket.id, signal));
  const reply = detail.data?.assignments.find((a) => a.role === 'lead' && a.replyContent)?.replyContent;

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      return; // antd shows the field errors
    }
    const built = surveyBody(form.getFieldsValue(), detail.data?.ticket.version ?? ticket.version);
    if ('problem' in built) return; // the form's rules already say what is missing
    setSubmitting(true);
    try {
      await ticketsApi.act(ticket.id, 'callback', built.body);
      void message.success(t('callbacks.saved'));
      onDone(ticket.id);
    } catch (err) {
      if (isApiError(err) && err.code === 'STALE_VERSION') {
        void message.warning(t('action.stale'));
        detail.reload();
      } else {
        void message.error(errorMessage(err, t));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t('callbacks.form.title', { no: ticket.no })}
      okText={t('callbacks.form.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ disabled: !detail.data, ...({ 'data-testid': 'callback-submit' } as object) }}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('wb.col.ticket')}>{ticket.title}</Descriptions.Item>
        <Descriptions.Item label={t('callbacks.col.leadUnit')}>
          {ticket.leadUnitName ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('callbacks.form.reply')}>
          {detail.loading ? (
            <Skeleton active title={false} paragraph={{ rows: 1 }} />
          ) : detail.error != null ? (
            <Typography.Text type="danger">{errorMessage(detail.error, t)}</Typography.Text>
          ) : (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="callback-reply">
              {reply ?? t('callbacks.form.noReply')}
            </Typography.Paragraph>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Form<TSurveyValues>
        form={form}
        layout="vertical"
        name="callback-survey"
        initialValues={{ resolved: true }}
        disabled={submitting}
        onValuesChange={(changed: TSurveyValues) => {
          // An unsatisfied citizen's request is, as a rule, not resolved; the agent may still say otherwise.
          if (changed.satisfaction) form.setFieldValue('resolved', changed.satisfaction !== 'unsatisfied');
        }}
      >
        <Form.Item
          name="satisfaction"
          label={t('callbacks.form.satisfaction')}
          rules={[
            { required: true, message: t('field.choose', { label: t('callbacks.form.satisfaction') }) },
          ]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={CHOICES.map((c) => ({ value: c.value, label: t(c.key) }))}
          />
        </Form.Item>
        {unsatisfied && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('callbacks.form.unsatisfiedHint')}
          />
        )}
        <Form.Item name="resolved" valuePropName="checked">
          <Checkbox>{t('callbacks.form.resolved')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="comment"
          label={unsatisfied ? t('callbacks.form.reason') : t('callbacks.form.comment')}
          rules={
            unsatisfied
              ? [{ required: true, whitespace: true, min: 2, message: t('callbacks.form.reasonRequired') }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
