import { SATISFACTIONS, SATISFACTION_LABELS, type TTicketAction } from '@hotline/shared';
import { Checkbox, Form, Input, InputNumber, Radio, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TMessageKey } from '../../../i18n/zh';
import { useI18n } from '../../../i18n/useI18n';
import { useCurrentUser } from '../../auth/useSession';
import { SubunitTreeSelect, UnitTreeSelect } from '../common/RefTreeSelect';
import type { TActionPreset } from './actionBody';
import { ParentTicketSelect } from './ParentTicketSelect';
import { ReplyAttachmentsField } from './ReplyAttachmentsField';

const REASON_ACTIONS: readonly TTicketAction[] = [
  'return',
  'reject-reply',
  'reopen',
  'reject-extension',
  'suspend',
  'return-draft',
];

type TProps = {
  action: TTicketAction;
  ticketId: string;
  suggestedUnit: boolean;
  confirmText: string;
  preset?: TActionPreset;
};

/** The form fields of one lifecycle action (the inputs of its ZActionSchemas entry). */
export function ActionFields({ action, ticketId, suggestedUnit, confirmText, preset }: TProps) {
  const { t, label } = useI18n();
  const user = useCurrentUser();
  const required = (key: TMessageKey, extra: Rule[] = []): Rule[] => [
    { required: true, whitespace: true, message: t('field.required', { label: t(key) }) },
    ...extra,
  ];
  const note = (
    <Form.Item name="note" label={t('field.note')}>
      <Input.TextArea rows={2} maxLength={2000} />
    </Form.Item>
  );

  if (REASON_ACTIONS.includes(action)) {
    return (
      <Form.Item name="reason" label={t('field.reason')} rules={required('field.reason', [{ min: 2 }])}>
        <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
      </Form.Item>
    );
  }

  switch (action) {
    case 'reject-return':
      return (
        <Form.Item
          name="reason"
          label={t('field.rejectReturnReason')}
          extra={t('field.rejectReturnHint')}
          rules={required('field.rejectReturnReason', [{ min: 2 }])}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
        </Form.Item>
      );
    case 'subdispatch':
      return (
        <>
          <Form.Item
            name="unitId"
            label={t('field.subunit')}
            extra={t('field.subunitHint', { unit: user.unitName })}
            rules={[{ required: true, message: t('field.choose', { label: t('field.subunit') }) }]}
          >
            <SubunitTreeSelect rootId={user.unitId} />
          </Form.Item>
          {note}
        </>
      );
    case 'chase':
      return (
        <Form.Item name="message" label={t('field.chaseMessage')}>
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            autoFocus
            placeholder={t('field.chasePlaceholder')}
          />
        </Form.Item>
      );
    case 'answer':
      return (
        <Form.Item name="answer" label={t('field.answer')} rules={required('field.answer')}>
          <Input.TextArea rows={4} maxLength={5000} showCount autoFocus />
        </Form.Item>
      );
    case 'dispatch':
    case 'redispatch':
      return (
        <>
          <Form.Item
            name="unitId"
            label={t('field.unit')}
            rules={[{ required: true, message: t('field.choose', { label: t('field.unit') }) }]}
            extra={suggestedUnit ? t('field.suggestedUnit') : undefined}
          >
            <UnitTreeSelect />
          </Form.Item>
          <Form.Item name="assistingUnitIds" label={t('field.assisting')}>
            <UnitTreeSelect multiple maxCount={10} treeDefaultExpandAll={false} />
          </Form.Item>
          {note}
        </>
      );
    case 'reply':
    case 'signoff-reply':
      return (
        <>
          {action === 'signoff-reply' && (
            <Typography.Paragraph type="secondary">
              {preset?.draft?.by
                ? t('field.signoffHint', { name: preset.draft.by })
                : t('field.signoffHintAnon')}
            </Typography.Paragraph>
          )}
          <Form.Item name="content" label={t('field.content')} rules={required('field.content')}>
            <Input.TextArea rows={5} maxLength={10000} showCount autoFocus />
          </Form.Item>
          <Form.Item name="solved" valuePropName="checked">
            <Checkbox>{t('field.solved')}</Checkbox>
          </Form.Item>
          <Form.Item
            name="attachmentIds"
            label={t('field.attachments')}
            extra={t(action === 'signoff-reply' ? 'attachments.signoffHint' : 'attachments.hint')}
          >
            <ReplyAttachmentsField ticketId={ticketId} />
          </Form.Item>
        </>
      );
    case 'callback':
      return (
        <>
          <Form.Item
            name="satisfaction"
            label={t('field.satisfaction')}
            rules={[{ required: true, message: t('field.choose', { label: t('field.satisfaction') }) }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={SATISFACTIONS.map((s) => ({ value: s, label: label(SATISFACTION_LABELS[s]) }))}
            />
          </Form.Item>
          <Form.Item name="resolved" valuePropName="checked">
            <Checkbox>{t('field.resolved')}</Checkbox>
          </Form.Item>
          <Form.Item name="comment" label={t('field.comment')}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </>
      );
    case 'request-extension':
      return (
        <>
          <Form.Item
            name="days"
            label={t('field.days')}
            rules={[{ required: true, message: t('field.required', { label: t('field.days') }) }]}
          >
            <InputNumber min={1} max={10} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="reason" label={t('field.reason')} rules={required('field.reason', [{ min: 2 }])}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </>
      );
    case 'merge':
      return (
        <>
          <Form.Item
            name="parentId"
            label={t('field.parent')}
            rules={[{ required: true, message: t('field.choose', { label: t('field.parent') }) }]}
          >
            <ParentTicketSelect excludeId={ticketId} initialTicket={preset?.parent} />
          </Form.Item>
          {note}
        </>
      );
    case 'supervise':
      return (
        <>
          <Form.Item name="level" label={t('field.level')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={(['normal', 'yellow', 'red'] as const).map((l) => ({
                value: l,
                label: t(`field.level.${l}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('field.supervisionNote')} rules={required('field.supervisionNote')}>
            <Input.TextArea rows={3} maxLength={2000} showCount autoFocus />
          </Form.Item>
        </>
      );
    default:
      return (
        <>
          <Typography.Paragraph>{confirmText}</Typography.Paragraph>
          {note}
        </>
      );
  }
}

/** Initial form values of an action. */
export function initialValues(
  action: TTicketAction,
  suggestedUnitId: string | null,
  preset?: TActionPreset,
): Record<string, unknown> {
  switch (action) {
    case 'merge':
      return { parentId: preset?.parent?.id };
    case 'dispatch':
    case 'redispatch':
      return { unitId: suggestedUnitId ?? undefined, assistingUnitIds: [] };
    case 'reply':
      return { solved: true };
    case 'signoff-reply':
      return { content: preset?.draft?.content, solved: preset?.draft?.solved ?? true };
    case 'callback':
      return { resolved: true };
    case 'request-extension':
      return { days: 3 };
    case 'supervise':
      return { level: 'normal' };
    default:
      return {};
  }
}
