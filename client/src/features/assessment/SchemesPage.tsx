import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ASSESSMENT_KPI_LABELS,
  ASSESSMENT_KPIS,
  DEFAULT_ASSESSMENT_CONFIG,
  UNIT_COUNTERS,
  UNIT_KINDS,
  ZAssessmentSchemeInput,
  type TAssessmentScheme,
  type TAssessmentSchemeInput,
} from '@hotline/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/http';
import { errorMessage } from '../../api/errorMessage';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { canEditSchemes, canViewRankings } from './assessmentAccess';
import { assessmentApi } from './assessmentApi';
import { counterKey } from './KpiTicketsModal';
import { useLoad } from './useAssessment';
import './assessment.css';

type TIssue = { path: string; message: string };

/** Empty number fields come back as null: optional values must be absent, not null. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => [k, clean(v)]),
    );
  return value;
}

const NEW_SCHEME: TAssessmentSchemeInput = { name: '', active: true, config: DEFAULT_ASSESSMENT_CONFIG };

/** 考核方案: admins edit KPIs, weights, floors, tiers, bonus/penalty lines and the minimum volume. */
export function SchemesPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const editable = canEditSchemes(user);
  const schemes = useLoad(() => assessmentApi.schemes(), []);
  const [selected, setSelected] = useState<TAssessmentScheme | null | 'new'>(null);
  const [issues, setIssues] = useState<TIssue[]>([]);
  const [form] = Form.useForm();

  const current = selected ?? schemes.data?.items[0] ?? null;
  useEffect(() => {
    setIssues([]);
    form.setFieldsValue(current === 'new' ? NEW_SCHEME : (current ?? NEW_SCHEME));
  }, [current, form]);

  if (!canViewRankings(user)) return <Result status="403" title={t('asmt.forbidden')} />;

  const save = async () => {
    const parsed = ZAssessmentSchemeInput.safeParse(clean(form.getFieldsValue(true)));
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    setIssues([]);
    try {
      const saved =
        current && current !== 'new'
          ? await assessmentApi.updateScheme(current.id, parsed.data)
          : await assessmentApi.createScheme(parsed.data);
      void message.success(t('asmt.schemes.saved'));
      setSelected(saved);
      schemes.reload();
    } catch (err) {
      const fields = isApiError(err)
        ? (err.details as { fields?: Record<string, string[]> } | null)?.fields
        : null;
      if (fields) setIssues(Object.entries(fields).map(([path, m]) => ({ path, message: m.join('; ') })));
      else void message.error(errorMessage(err, t));
    }
  };
  const remove = async () => {
    if (!current || current === 'new') return;
    try {
      await assessmentApi.deleteScheme(current.id);
      setSelected(null);
      schemes.reload();
    } catch (err) {
      void message.error(errorMessage(err, t));
    }
  };

  const num = (
    name: (string | number)[],
    label: string,
    opts: { min?: number; max?: number; step?: number } = {},
  ) => (
    <Form.Item name={name} label={label} style={{ marginBottom: 8 }}>
      <InputNumber min={opts.min} max={opts.max} step={opts.step ?? 1} style={{ width: 120 }} />
    </Form.Item>
  );
  const rate = (name: (string | number)[], label: string) => num(name, label, { min: 0, max: 1, step: 0.01 });

  return (
    <Row gutter={16}>
      <Col span={6}>
        <Card
          size="small"
          title={t('asmt.schemes.title')}
          extra={
            editable && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setSelected('new')}>
                {t('asmt.schemes.new')}
              </Button>
            )
          }
        >
          <ul className="asmt-scheme-list">
            {(schemes.data?.items ?? []).map((s) => (
              <li
                key={s.id}
                onClick={() => setSelected(s)}
                style={{
                  cursor: 'pointer',
                  fontWeight: current !== 'new' && current?.id === s.id ? 600 : 400,
                }}
              >
                {s.name} {!s.active && <Typography.Text type="secondary">（停用）</Typography.Text>}
              </li>
            ))}
          </ul>
        </Card>
      </Col>
      <Col span={18}>
        {!editable && (
          <Alert type="info" showIcon title={t('asmt.schemes.readOnly')} style={{ marginBottom: 12 }} />
        )}
        {issues.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="scheme-issues"
            title={t('asmt.schemes.invalid', { n: issues.length })}
            description={
              <ul>
                {issues.map((i) => (
                  <li key={i.path + i.message}>
                    {i.path}: {i.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <Form form={form} layout="inline" disabled={!editable} data-testid="scheme-form">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Form.Item name="name" label={t('asmt.schemes.name')}>
                <Input style={{ width: 260 }} />
              </Form.Item>
              <Form.Item name="active" label={t('asmt.schemes.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
            <Typography.Text type="secondary">{t('asmt.schemes.rateHint')}</Typography.Text>
            <Card size="small" title={t('asmt.schemes.items')}>
              <Form.List name={['config', 'items']}>
                {(fields, { add, remove: del }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} wrap align="start">
                        <Form.Item
                          name={[f.name, 'kpi']}
                          label={t('asmt.schemes.kpi')}
                          style={{ marginBottom: 8 }}
                        >
                          <Select
                            style={{ width: 140 }}
                            options={ASSESSMENT_KPIS.map((k) => ({
                              value: k,
                              label: ASSESSMENT_KPI_LABELS[k].zh,
                            }))}
                          />
                        </Form.Item>
                        {num([f.name, 'weight'], t('asmt.schemes.weight'), { min: 0 })}
                        {rate([f.name, 'target'], t('asmt.schemes.target'))}
                        {rate([f.name, 'zeroAt'], t('asmt.schemes.zeroAt'))}
                        {rate([f.name, 'floor'], t('asmt.schemes.floor'))}
                        <Button
                          icon={<DeleteOutlined />}
                          onClick={() => del(f.name)}
                          aria-label={t('asmt.schemes.remove')}
                        />
                      </Space>
                    ))}
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ kpi: 'resolutionRate', weight: 10, target: 1 })}
                    >
                      {t('asmt.schemes.add')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
            <Card size="small" title={t('asmt.schemes.tiers')}>
              <Form.List name={['config', 'tiers']}>
                {(fields, { add, remove: del }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} wrap align="start">
                        <Form.Item
                          name={[f.name, 'key']}
                          label={t('asmt.schemes.tierKey')}
                          style={{ marginBottom: 8 }}
                        >
                          <Input style={{ width: 110 }} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'label']}
                          label={t('asmt.schemes.tierLabel')}
                          style={{ marginBottom: 8 }}
                        >
                          <Input style={{ width: 140 }} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'unitKinds']}
                          label={t('asmt.schemes.unitKinds')}
                          style={{ marginBottom: 8 }}
                        >
                          <Select
                            mode="multiple"
                            style={{ width: 220 }}
                            options={UNIT_KINDS.map((k) => ({ value: k, label: k }))}
                          />
                        </Form.Item>
                        {num([f.name, 'fullMarks'], t('asmt.schemes.fullMarks'), { min: 1 })}
                        <Form.Item
                          name={[f.name, 'rollupSubtree']}
                          label={t('asmt.schemes.rollup')}
                          valuePropName="checked"
                          style={{ marginBottom: 8 }}
                        >
                          <Switch />
                        </Form.Item>
                        {num([f.name, 'listSize'], t('asmt.schemes.listSize'), { min: 0, max: 20 })}
                        <Button
                          icon={<DeleteOutlined />}
                          onClick={() => del(f.name)}
                          aria-label={t('asmt.schemes.remove')}
                        />
                      </Space>
                    ))}
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ key: '', label: '', unitKinds: [], fullMarks: 100, listSize: 5 })}
                    >
                      {t('asmt.schemes.add')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
            <Card size="small" title={t('asmt.schemes.adjustments')}>
              <Form.List name={['config', 'adjustments']}>
                {(fields, { add, remove: del }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} wrap align="start">
                        <Form.Item
                          name={[f.name, 'key']}
                          label={t('asmt.schemes.adjKey')}
                          style={{ marginBottom: 8 }}
                        >
                          <Input style={{ width: 110 }} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'label']}
                          label={t('asmt.schemes.adjLabel')}
                          style={{ marginBottom: 8 }}
                        >
                          <Input style={{ width: 120 }} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'counter']}
                          label={t('asmt.schemes.counter')}
                          style={{ marginBottom: 8 }}
                        >
                          <Select
                            style={{ width: 140 }}
                            options={UNIT_COUNTERS.map((c) => ({ value: c, label: t(counterKey(c)) }))}
                          />
                        </Form.Item>
                        {num([f.name, 'pointsEach'], t('asmt.schemes.pointsEach'), {
                          min: -100,
                          max: 100,
                          step: 0.5,
                        })}
                        {rate([f.name, 'allowanceShare'], t('asmt.schemes.allowanceShare'))}
                        {num([f.name, 'cap'], t('asmt.schemes.cap'), { min: 0 })}
                        <Button
                          icon={<DeleteOutlined />}
                          onClick={() => del(f.name)}
                          aria-label={t('asmt.schemes.remove')}
                        />
                      </Space>
                    ))}
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() =>
                        add({
                          key: '',
                          label: '',
                          counter: 'supervisedRed',
                          pointsEach: -1,
                          allowanceShare: 0,
                          cap: 5,
                        })
                      }
                    >
                      {t('asmt.schemes.add')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
            <Space wrap>
              {num(['config', 'maxBonus'], t('asmt.schemes.maxBonus'), { min: 0 })}
              {num(['config', 'maxPenalty'], t('asmt.schemes.maxPenalty'), { min: 0 })}
              {num(['config', 'minReceived'], t('asmt.schemes.minReceived'), { min: 0 })}
              <Form.Item name={['config', 'noData']} label={t('asmt.schemes.noData')}>
                <Select
                  style={{ width: 120 }}
                  options={(['full', 'zero', 'exclude'] as const).map((v) => ({
                    value: v,
                    label: t(`asmt.schemes.noData.${v}`),
                  }))}
                />
              </Form.Item>
            </Space>
            {editable && (
              <Space>
                <Button type="primary" onClick={() => void save()} data-testid="scheme-save">
                  {t('asmt.schemes.save')}
                </Button>
                {current && current !== 'new' && (
                  <Popconfirm title={t('asmt.schemes.deleteConfirm')} onConfirm={() => void remove()}>
                    <Button danger>{t('asmt.schemes.delete')}</Button>
                  </Popconfirm>
                )}
              </Space>
            )}
          </Space>
        </Form>
      </Col>
    </Row>
  );
}
