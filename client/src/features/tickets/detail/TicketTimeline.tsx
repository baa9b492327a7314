import {
  EVENT_LABELS,
  ROLE_LABELS,
  SATISFACTION_LABELS,
  STATUS_LABELS,
  type TDeadlineKind,
  type TSatisfaction,
  type TSupervisionLevel,
  type TTicketEventType,
  type TTimelineEntry,
} from '@hotline/shared';
import { Empty, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { TMessageKey } from '../../../i18n/zh';
import { useI18n } from '../../../i18n/useI18n';
import { formatDateTime, formatDateTimeSeconds } from '../common/format';
import { eventRows, type TDetailRow } from './eventDetails';

const RED: TTicketEventType[] = [
  'ticket.returned',
  'ticket.reply_rejected',
  'ticket.reopened',
  'ticket.deadline_breached',
];
const ORANGE: TTicketEventType[] = [
  'ticket.deadline_warning',
  'ticket.supervised',
  'ticket.extension_requested',
  'ticket.suspended',
  'ticket.chased',
  'ticket.return_rejected',
  'ticket.reply_submitted',
  'ticket.draft_returned',
];
const GRAY: TTicketEventType[] = [
  'ticket.created',
  'ticket.routing_suggested',
  'ticket.duplicates_suggested',
];
const GREEN: TTicketEventType[] = [
  'ticket.answered',
  'ticket.reply_approved',
  'ticket.closed',
  'ticket.signed',
  'ticket.reply_signed_off',
];

function colorOf(type: TTicketEventType): string {
  if (RED.includes(type)) return 'red';
  if (ORANGE.includes(type)) return 'orange';
  if (GREEN.includes(type)) return 'green';
  if (GRAY.includes(type)) return 'gray';
  return 'blue';
}

const TEXT_KEYS: [string, TMessageKey][] = [
  ['reason', 'tl.reason'],
  ['answer', 'tl.answer'],
  ['content', 'tl.content'],
  ['comment', 'tl.comment'],
  ['note', 'tl.note'],
  ['days', 'tl.days'],
  ['unitName', 'tl.unit'],
  ['toUnitName', 'tl.unit'],
  ['parentNo', 'tl.parent'],
];

/** Names out of `['a', 'b']` or `[{ name: 'a' }, { unitName: 'b' }]`. */
function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((v: unknown) => {
      if (typeof v === 'string') return v;
      const o = (v ?? {}) as { name?: unknown; unitName?: unknown };
      return typeof o.name === 'string' ? o.name : typeof o.unitName === 'string' ? o.unitName : null;
    })
    .filter((v): v is string => Boolean(v));
}

/** The details worth reading in an event's payload; anything else (ids, internals) stays hidden. */
export function PayloadDetails({
  type,
  payload,
  ticketId,
}: {
  type: TTicketEventType;
  payload: Record<string, unknown>;
  /** Lets attachments link to their download route. */
  ticketId?: string;
}) {
  const { t, label } = useI18n();
  const special = eventRows(type, payload, { t, label, ticketId });
  const rows: TDetailRow[] = [...special.rows];
  const yesNo = (v: unknown) => (v ? t('common.yes') : t('common.no'));
  const add = (key: string, name: TMessageKey, value: ReactNode) => {
    if (!special.handled.has(key)) rows.push({ key, name: t(name), value });
  };

  for (const [key, name] of TEXT_KEYS) {
    const v = payload[key];
    if ((typeof v === 'string' && v) || typeof v === 'number') add(key, name, String(v));
  }
  const assisting = [...names(payload.assistingUnitNames), ...names(payload.assisting)];
  if (assisting.length) add('assisting', 'tl.assisting', assisting.join('、'));
  const suggested = names(payload.suggestions);
  if (suggested.length) add('suggestions', 'tl.suggested', suggested.join('、'));
  if (payload.assist === true) add('assist', 'tl.assist', t('common.yes'));
  const satisfaction = payload.satisfaction;
  if (typeof satisfaction === 'string' && satisfaction in SATISFACTION_LABELS) {
    add('satisfaction', 'tl.satisfaction', label(SATISFACTION_LABELS[satisfaction as TSatisfaction]));
  }
  if (typeof payload.solved === 'boolean') add('solved', 'tl.solved', yesNo(payload.solved));
  if (typeof payload.resolved === 'boolean') add('resolved', 'tl.resolved', yesNo(payload.resolved));
  const level = payload.level;
  if (level === 'normal' || level === 'yellow' || level === 'red') {
    add('level', 'tl.level', t(`supervision.${level as TSupervisionLevel}`));
  }
  const kind = payload.kind;
  if (kind === 'sign' || kind === 'reply' || kind === 'callback') {
    add('kind', 'tl.deadlineKind', t(`due.kind.${kind as TDeadlineKind}`));
  }
  const due = payload.newDueAt ?? payload.dueAt;
  if (typeof due === 'string') add('due', 'tl.dueAt', formatDateTime(due));

  if (!rows.length) return null;
  return (
    <dl className="timeline-payload">
      {rows.map((r) => (
        <div key={r.key} className="timeline-payload-row">
          <dt>{r.name}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function TicketTimeline({ entries, ticketId }: { entries: TTimelineEntry[]; ticketId?: string }) {
  const { t, label } = useI18n();
  if (!entries.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tl.empty')} />;

  return (
    <div data-testid="ticket-timeline">
      <Timeline
        items={entries.map((e) => {
          const role = e.actorRole && e.actorRole !== 'system' ? label(ROLE_LABELS[e.actorRole]) : null;
          const actor = e.actorName ?? (e.actorRole === 'system' || !e.actorRole ? t('tl.system') : '');
          return {
            key: e.id,
            color: colorOf(e.type),
            content: (
              <div className="timeline-entry" data-testid={`timeline-${e.type}`}>
                <div className="timeline-title">
                  <Typography.Text strong>{label(EVENT_LABELS[e.type]) || e.type}</Typography.Text>
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12 }}
                    title={formatDateTimeSeconds(e.createdAt)}
                  >
                    {formatDateTime(e.createdAt)}
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[actor, role, e.unitName].filter(Boolean).join(' · ')}
                  {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
                    <span className="timeline-status">
                      {label(STATUS_LABELS[e.fromStatus])} → {label(STATUS_LABELS[e.toStatus])}
                    </span>
                  ) : null}
                </Typography.Text>
                <PayloadDetails type={e.type} payload={e.payload ?? {}} ticketId={ticketId} />
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
