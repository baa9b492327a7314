import type { TActionInput, TTicketAction, TTicketDetail } from '@hotline/shared';
import { App, Form, Modal, type ButtonProps } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../../api/errorMessage';
import { ticketsApi } from '../../../api/endpoints';
import { isApiError } from '../../../api/http';
import { useI18n } from '../../../i18n/useI18n';
import { DispatchAssist } from '../../dispatch/DispatchAssist';
import {
  buildActionBody,
  validateActionBody,
  type TActionFormValues,
  type TActionPreset,
} from './actionBody';
import { ActionFields, initialValues } from './ActionFields';

type TProps = {
  action: TTicketAction;
  ticket: TTicketDetail;
  suggestedUnitId: string | null;
  preset?: TActionPreset;
  /** Whether the merge action is open to this user now (the duplicates' shortcut). */
  canMerge: boolean;
  /** Closes this form and opens another action's, e.g. merge from a duplicate candidate. */
  onSwitch: (action: TTicketAction, preset: TActionPreset) => void;
  onClose: () => void;
  /** Called with the ticket the server returned after a successful action. */
  onDone: (ticket: TTicketDetail) => void;
  /** Called when the server refused because the ticket changed meanwhile. */
  onStale: () => void;
};

export function ActionModal({
  action,
  ticket,
  suggestedUnitId,
  preset,
  canMerge,
  onSwitch,
  onClose,
  onDone,
  onStale,
}: TProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TActionFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const actionLabel = t(`action.${action}`);
  const dispatching = action === 'dispatch' || action === 'redispatch';
  const unitId = Form.useWatch('unitId', form);

  const submit = async () => {
    let values: TActionFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the field errors
    }
    const body = buildActionBody(action, values, ticket.version);
    const invalid = validateActionBody(action, body);
    if (invalid) {
      void message.error(invalid);
      return;
    }
    setSubmitting(true);
    try {
      // The body was checked against this action's schema just above.
      const res = await ticketsApi.act(ticket.id, action, body as TActionInput<typeof action>);
      void message.success(t('action.done', { action: actionLabel }));
      onDone(res.ticket);
    } catch (err) {
      if (isApiError(err) && err.code === 'STALE_VERSION') {
        void message.warning(t('action.stale'));
        onStale();
        onClose();
      } else {
        void message.error(errorMessage(err, t));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <Modal
      open
      title={`${actionLabel} · ${ticket.no}`}
      okText={actionLabel}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'action-submit' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: !submitting }}
      width={dispatching ? 720 : undefined}
    >
      {dispatching && (
        <DispatchAssist
          ticketId={ticket.id}
          selectedUnitId={unitId}
          canMerge={canMerge}
          onPick={(s) => {
            form.setFieldsValue({ unitId: s.unitId, assistingUnitIds: s.assisting?.map((a) => a.id) ?? [] });
            void message.info(t('suggest.filled', { unit: s.unitName }));
          }}
          onBest={(s) => {
            if (!form.isFieldTouched('unitId')) {
              form.setFieldsValue({
                unitId: s.unitId,
                assistingUnitIds: s.assisting?.map((a) => a.id) ?? [],
              });
            }
          }}
          onMerge={(d) => onSwitch('merge', { parent: { id: d.ticketId, no: d.no, title: d.title } })}
        />
      )}
      <Form<TActionFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues(action, suggestedUnitId, preset)}
        onKeyDown={onKeyDown}
        disabled={submitting}
        name={`action-${action}`}
      >
        <ActionFields
          action={action}
          ticketId={ticket.id}
          suggestedUnit={Boolean(suggestedUnitId)}
          confirmText={t('action.confirm', { no: ticket.no, action: actionLabel })}
          preset={preset}
        />
      </Form>
    </Modal>
  );
}
