import type { TTicketAction, TTicketDetail } from '@hotline/shared';
import { Alert, Modal, Spin } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/errorMessage';
import { ticketsApi } from '../../api/endpoints';
import { useI18n } from '../../i18n/useI18n';
import { useCurrentUser } from '../auth/useSession';
import { useLoad } from '../polls/useLoad';
import type { TActionPreset } from '../tickets/actions/actionBody';
import { ActionModal } from '../tickets/actions/ActionModal';

type TProps = {
  ticketId: string;
  action: TTicketAction;
  onClose: () => void;
  /** After a successful action, with the ticket the server returned. */
  onDone: (ticket: TTicketDetail) => void;
};

/**
 * Opens a lifecycle action's own dialog from a queue row: a row is a summary, so the ticket (its
 * current version and the actions the server allows now) is read first. An action the ticket no
 * longer allows is said so instead of failing on submit.
 */
export function TicketActionLauncher({ ticketId, action, onClose, onDone }: TProps) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const [attempt, setAttempt] = useState(0);
  const [current, setCurrent] = useState<{ action: TTicketAction; preset?: TActionPreset }>({ action });
  const detail = useLoad(`launch:${ticketId}:${attempt}`, (signal) => ticketsApi.get(ticketId, signal));
  const title = `${t(`action.${current.action}`)}`;

  if (!detail.data) {
    return (
      <Modal open title={title} footer={null} onCancel={onClose}>
        {detail.error != null ? (
          <Alert type="error" showIcon title={errorMessage(detail.error, t)} />
        ) : (
          <Spin description={t('wb.loadingTicket')}>
            <div style={{ minHeight: 80 }} />
          </Spin>
        )}
      </Modal>
    );
  }
  const { ticket, assignments, availableActions } = detail.data;
  if (!availableActions.includes(current.action)) {
    return (
      <Modal open title={`${title} · ${ticket.no}`} footer={null} onCancel={onClose}>
        <Alert type="warning" showIcon title={t('wb.unavailable')} data-testid="action-unavailable" />
      </Modal>
    );
  }
  // 审核签发 starts from the unit's own draft, as on the ticket page.
  const awaiting = assignments.find(
    (a) => a.status === 'awaiting_signoff' && a.unitId === user.unitId && a.draftReplyContent,
  );
  const preset =
    current.preset ??
    (current.action === 'signoff-reply' && awaiting
      ? {
          draft: {
            content: awaiting.draftReplyContent ?? '',
            solved: awaiting.draftReplySolved ?? true,
            by: awaiting.draftSubmittedByName ?? null,
          },
        }
      : undefined);
  return (
    <ActionModal
      key={`${current.action}:${current.preset?.parent?.id ?? ''}`}
      action={current.action}
      preset={preset}
      ticket={ticket}
      suggestedUnitId={null}
      canMerge={availableActions.includes('merge')}
      onSwitch={(next, p) => setCurrent({ action: next, preset: p })}
      onClose={onClose}
      onDone={onDone}
      onStale={() => setAttempt((n) => n + 1)}
    />
  );
}
