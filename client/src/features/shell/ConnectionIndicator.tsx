import { Badge, Tooltip } from 'antd';
import { useI18n } from '../../i18n/useI18n';
import { useSocket } from '../../realtime/useSocket';

const BADGE = { connected: 'success', connecting: 'processing', disconnected: 'error' } as const;

export function ConnectionIndicator({ collapsed = false }: { collapsed?: boolean }) {
  const { t } = useI18n();
  const { status } = useSocket();
  const text = t(`rt.${status}`);
  return (
    <Tooltip title={collapsed ? text : undefined} placement="right">
      <span
        className="connection-indicator"
        data-testid="connection"
        data-status={status}
        role="status"
        aria-live="polite"
      >
        <Badge status={BADGE[status]} text={collapsed ? undefined : text} />
      </span>
    </Tooltip>
  );
}
