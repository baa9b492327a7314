import type { TDispatchSettings } from '@hotline/shared';
import { Alert, App, Button, Form, InputNumber, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useLoad } from '../polls/useLoad';
import { catalogueApi } from './dispatchApi';
import { formToSettings, settingsToForm, type TSettingsFormValues } from './settingsForm';

type TField = {
  name: keyof TDispatchSettings;
  min: number;
  max: number;
  step: number;
  /** Whole days only; the others take a decimal (½ a working day, 87.5%). */
  integer?: boolean;
  unit?: '%';
};

/** Bounds as in ZDispatchSettings (ratios shown as percentages). */
const FIELDS: readonly TField[] = [
  { name: 'autoDispatchMinConfidence', min: 0, max: 100, step: 1, unit: '%' },
  { name: 'returnWindowDays', min: 0, max: 30, step: 0.5 },
  { name: 'extensionCapDays', min: 0, max: 60, step: 1, integer: true },
  { name: 'duplicateWindowDays', min: 1, max: 90, step: 1, integer: true },
  { name: 'duplicateMinSimilarity', min: 10, max: 100, step: 5, unit: '%' },
];

/** 派单设置: thresholds and windows the city tunes at run time, each with what it does. */
export function SettingsTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TSettingsFormValues>();
  const [saving, setSaving] = useState(false);
  const settings = useLoad('dispatch-settings', (signal) => catalogueApi.settings(signal));

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settingsToForm(settings.data));
  }, [form, settings.data]);

  const save = async (values: TSettingsFormValues) => {
    setSaving(true);
    try {
      const saved = await catalogueApi.saveSettings(formToSettings(values));
      form.setFieldsValue(settingsToForm(saved));
      void message.success(t('dispatch.settings.savedOk'));
      settings.reload(); // so that 还原 goes back to what was saved
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  if (settings.loading && !settings.data) return <Spin />;
  if (settings.error != null && !settings.data)
    return <Alert type="error" showIcon title={errorMessage(settings.error, t)} />;

  return (
    <Form<TSettingsFormValues>
      form={form}
      layout="vertical"
      name="dispatch-settings"
      style={{ maxWidth: 640 }}
      disabled={!editable || saving}
      onFinish={(v) => void save(v)}
    >
      {!editable && (
        <Alert type="info" showIcon title={t('dispatch.readOnly')} style={{ marginBottom: 16 }} />
      )}
      {FIELDS.map((f) => (
        <Form.Item
          key={f.name}
          name={f.name}
          label={t(`dispatch.settings.${f.name}`)}
          extra={t(`dispatch.settings.${f.name}Help`)}
          rules={[
            { required: true, message: t('field.required', { label: t(`dispatch.settings.${f.name}`) }) },
          ]}
        >
          <InputNumber
            min={f.min}
            max={f.max}
            step={f.step}
            precision={f.integer ? 0 : undefined}
            suffix={f.unit}
            style={{ width: 180 }}
          />
        </Form.Item>
      ))}
      {editable && (
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
            {t('dispatch.settings.save')}
          </Button>
          <Button
            htmlType="button"
            onClick={() => settings.data && form.setFieldsValue(settingsToForm(settings.data))}
          >
            {t('dispatch.settings.reset')}
          </Button>
        </Space>
      )}
    </Form>
  );
}
