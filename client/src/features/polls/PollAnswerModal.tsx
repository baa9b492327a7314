import {
  SATISFACTIONS,
  SATISFACTION_LABELS,
  type TPollCampaignView,
  type TPollSampleView,
  type TRecordPollAnswerInput,
} from '@hotline/shared';
import { App, Button, Descriptions, Form, Input, Modal, Radio, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { pollsApi } from './pollsApi';

type TProps = {
  poll: TPollCampaignView;
  sample: TPollSampleView;
  onClose: () => void;
  onSaved: (sample: TPollSampleView) => void;
};

/** One poll call: the agent reads the questions out and records the answers, or why there are none. */
export function PollAnswerModal({ poll, sample, onClose, onSaved }: TProps) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, string | boolean>>();
  const [busy, setBusy] = useState<TRecordPollAnswerInput['status'] | null>(null);

  const send = async (input: TRecordPollAnswerInput) => {
    setBusy(input.status);
    try {
      const res = await pollsApi.answer(poll.id, sample.id, input);
      void message.success(t('polls.answer.saved'));
      onSaved(res.sample);
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };

  const submitAnswers = async () => {
    let values: Record<string, string | boolean>;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the field errors
    }
    const answers = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
    await send({ status: 'answered', answers });
  };

  return (
    <Modal
      open
      title={t('polls.answer.title', { no: sample.ticketNo })}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: busy === null }}
      width={620}
      footer={
        <Space wrap>
          <Button loading={busy === 'unreachable'} onClick={() => void send({ status: 'unreachable' })}>
            {t('polls.answer.unreachable')}
          </Button>
          <Button danger loading={busy === 'refused'} onClick={() => void send({ status: 'refused' })}>
            {t('polls.answer.refused')}
          </Button>
          <Button type="primary" loading={busy === 'answered'} onClick={() => void submitAnswers()}>
            {t('polls.answer.submit')}
          </Button>
        </Space>
      }
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('polls.col.ticketTitle')}>{sample.ticketTitle}</Descriptions.Item>
        <Descriptions.Item label={t('polls.col.phone')}>{sample.phoneMasked ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical">
        {poll.questions.map((q) => (
          <Form.Item
            key={q.id}
            name={q.id}
            label={q.text}
            rules={
              q.kind === 'text' ? [{ max: 2000 }] : [{ required: true, message: t('polls.answer.required') }]
            }
          >
            {q.kind === 'satisfaction' ? (
              <Radio.Group
                optionType="button"
                options={SATISFACTIONS.map((s) => ({ value: s, label: label(SATISFACTION_LABELS[s]) }))}
              />
            ) : q.kind === 'yes_no' ? (
              <Radio.Group
                optionType="button"
                options={[
                  { value: true, label: t('common.yes') },
                  { value: false, label: t('common.no') },
                ]}
              />
            ) : (
              <Input.TextArea rows={2} maxLength={2000} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
