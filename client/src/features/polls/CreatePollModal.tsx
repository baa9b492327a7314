import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { MAX_POLL_SAMPLE_SIZE, POLL_QUESTION_KINDS, type TPollQuestion } from '@hotline/shared';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { DEFAULT_POLL_QUESTIONS, withQuestionIds } from './pollFormat';
import { pollsApi } from './pollsApi';

type TValues = {
  name: string;
  period: [Dayjs, Dayjs];
  sampleSize: number;
  questions: Omit<TPollQuestion, 'id'>[];
};

type TProps = { open: boolean; onClose: () => void; onCreated: (pollId: string) => void };

/** A supervisor opens a campaign: the server draws the sample of closed tickets at once. */
export function CreatePollModal({ open, onClose, onCreated }: TProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TValues>();
  const [submitting, setSubmitting] = useState(false);
  const lastMonth = dayjs().subtract(1, 'month');

  const submit = async () => {
    let values: TValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the field errors
    }
    setSubmitting(true);
    try {
      const res = await pollsApi.create({
        name: values.name,
        periodFrom: values.period[0].startOf('day').format(),
        periodTo: values.period[1].endOf('day').format(),
        sampleSize: values.sampleSize,
        questions: withQuestionIds(values.questions),
      });
      void message.success(t('polls.created', { n: res.samples.length }));
      form.resetFields();
      onCreated(res.poll.id);
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('polls.form.title')}
      okText={t('polls.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={submitting}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: t('polls.form.defaultName', { month: lastMonth.format('YYYY-MM') }),
          period: [lastMonth.startOf('month'), lastMonth.endOf('month')],
          sampleSize: 100,
          questions: DEFAULT_POLL_QUESTIONS,
        }}
      >
        <Form.Item name="name" label={t('polls.form.name')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space size={16} align="start" wrap>
          <Form.Item name="period" label={t('polls.form.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="sampleSize" label={t('polls.form.sampleSize')} rules={[{ required: true }]}>
            <InputNumber min={1} max={MAX_POLL_SAMPLE_SIZE} precision={0} />
          </Form.Item>
        </Space>
        <Form.List
          name="questions"
          rules={[
            {
              validator: async (_, qs: TValues['questions'] | undefined) => {
                if (!qs?.some((q) => q?.kind === 'satisfaction')) throw new Error(t('polls.form.needRating'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('polls.form.questions')}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'text']}
                    rules={[{ required: true, min: 2, max: 200, message: t('polls.form.questionText') }]}
                  >
                    <Input placeholder={t('polls.form.questionText')} style={{ width: 380 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 110 }}
                      options={POLL_QUESTION_KINDS.map((k) => ({ value: k, label: t(`polls.kind.${k}`) }))}
                    />
                  </Form.Item>
                  <MinusCircleOutlined
                    aria-label={t('polls.form.removeQuestion')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= 20}
                onClick={() => add({ text: '', kind: 'satisfaction' })}
              >
                {t('polls.form.addQuestion')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
