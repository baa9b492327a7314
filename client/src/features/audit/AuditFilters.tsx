import { AUDIT_ACTIONS } from '@hotline/shared';
import { Button, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/useI18n';
import type { TAuditFilters } from './auditApi';

type TFormValues = {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: TAuditFilters['action'];
  subject?: string;
};

/** The search form of the audit log: time range, who, what and which ticket. */
export function AuditFilters({ onSearch }: { onSearch: (f: TAuditFilters) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TFormValues>();
  const submit = (v: TFormValues) => {
    const [from, to] = v.range ?? [];
    onSearch({
      from: from ? from.startOf('day').toISOString() : undefined,
      to: to ? to.endOf('day').add(1, 'millisecond').toISOString() : undefined,
      actor: v.actor?.trim() || undefined,
      action: v.action || undefined,
      subject: v.subject?.trim() || undefined,
    });
  };
  return (
    <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8, marginBottom: 16 }}>
      <Form.Item name="range" label={t('audit.filter.range')}>
        <DatePicker.RangePicker />
      </Form.Item>
      <Form.Item name="actor" label={t('audit.filter.actor')}>
        <Input allowClear style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="action" label={t('audit.filter.action')}>
        <Select
          allowClear
          style={{ width: 180 }}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.action.${a}`) }))}
        />
      </Form.Item>
      <Form.Item name="subject" label={t('audit.filter.subject')}>
        <Input allowClear style={{ width: 200 }} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          {t('audit.filter.search')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            onSearch({});
          }}
        >
          {t('audit.filter.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
