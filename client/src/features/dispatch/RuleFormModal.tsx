import { LINES, type TDispatchRuleDto } from '@hotline/shared';
import { Alert, App, Button, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { isApiError } from '../../api/http';
import { lineLabel } from '../../i18n/labels';
import { useI18n } from '../../i18n/useI18n';
import { CategoryTreeSelect, UnitTreeSelect } from '../tickets/common/RefTreeSelect';
import { useUnits } from '../tickets/common/useReferenceData';
import { catalogueApi } from './dispatchApi';
import { formToRule, ruleToForm, type TRuleFormValues } from './ruleForm';

type TProps = {
  /** The rule to edit, or null to add one. */
  rule: TDispatchRuleDto | null;
  onClose: () => void;
  onSaved: (rule: TDispatchRuleDto) => void;
  /** The rule changed meanwhile: the list should be fetched again. */
  onStale: () => void;
};

type TFailure = { kind: 'stale' | 'conflict' | 'other'; message: string };

/** Adds or edits one 派单目录 rule; an edit carries the version it was read at. */
export function RuleFormModal({ rule, onClose, onSaved, onStale }: TProps) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TRuleFormValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<TFailure | null>(null);
  const units = useUnits();
  const districts = useMemo(
    () => units.items.filter((u) => u.kind === 'district' && u.active),
    [units.items],
  );

  const submit = async () => {
    let values: TRuleFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the field errors
    }
    setSaving(true);
    setFailure(null);
    try {
      const input = formToRule(values);
      const saved = rule
        ? await catalogueApi.update(rule.id, { ...input, expectedVersion: rule.version })
        : await catalogueApi.create(input);
      void message.success(t(rule ? 'dispatch.rule.savedOk' : 'dispatch.rule.createdOk'));
      onSaved(saved);
    } catch (err) {
      if (isApiError(err) && err.code === 'STALE_VERSION') {
        setFailure({ kind: 'stale', message: t('dispatch.rule.stale') });
      } else if (isApiError(err) && err.code === 'CONFLICT') {
        setFailure({ kind: 'conflict', message: t('dispatch.rule.conflict', { message: err.message }) });
      } else {
        setFailure({ kind: 'other', message: errorMessage(err, t) });
      }
    } finally {
      setSaving(false);
    }
  };

  const required = (label: string) => [{ required: true, message: t('field.choose', { label }) }];

  return (
    <Modal
      open
      title={rule ? t('dispatch.rule.formEdit', { version: rule.version }) : t('dispatch.rule.formCreate')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'rule-submit' } as ButtonProps}
      destroyOnHidden
      width={640}
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="rule-error"
          style={{ marginBottom: 16 }}
          title={failure.message}
          action={
            failure.kind === 'stale' ? (
              <Button size="small" onClick={onStale}>
                {t('dispatch.rule.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form<TRuleFormValues>
        form={form}
        layout="vertical"
        name="dispatch-rule"
        initialValues={ruleToForm(rule)}
        disabled={saving}
      >
        <Form.Item
          name="categoryId"
          label={t('dispatch.rule.category')}
          rules={required(t('dispatch.rule.category'))}
        >
          <CategoryTreeSelect />
        </Form.Item>
        <Form.Item
          name="districtId"
          label={t('dispatch.rule.district')}
          extra={t('dispatch.rule.districtHint')}
        >
          <Select
            allowClear
            placeholder={t('dispatch.rule.allDistricts')}
            loading={units.loading}
            options={districts.map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="line" label={t('dispatch.rule.line')} extra={t('dispatch.rule.lineHint')}>
          <Select
            allowClear
            placeholder={t('dispatch.rule.allLines')}
            options={LINES.map((l) => ({ value: l, label: lineLabel(l, lang) }))}
          />
        </Form.Item>
        <Form.Item
          name="leadUnitId"
          label={t('dispatch.rule.lead')}
          rules={required(t('dispatch.rule.lead'))}
        >
          <UnitTreeSelect />
        </Form.Item>
        <Form.Item
          name="assistingUnitIds"
          label={t('dispatch.rule.assisting')}
          extra={t('dispatch.rule.assistingHint')}
        >
          <UnitTreeSelect multiple maxCount={10} treeDefaultExpandAll={false} />
        </Form.Item>
        <Form.Item name="note" label={t('dispatch.rule.note')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
