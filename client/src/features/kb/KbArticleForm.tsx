import { isUnitRole } from '@hotline/shared';
import { Alert, App, Col, DatePicker, Form, Input, Modal, Row } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { isApiError } from '../../api/http';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { CategoryTreeSelect, UnitTreeSelect } from '../tickets/common/RefTreeSelect';
import { KbBodyEditor } from './KbBodyEditor';
import { kbApi } from './kbApi';
import { htmlToMarkup, markupToHtml } from './kbText';
import type { TKbArticle, TKbProposalInput } from '@hotline/shared';

type TValues = {
  title: string;
  categoryIds?: string[];
  effectiveFrom: Dayjs;
  expiresOn?: Dayjs | null;
  ownerUnitId?: string;
  body: string;
};

const DAY = 'YYYY-MM-DD';

/** The request body from the form: dates as calendar days, the body's markup as HTML. */
export function toArticleInput(v: TValues, withOwner: boolean): TKbProposalInput {
  return {
    title: v.title.trim(),
    bodyHtml: markupToHtml(v.body),
    categoryIds: v.categoryIds ?? [],
    effectiveFrom: v.effectiveFrom.format(DAY),
    expiresOn: v.expiresOn ? v.expiresOn.format(DAY) : null,
    ...(withOwner && v.ownerUnitId ? { ownerUnitId: v.ownerUnitId } : {}),
  };
}

/**
 * New article, or a proposed edit of `article`. Either way nothing is published yet: the
 * proposal waits for the hotline's review. A unit writes for itself; the hotline may name the
 * owning unit of a new article.
 */
export function KbArticleForm({
  article,
  onClose,
  onSaved,
}: {
  article?: TKbArticle;
  onClose: () => void;
  onSaved: (articleId: string) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<TValues>();
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const choosesOwner = !article && !isUnitRole(user.role);

  const initial: Partial<TValues> = article
    ? {
        title: article.title,
        categoryIds: article.categoryIds,
        effectiveFrom: dayjs(article.effectiveFrom),
        expiresOn: article.expiresOn ? dayjs(article.expiresOn) : null,
        body: htmlToMarkup(article.bodyHtml),
      }
    : { effectiveFrom: dayjs().startOf('day'), categoryIds: [], body: '' };

  const save = async () => {
    let values: TValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setConflict(null);
    try {
      const input = toArticleInput(values, choosesOwner);
      if (article) {
        await kbApi.propose(article.id, { ...input, baseVersion: article.version });
        void message.success(t('kb.form.proposed'));
        onSaved(article.id);
      } else {
        const res = await kbApi.create(input);
        void message.success(t('kb.form.created'));
        onSaved(res.article.id);
      }
    } catch (err) {
      // 409: someone proposed first, or the article moved on since it was opened.
      if (isApiError(err) && err.status === 409) setConflict(errorMessage(err, t));
      else void message.error(errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  const required = (label: string) => [
    { required: true, whitespace: true, message: t('field.required', { label }) },
  ];

  return (
    <Modal
      open
      width={820}
      title={article ? t('kb.form.proposeTitle', { title: article.title }) : t('kb.form.newTitle')}
      okText={article ? t('kb.form.submitProposal') : t('kb.form.submitNew')}
      onOk={() => void save()}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('kb.form.reviewHint')} />
      {conflict && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={conflict} />}
      <Form<TValues> form={form} layout="vertical" initialValues={initial} disabled={saving}>
        <Form.Item name="title" label={t('kb.form.title')} rules={required(t('kb.form.title'))}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={choosesOwner ? 12 : 24}>
            <Form.Item name="categoryIds" label={t('kb.categories')}>
              <CategoryTreeSelect multiple treeCheckable={false} />
            </Form.Item>
          </Col>
          {choosesOwner && (
            <Col xs={24} md={12}>
              <Form.Item name="ownerUnitId" label={t('kb.owner')} extra={t('kb.form.ownerHint')}>
                <UnitTreeSelect />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="effectiveFrom"
              label={t('kb.form.effectiveFrom')}
              rules={[{ required: true, message: t('field.choose', { label: t('kb.form.effectiveFrom') }) }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="expiresOn"
              label={t('kb.form.expiresOn')}
              extra={t('kb.form.expiresHint')}
              dependencies={['effectiveFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v?: Dayjs | null) => {
                    const from = getFieldValue('effectiveFrom') as Dayjs | undefined;
                    return !v || !from || v.isAfter(from, 'day')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('kb.form.expiresBeforeFrom')));
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="body" label={t('kb.form.body')} rules={required(t('kb.form.body'))}>
          <KbBodyEditor />
        </Form.Item>
      </Form>
    </Modal>
  );
}
