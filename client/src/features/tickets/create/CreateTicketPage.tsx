import { SendOutlined } from '@ant-design/icons';
import {
  CHANNELS,
  CHANNEL_LABELS,
  LINES,
  TICKET_TYPES,
  TYPE_LABELS,
  URGENCIES,
  URGENCY_LABELS,
  ZPhone,
  isConfidentialLine,
} from '@hotline/shared';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
} from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/errorMessage';
import { ticketsApi } from '../../../api/endpoints';
import { lineLabel } from '../../../i18n/labels';
import { useI18n } from '../../../i18n/useI18n';
import { navigate, paths } from '../../../router/router';
import { useCurrentUser } from '../../auth/useSession';
import { CategoryTreeSelect } from '../common/RefTreeSelect';
import { detectDistrict } from '../common/tree';
import { useUnits } from '../common/useReferenceData';
import { canCreateTickets } from '../permissions';
import { buildCreateBody, type TCreateFormValues } from './createBody';
import { EntryAssist, type TEntryDraft } from './EntryAssist';
import { EntryBanners, SavedTicketMessage } from './EntryBanners';
import { TYPE_SEARCH, shortcutLabel } from './entryKeys';
import { assistDraft } from './entryPrivacy';
import { EntryShortcutsHelp, Kbd } from './EntryShortcutsHelp';
import { useEntrySession } from './useEntrySession';
import { useEntryShortcuts } from './useEntryShortcuts';
import { KbSearchPanel } from '../../kb/KbSearchPanel';
import { QuickAnswerSection, useQuickAnswer } from '../../kb/QuickAnswer';

const INITIAL: Partial<TCreateFormValues> = {
  line: '12345',
  channel: 'phone',
  urgency: 'normal',
  confidential: false,
  draft: false,
};

export function CreateTicketPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<TCreateFormValues>();
  const line = Form.useWatch('line', form) ?? '12345';
  const units = useUnits();
  const address = Form.useWatch('address', form);
  const description = Form.useWatch('description', form);
  // 「溧阳市溧城街道…」: the district comes from the address, else from what the caller said.
  const district = detectDistrict(address, units.items) ?? detectDistrict(description, units.items);
  const locked = isConfidentialLine(line);
  // Confidential from the first keystroke: the panels beside the form get no text to send.
  const markedConfidential = Form.useWatch('confidential', form);
  const secret = locked || Boolean(markedConfidential);
  const draft: TEntryDraft = assistDraft(
    {
      line,
      title: Form.useWatch('title', form),
      description,
      address,
      categoryId: Form.useWatch('categoryId', form),
      districtId: district?.id,
      phone: Form.useWatch(['citizen', 'phone'], form),
    },
    secret,
  );
  const [submitting, setSubmitting] = useState(false);
  // 即时办结: an article cited from the knowledge base panel, answered once the ticket exists.
  const quick = useQuickAnswer(form);
  // The ticket being typed (idempotency key, the call it came from) and the start of the next one.
  const entry = useEntrySession(form, quick.clear);
  const { idempotencyKey, fromCall } = entry;
  useEntryShortcuts(
    {
      save: () => void submit(),
      saveAndNew: () => void submit('new'),
      newEntry: entry.newEntry,
    },
    canCreateTickets(user.role),
  );

  if (!canCreateTickets(user.role)) {
    return <Result status="403" title={t('create.forbidden')} />;
  }

  /** 登记; with `new` (登记并新建) the form starts over instead of opening the ticket. */
  const submit = async (then: 'open' | 'new' = 'open') => {
    if (submitting) return;
    let values: TCreateFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const built = buildCreateBody({ ...values, districtId: district?.id }, idempotencyKey);
    if (!built.ok) {
      void message.error(built.error);
      return;
    }
    setSubmitting(true);
    try {
      const { ticket } = await ticketsApi.create(
        fromCall.callId ? { ...built.body, callId: fromCall.callId } : built.body,
      );
      if (quick.answering()) await quick.answer(ticket);
      else if (then === 'new') void message.success(<SavedTicketMessage ticket={ticket} />);
      else void message.success(t('create.success', { no: ticket.no }));
      if (then === 'new') {
        setSubmitting(false);
        entry.savedAndNew(ticket);
      } else navigate(paths.detail(ticket.id));
    } catch (err) {
      void message.error(errorMessage(err, t));
      setSubmitting(false);
    }
  };

  const required = (key: Parameters<typeof t>[0]) => [
    { required: true, whitespace: true, message: t('field.required', { label: t(key) }) },
  ];

  return (
    <Card title={t('create.title')} extra={<EntryShortcutsHelp />}>
      <Row gutter={24} wrap>
        <Col xs={24} xl={16}>
          <Form<TCreateFormValues>
            form={form}
            layout="vertical"
            initialValues={fromCall.phone ? { ...INITIAL, citizen: { phone: fromCall.phone } } : INITIAL}
            onFinish={() => void submit()}
            onValuesChange={(changed: Partial<TCreateFormValues>) => {
              if (changed.line && isConfidentialLine(changed.line)) form.setFieldValue('confidential', true);
            }}
            disabled={submitting}
          >
            <EntryBanners
              confidential={secret}
              reportLine={locked}
              lastSaved={entry.lastSaved}
              onDismissSaved={entry.dismissSaved}
            />
            <Divider titlePlacement="start" plain>
              {t('create.sectionCall')}
            </Divider>
            <Row gutter={16}>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="line" label={t('create.line')} rules={[{ required: true }]}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    options={LINES.map((l) => ({ value: l, label: lineLabel(l, lang) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="channel" label={t('create.channel')} rules={[{ required: true }]}>
                  <Select options={CHANNELS.map((c) => ({ value: c, label: label(CHANNEL_LABELS[c]) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={6}>
                <Form.Item
                  name={['citizen', 'phone']}
                  label={t('create.phone')}
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
              <Col xs={24} md={12} lg={6}>
                <Form.Item name={['citizen', 'name']} label={t('create.name')}>
                  <Input autoComplete="off" maxLength={100} />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start" plain>
              {t('create.sectionTicket')}
            </Divider>
            <Row gutter={16}>
              <Col xs={24} md={12} lg={6}>
                <Form.Item
                  name="type"
                  label={t('create.type')}
                  rules={[{ required: true, message: t('field.choose', { label: t('create.type') }) }]}
                >
                  <Select
                    showSearch={{ optionFilterProp: 'search' }}
                    onSelect={() => entry.advanceFrom('type')}
                    options={TICKET_TYPES.map((ty) => ({
                      value: ty,
                      label: label(TYPE_LABELS[ty]),
                      search: `${TYPE_LABELS[ty].zh} ${TYPE_LABELS[ty].en} ${TYPE_SEARCH[ty]}`,
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} lg={10}>
                <Form.Item name="categoryId" label={t('create.category')}>
                  <CategoryTreeSelect onSelect={() => entry.advanceFrom('categoryId')} />
                </Form.Item>
              </Col>
              <Col xs={24} lg={8}>
                <Form.Item name="urgency" label={t('create.urgency')}>
                  <Radio.Group
                    optionType="button"
                    options={URGENCIES.map((u) => ({ value: u, label: label(URGENCY_LABELS[u]) }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="title" label={t('create.ticketTitle')} rules={required('create.ticketTitle')}>
              <Input maxLength={200} showCount />
            </Form.Item>
            <Form.Item
              name="description"
              label={t('create.description')}
              rules={required('create.description')}
            >
              <Input.TextArea rows={6} maxLength={10000} showCount />
            </Form.Item>
            <Form.Item
              name="address"
              label={t('create.address')}
              extra={district ? t('create.districtDetected', { name: district.name }) : undefined}
            >
              <Input maxLength={500} />
            </Form.Item>
            <Flex gap={24} wrap align="center">
              <Form.Item
                name="confidential"
                valuePropName="checked"
                style={{ marginBottom: 0 }}
                extra={locked ? t('create.confidentialHint') : undefined}
              >
                <Checkbox disabled={locked}>{t('create.confidential')}</Checkbox>
              </Form.Item>
              <Form.Item name="draft" valuePropName="checked" style={{ marginBottom: 0 }}>
                <Checkbox>{t('create.draft')}</Checkbox>
              </Form.Item>
            </Flex>
            {!locked && <QuickAnswerSection quick={quick} onSubmit={submit} />}
            <Flex justify="flex-end" gap={8} style={{ marginTop: 24 }}>
              <Button
                onClick={() => void submit('new')}
                aria-keyshortcuts="Control+Shift+Enter"
                data-testid="create-submit-new"
              >
                {t('entry.saveAndNew')} <Kbd>{shortcutLabel('saveAndNew')}</Kbd>
              </Button>
              <Button
                type="primary"
                htmlType="submit"
                icon={<SendOutlined />}
                loading={submitting}
                aria-keyshortcuts="Control+Enter"
                data-testid="create-submit"
              >
                {t('create.submit')} <Kbd>{shortcutLabel('save')}</Kbd>
              </Button>
            </Flex>
          </Form>
        </Col>
        <Col xs={24} xl={8}>
          {!secret && (
            <KbSearchPanel
              text={`${draft.title ?? ''} ${draft.description ?? ''}`}
              categoryId={draft.categoryId}
              onCite={quick.cite}
            />
          )}
          {!secret && (
            <EntryAssist draft={draft} onPickCategory={(id) => form.setFieldValue('categoryId', id)} />
          )}
        </Col>
      </Row>
    </Card>
  );
}
