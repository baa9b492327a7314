import { PlusOutlined } from '@ant-design/icons';
import {
  PORTAL_IMAGE_TYPES,
  PORTAL_LINES,
  PORTAL_MAX_IMAGES,
  PORTAL_MAX_IMAGE_BYTES,
  TICKET_TYPES,
  TYPE_LABELS,
  ZPhone,
  type TPortalCaptcha,
  type TPortalCategoriesResponse,
  type TPortalSubmitResponse,
  type TTicketType,
} from '@hotline/shared';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { isApiError } from '../../api/http';
import { lineLabel } from '../../i18n/labels';
import { useI18n } from '../../i18n/useI18n';
import { fieldErrors, fileToBase64, newPortalKey, portalApi } from './portalApi';
import { PortalCaptcha } from './PortalCaptcha';
import { PortalSuccess } from './PortalSuccess';

type TValues = {
  line: (typeof PORTAL_LINES)[number];
  type: TTicketType;
  categoryId?: string;
  title?: string;
  description: string;
  address: string;
  phone: string;
  name?: string;
  captchaAnswer?: string;
};

/** Server field names → form field names (images.<i> all go to the upload). */
const FORM_FIELDS = [
  'line',
  'type',
  'categoryId',
  'title',
  'description',
  'address',
  'phone',
  'name',
  'captchaAnswer',
];

export function PortalSubmitPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TValues>();
  const [groups, setGroups] = useState<TPortalCategoriesResponse['groups']>([]);
  const [captcha, setCaptcha] = useState<TPortalCaptcha | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<TPortalSubmitResponse | null>(null);
  const [pending, setPending] = useState(false);
  // One key per request being written: pressing Submit again after a lost answer files nothing twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newPortalKey);

  const refreshCaptcha = useCallback(() => {
    form.setFieldValue('captchaAnswer', undefined);
    portalApi.captcha().then(setCaptcha, (err: unknown) => {
      setCaptcha(null);
      void message.error(
        isApiError(err) && err.status === 503 ? t('portal.errorUnavailable') : errorMessage(err, t),
      );
    });
  }, [form, message, t]);

  useEffect(() => {
    portalApi.categories().then(
      (r) => setGroups(r.groups),
      () => setGroups([]),
    );
    refreshCaptcha();
  }, [refreshCaptcha]);

  const beforeUpload = (file: File) => {
    if (!(PORTAL_IMAGE_TYPES as readonly string[]).includes(file.type)) {
      void message.error(t('portal.imageWrongType', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    if (file.size > PORTAL_MAX_IMAGE_BYTES) {
      void message.error(t('portal.imageTooLarge', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    return false; // kept in the list, sent with the form
  };

  const showError = (err: unknown) => {
    const fields = fieldErrors(err);
    const known = Object.entries(fields).filter(([k]) => FORM_FIELDS.includes(k));
    if (known.length)
      form.setFields(known.map(([name, errors]) => ({ name: name as keyof TValues, errors })));
    if (!isApiError(err)) return void message.error(errorMessage(err, t));
    if (err.status === 429) {
      const wait = Number((err.details as { retryAfter?: number } | null)?.retryAfter ?? 60);
      return void message.error(t('portal.errorRateLimited', { minutes: Math.max(1, Math.ceil(wait / 60)) }));
    }
    if (err.status === 503) return void message.error(t('portal.errorUnavailable'));
    if (fields.captchaAnswer) return void message.error(t('portal.errorCaptcha'));
    if (err.status === 400 || err.status === 413)
      return void message.error(err.message || t('portal.errorInvalid'));
    void message.error(errorMessage(err, t));
  };

  const submit = async (values: TValues) => {
    setSubmitting(true);
    setPending(false);
    try {
      const images = await Promise.all(
        files.map(async (f) => ({
          filename: f.name,
          dataBase64: await fileToBase64(f.originFileObj as Blob),
        })),
      );
      const res = await portalApi.submit(
        {
          ...values,
          captchaId: captcha?.enabled ? captcha.captchaId : undefined,
          captchaAnswer: captcha?.enabled ? values.captchaAnswer : undefined,
          images,
        },
        idempotencyKey,
      );
      if (res.trackingNo) {
        setResult(res);
        window.scrollTo?.({ top: 0 });
      } else {
        setPending(true);
      }
    } catch (err) {
      showError(err);
    } finally {
      setSubmitting(false);
      refreshCaptcha();
    }
  };

  if (result) {
    return (
      <PortalSuccess
        result={result}
        onAnother={() => {
          form.resetFields();
          setFiles([]);
          setResult(null);
          setIdempotencyKey(newPortalKey());
        }}
      />
    );
  }

  return (
    <Card title={t('portal.navSubmit')}>
      {pending && (
        <Alert type="warning" showIcon title={t('portal.pendingHint')} style={{ marginBottom: 16 }} />
      )}
      <Form<TValues>
        form={form}
        layout="vertical"
        initialValues={{ line: '12345' }}
        onFinish={(v) => void submit(v)}
        disabled={submitting}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="line" label={t('portal.line')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={PORTAL_LINES.map((l) => ({ value: l, label: lineLabel(l, lang) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="type"
              label={t('portal.type')}
              rules={[{ required: true, message: t('field.choose', { label: t('portal.type') }) }]}
            >
              <Select options={TICKET_TYPES.map((ty) => ({ value: ty, label: label(TYPE_LABELS[ty]) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="categoryId" label={t('portal.category')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('portal.categoryPlaceholder')}
            options={groups.map((g) => ({
              label: g.name,
              title: g.name,
              options: g.items.map((c) => ({ value: c.id, label: c.name })),
            }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('portal.titleField')}>
          <Input maxLength={100} placeholder={t('portal.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('portal.description')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('field.required', { label: t('portal.description') }),
            },
            { min: 10, message: t('portal.descriptionMin') },
          ]}
        >
          <Input.TextArea
            rows={6}
            maxLength={2000}
            showCount
            placeholder={t('portal.descriptionPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('portal.address')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 2,
              message: t('field.required', { label: t('portal.address') }),
            },
          ]}
        >
          <Input maxLength={300} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="phone"
              label={t('portal.phone')}
              rules={[
                { required: true, message: t('field.required', { label: t('portal.phone') }) },
                {
                  validator: (_, v?: string) =>
                    !v || ZPhone.safeParse(v).success
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('portal.phoneInvalid'))),
                },
              ]}
            >
              <Input inputMode="tel" maxLength={20} autoComplete="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('portal.name')}>
              <Input maxLength={50} placeholder={t('portal.optional')} autoComplete="name" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('portal.images')} extra={t('portal.imagesHint')}>
          <Upload
            listType="picture-card"
            accept={PORTAL_IMAGE_TYPES.join(',')}
            multiple
            maxCount={PORTAL_MAX_IMAGES}
            fileList={files}
            beforeUpload={beforeUpload}
            onChange={({ fileList }) => setFiles(fileList.slice(0, PORTAL_MAX_IMAGES))}
          >
            {files.length < PORTAL_MAX_IMAGES && (
              <div>
                <PlusOutlined />
                <div style={{ marginTop: 8 }}>{t('portal.upload')}</div>
              </div>
            )}
          </Upload>
        </Form.Item>
        {captcha?.enabled !== false && (
          <Form.Item
            name="captchaAnswer"
            label={t('portal.captcha')}
            rules={[{ required: true, whitespace: true, message: t('portal.captchaRequired') }]}
          >
            <PortalCaptcha captcha={captcha} onRefresh={refreshCaptcha} />
          </Form.Item>
        )}
        <Typography.Paragraph type="secondary">{t('portal.privacy')}</Typography.Paragraph>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          loading={submitting}
          data-testid="portal-submit"
        >
          {t('portal.submit')}
        </Button>
      </Form>
    </Card>
  );
}
