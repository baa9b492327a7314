import type { THotTopicAlertDto } from '../supervision/hot-topics';
import type { TTicketAction } from './ticket-transitions';
import type { TTicketStatus } from './ticket-status';

/** Named domain events. Stored as ticket_events.type, sent on the outbox, emitted on socket.io. */
export const TICKET_EVENT_TYPES = [
  'ticket.created',
  'ticket.registered',
  'ticket.answered',
  'ticket.dispatched',
  'ticket.signed',
  'ticket.returned',
  'ticket.redispatched',
  'ticket.replied',
  'ticket.reply_approved',
  'ticket.reply_rejected',
  'ticket.callback_recorded',
  'ticket.closed',
  'ticket.reopened',
  'ticket.extension_requested',
  'ticket.extension_approved',
  'ticket.extension_rejected',
  'ticket.merged',
  'ticket.supervised',
  'ticket.suspended',
  'ticket.resumed',
  'ticket.routing_suggested',
  'ticket.deadline_warning',
  'ticket.deadline_breached',
  'ticket.subdispatched',
  'ticket.return_rejected',
  'ticket.chased',
  'ticket.duplicates_suggested',
  'ticket.parent_progressed',
  'ticket.reply_submitted',
  'ticket.reply_signed_off',
  'ticket.draft_returned',
  'ticket.poll_answered',
] as const;
export type TTicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export const ACTION_EVENT: Record<TTicketAction, TTicketEventType> = {
  register: 'ticket.registered',
  answer: 'ticket.answered',
  dispatch: 'ticket.dispatched',
  sign: 'ticket.signed',
  return: 'ticket.returned',
  redispatch: 'ticket.redispatched',
  reply: 'ticket.replied',
  'approve-reply': 'ticket.reply_approved',
  'reject-reply': 'ticket.reply_rejected',
  callback: 'ticket.callback_recorded',
  close: 'ticket.closed',
  reopen: 'ticket.reopened',
  'request-extension': 'ticket.extension_requested',
  'approve-extension': 'ticket.extension_approved',
  'reject-extension': 'ticket.extension_rejected',
  merge: 'ticket.merged',
  supervise: 'ticket.supervised',
  suspend: 'ticket.suspended',
  resume: 'ticket.resumed',
  subdispatch: 'ticket.subdispatched',
  'reject-return': 'ticket.return_rejected',
  chase: 'ticket.chased',
  // The reply leaves the unit; the handler writes 'ticket.reply_signed_off' just before it.
  'signoff-reply': 'ticket.replied',
  'return-draft': 'ticket.draft_returned',
};

export const EVENT_LABELS: Record<TTicketEventType, { zh: string; en: string }> = {
  'ticket.created': { zh: '创建工单', en: 'Created' },
  'ticket.registered': { zh: '登记', en: 'Registered' },
  'ticket.answered': { zh: '即时办结', en: 'Answered on the spot' },
  'ticket.dispatched': { zh: '派单', en: 'Dispatched' },
  'ticket.signed': { zh: '签收', en: 'Signed for' },
  'ticket.returned': { zh: '退单', en: 'Returned' },
  'ticket.redispatched': { zh: '重新派单', en: 'Re-dispatched' },
  'ticket.replied': { zh: '回复', en: 'Replied' },
  'ticket.reply_approved': { zh: '审核通过', en: 'Reply approved' },
  'ticket.reply_rejected': { zh: '审核退回', en: 'Reply rejected' },
  'ticket.callback_recorded': { zh: '回访', en: 'Called back' },
  'ticket.closed': { zh: '归档', en: 'Closed' },
  'ticket.reopened': { zh: '重办', en: 'Reopened' },
  'ticket.extension_requested': { zh: '申请延期', en: 'Extension requested' },
  'ticket.extension_approved': { zh: '同意延期', en: 'Extension approved' },
  'ticket.extension_rejected': { zh: '驳回延期', en: 'Extension rejected' },
  'ticket.merged': { zh: '合并', en: 'Merged' },
  'ticket.supervised': { zh: '督办', en: 'Supervised' },
  'ticket.suspended': { zh: '挂起', en: 'Suspended' },
  'ticket.resumed': { zh: '恢复', en: 'Resumed' },
  'ticket.routing_suggested': { zh: '智能推荐', en: 'Routing suggested' },
  'ticket.deadline_warning': { zh: '即将超期', en: 'Deadline warning' },
  'ticket.deadline_breached': { zh: '已超期', en: 'Deadline breached' },
  'ticket.subdispatched': { zh: '二级派单', en: 'Passed down' },
  'ticket.return_rejected': { zh: '退单驳回', en: 'Return rejected' },
  'ticket.chased': { zh: '催办', en: 'Chased' },
  'ticket.duplicates_suggested': { zh: '疑似重复', en: 'Possible duplicates' },
  'ticket.parent_progressed': { zh: '主工单进展', en: 'Parent ticket progressed' },
  'ticket.reply_submitted': { zh: '回复待签发', en: 'Reply awaiting sign-off' },
  'ticket.reply_signed_off': { zh: '审核签发', en: 'Reply signed off' },
  'ticket.draft_returned': { zh: '退回修改', en: 'Draft returned for revision' },
  'ticket.poll_answered': { zh: '民意调查', en: 'Poll answered' },
};

/** What every realtime ticket message carries: ids and state only, never citizens' personal data. */
export type TTicketRealtimeMessage = {
  type: TTicketEventType;
  ticketId: string;
  ticketNo: string;
  status: TTicketStatus;
  version: number;
  eventId: string;
  at: string;
  actorName: string | null;
  unitIds: string[];
};

export type TPresenceMessage = { ticketId: string; viewers: { userId: string; name: string }[] };

export interface ServerToClientEvents {
  'ticket.event': (msg: TTicketRealtimeMessage) => void;
  presence: (msg: TPresenceMessage) => void;
  'conversation.updated': (msg: { conversationId: string; channel: string; at: string }) => void;
  /** The KPI roll-up changed these China-time days (to the supervisors' room). */
  'kpi.updated': (msg: { days: string[]; rebuilt?: boolean }) => void;
  /** A hot-topic alert was raised (to the supervisors' room; THotTopicAlertDto). */
  'hot_topic.raised': (msg: THotTopicAlertDto) => void;
}
export interface ClientToServerEvents {
  'ticket.watch': (ticketId: string, ack: (res: { ok: boolean; error?: string }) => void) => void;
  'ticket.unwatch': (ticketId: string) => void;
}

/** socket.io room names. */
export const rooms = {
  unit: (id: string) => `unit:${id}`,
  ticket: (id: string) => `ticket:${id}`,
  user: (id: string) => `user:${id}`,
  supervisors: 'supervisors',
  /** Everyone at the city hotline centre. Messages carry ids and states only, so 12388 tickets go here too. */
  hotline: 'hotline',
} as const;

/** What the outbox carries for a ticket change: the realtime message plus the clocks to (re)arm. */
export type TTicketOutboxPayload = {
  message: TTicketRealtimeMessage;
  confidential: boolean;
  deadlines: { id: string; warnAt: string | null; dueAt: string | null }[];
};

/** The rooms a ticket change goes to: its watchers, the units holding it (and above), and the centre. */
export function audienceRooms(p: TTicketOutboxPayload): string[] {
  return [rooms.ticket(p.message.ticketId), ...p.message.unitIds.map(rooms.unit), rooms.hotline];
}
