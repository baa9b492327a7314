/** Every state a ticket (工单) can be in. The order is the usual life of a ticket. */
export const TICKET_STATUSES = [
  'draft',
  'registered',
  'dispatched',
  'returned',
  'in_progress',
  'replied',
  'reopened',
  'resolved',
  'closed',
  'suspended',
  'merged',
] as const;
export type TTicketStatus = (typeof TICKET_STATUSES)[number];

/** States in which the ticket still needs work from someone (the inboxes and the SLA clocks care about these). */
export const OPEN_STATUSES: readonly TTicketStatus[] = [
  'draft',
  'registered',
  'dispatched',
  'returned',
  'in_progress',
  'replied',
  'reopened',
  'resolved',
  'suspended',
];

/** States in which a member unit holds the ticket. */
export const AT_UNIT_STATUSES: readonly TTicketStatus[] = ['dispatched', 'in_progress', 'reopened'];

/** Terminal states: nothing moves a ticket out of these except `reopen` (closed only). */
export const FINAL_STATUSES: readonly TTicketStatus[] = ['closed', 'merged'];

export const STATUS_LABELS: Record<TTicketStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  registered: { zh: '已登记', en: 'Registered' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  returned: { zh: '已退单', en: 'Returned' },
  in_progress: { zh: '办理中', en: 'In progress' },
  replied: { zh: '已回复', en: 'Replied' },
  reopened: { zh: '重办', en: 'Reopened' },
  resolved: { zh: '已办结', en: 'Resolved' },
  closed: { zh: '已归档', en: 'Closed' },
  suspended: { zh: '已挂起', en: 'Suspended' },
  merged: { zh: '已合并', en: 'Merged' },
};
