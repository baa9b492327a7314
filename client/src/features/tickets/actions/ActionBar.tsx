import type { TTicketAction, TTicketDetail } from '@hotline/shared';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { TActionPreset } from './actionBody';
import { ActionModal } from './ActionModal';

/** Actions that move the ticket forward get the primary style; refusals and interruptions the danger style. */
const PRIMARY: readonly TTicketAction[] = [
  'register',
  'dispatch',
  'sign',
  'redispatch',
  'reply',
  'approve-reply',
  'callback',
  'close',
  'approve-extension',
  'resume',
  'subdispatch',
  'signoff-reply',
];
const DANGER: readonly TTicketAction[] = [
  'return',
  'reject-return',
  'reject-reply',
  'reject-extension',
  'reopen',
  'suspend',
  'return-draft',
];

type TProps = {
  ticket: TTicketDetail;
  actions: readonly TTicketAction[];
  suggestedUnitId: string | null;
  /** The user's own unit's draft awaiting sign-off: pre-fills the manager's 审核签发 form. */
  draft?: TActionPreset['draft'];
  onDone: (ticket: TTicketDetail) => void;
  onStale: () => void;
};

/** One button per action the server says this user may take now, each opening its form. */
export function ActionBar({ ticket, actions, suggestedUnitId, draft, onDone, onStale }: TProps) {
  const { t } = useI18n();
  const [active, setActive] = useState<{ action: TTicketAction; preset?: TActionPreset } | null>(null);

  if (!actions.length) {
    return <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>;
  }

  return (
    <>
      <Space wrap data-testid="action-bar">
        {actions.map((action) => (
          <Button
            key={action}
            data-testid={`action-${action}`}
            type={PRIMARY.includes(action) ? 'primary' : 'default'}
            danger={DANGER.includes(action)}
            onClick={() =>
              setActive({ action, preset: action === 'signoff-reply' && draft ? { draft } : undefined })
            }
          >
            {t(`action.${action}`)}
          </Button>
        ))}
      </Space>
      {active && (
        <ActionModal
          key={`${active.action}:${active.preset?.parent?.id ?? ''}`}
          action={active.action}
          preset={active.preset}
          ticket={ticket}
          suggestedUnitId={suggestedUnitId}
          canMerge={actions.includes('merge')}
          onSwitch={(action, preset) => setActive({ action, preset })}
          onClose={() => setActive(null)}
          onDone={(updated) => {
            setActive(null);
            onDone(updated);
          }}
          onStale={onStale}
        />
      )}
    </>
  );
}
