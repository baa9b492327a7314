import { FlagFilled, LockOutlined } from '@ant-design/icons';
import {
  STATUS_LABELS,
  URGENCY_LABELS,
  type TSupervisionLevel,
  type TTicketStatus,
  type TUrgency,
} from '@hotline/shared';
import { Tag } from 'antd';
import { useI18n } from '../../../i18n/useI18n';

const STATUS_COLORS: Record<TTicketStatus, string> = {
  draft: 'default',
  registered: 'blue',
  dispatched: 'geekblue',
  returned: 'magenta',
  in_progress: 'cyan',
  replied: 'purple',
  reopened: 'volcano',
  resolved: 'green',
  closed: 'default',
  suspended: 'gold',
  merged: 'default',
};

export function StatusTag({ status }: { status: TTicketStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="status-tag" data-status={status}>
      {label(STATUS_LABELS[status])}
    </Tag>
  );
}

const URGENCY_COLORS: Record<TUrgency, string> = { normal: 'default', urgent: 'orange', critical: 'red' };

export function UrgencyTag({ urgency }: { urgency: TUrgency }) {
  const { label } = useI18n();
  return (
    <Tag color={URGENCY_COLORS[urgency]} variant={urgency === 'normal' ? 'outlined' : 'solid'}>
      {label(URGENCY_LABELS[urgency])}
    </Tag>
  );
}

const SUPERVISION_COLORS: Record<TSupervisionLevel, string> = { normal: 'blue', yellow: 'gold', red: 'red' };

/** 督办 must catch the eye in a long list: a flag, and the red card solid. */
export function SupervisionTag({ level }: { level: TSupervisionLevel | null }) {
  const { t } = useI18n();
  if (!level) return null;
  return (
    <Tag
      icon={<FlagFilled />}
      color={SUPERVISION_COLORS[level]}
      variant={level === 'red' ? 'solid' : 'filled'}
      className="supervision-tag"
      data-testid="supervision-tag"
      data-level={level}
    >
      {t(`supervision.${level}`)}
    </Tag>
  );
}

export function ConfidentialTag({ confidential }: { confidential: boolean }) {
  const { t } = useI18n();
  if (!confidential) return null;
  return (
    <Tag icon={<LockOutlined />} color="red" variant="outlined">
      {t('list.confidential')}
    </Tag>
  );
}
