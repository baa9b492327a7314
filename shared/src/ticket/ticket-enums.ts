/** Domain vocabularies of a ticket (DESIGN.md "Domain"). Values are stable API/database codes. */
export const LINES = ['12345', '12315', '12388', '12340'] as const;
export type TLine = (typeof LINES)[number];

export const CHANNELS = [
  'phone',
  'wechat',
  'weibo',
  'web',
  'open311',
  'app',
  'province',
  'transfer',
] as const;
export type TChannel = (typeof CHANNELS)[number];

export const TICKET_TYPES = [
  'consultation',
  'help',
  'complaint',
  'report',
  'suggestion',
  'praise',
  'other',
] as const;
export type TTicketType = (typeof TICKET_TYPES)[number];

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type TUrgency = (typeof URGENCIES)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type TSatisfaction = (typeof SATISFACTIONS)[number];

export const SUPERVISION_LEVELS = ['normal', 'yellow', 'red'] as const;
export type TSupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const ASSIGNMENT_ROLES = ['lead', 'assist'] as const;
export type TAssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const DEADLINE_KINDS = ['sign', 'reply', 'callback'] as const;
export type TDeadlineKind = (typeof DEADLINE_KINDS)[number];

export const UNIT_KINDS = ['hotline', 'district', 'department', 'street', 'enterprise'] as const;
export type TUnitKind = (typeof UNIT_KINDS)[number];

export const LINE_LABELS: Record<TLine, string> = {
  '12345': '12345 政务服务热线',
  '12315': '12315 消费者投诉',
  '12388': '12388 纪检监察举报',
  '12340': '12340 民意调查',
};
export const CHANNEL_LABELS: Record<TChannel, { zh: string; en: string }> = {
  phone: { zh: '电话', en: 'Phone' },
  wechat: { zh: '微信', en: 'WeChat' },
  weibo: { zh: '微博', en: 'Weibo' },
  web: { zh: '网站', en: 'Web' },
  open311: { zh: 'Open311', en: 'Open311' },
  app: { zh: 'App', en: 'App' },
  province: { zh: '省平台', en: 'Province' },
  transfer: { zh: '转办', en: 'Transfer' },
};
export const TYPE_LABELS: Record<TTicketType, { zh: string; en: string }> = {
  consultation: { zh: '咨询', en: 'Consultation' },
  help: { zh: '求助', en: 'Request for help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  praise: { zh: '表扬', en: 'Praise' },
  other: { zh: '其他', en: 'Other' },
};
export const URGENCY_LABELS: Record<TUrgency, { zh: string; en: string }> = {
  normal: { zh: '普通', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  critical: { zh: '特急', en: 'Critical' },
};
export const SATISFACTION_LABELS: Record<TSatisfaction, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

/** 12388 discipline reports are always confidential. */
export function isConfidentialLine(line: TLine): boolean {
  return line === '12388';
}
