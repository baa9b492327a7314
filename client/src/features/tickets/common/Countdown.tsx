import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import type { TDeadlineKind } from '@hotline/shared';
import { useI18n } from '../../../i18n/useI18n';
import { formatDateTime, formatDuration } from './format';
import { DUE_COLORS, dueState } from './dueState';
import { useNow } from './useNow';

type TCountdownProps = {
  dueAt: string | null;
  overdue?: boolean;
  kind?: TDeadlineKind | null;
  /** Show the kind of deadline (签收 / 办结 / 回访) before the time. */
  showKind?: boolean;
};

/** A live countdown to a deadline: green, orange under two hours, red once overdue. */
export function Countdown({ dueAt, overdue = false, kind, showKind = false }: TCountdownProps) {
  const { t } = useI18n();
  const now = useNow();
  const state = dueState(dueAt, now, overdue);
  if (!dueAt) {
    return (
      <span data-testid="countdown" data-state="none" className="countdown">
        {t('due.none')}
      </span>
    );
  }
  const left = new Date(dueAt).getTime() - now;
  const time = formatDuration(left, t);
  const text = left <= 0 ? t('due.overdue', { time }) : t('due.remaining', { time });
  return (
    <span
      data-testid="countdown"
      data-state={state}
      className={`countdown countdown-${state}`}
      style={{ color: DUE_COLORS[state] }}
      title={formatDateTime(dueAt)}
    >
      {state === 'overdue' ? <ExclamationCircleOutlined /> : <ClockCircleOutlined />}{' '}
      {showKind && kind ? <span className="countdown-kind">{t(`due.kind.${kind}`)}</span> : null}
      {text}
    </span>
  );
}
