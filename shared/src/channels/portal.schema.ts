import { z } from 'zod';
import type { TTicketEventType } from '../ticket/events';
import { TICKET_TYPES, type TLine, type TTicketType } from '../ticket/ticket-enums';
import type { TTicketStatus } from '../ticket/ticket-status';
import { ZPhone } from '../ticket/ticket.schema';

/**
 * The public web portal (网上诉求): what a citizen may send and what the tracking page shows.
 * 12388 discipline reports and 12340 polls are not taken through the portal.
 */
export const PORTAL_LINES = ['12345', '12315'] as const satisfies readonly TLine[];
export type TPortalLine = (typeof PORTAL_LINES)[number];

export const PORTAL_MAX_IMAGES = 5;
export const PORTAL_MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const PORTAL_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export type TPortalImageType = (typeof PORTAL_IMAGE_TYPES)[number];

export const ZPortalImage = z.object({
  filename: z.string().trim().min(1).max(200),
  // Size is checked on the decoded bytes (413), so the string itself is only bounded by the body limit.
  dataBase64: z.string().min(1),
});

export const ZPortalSubmitSchema = z.object({
  line: z.enum(PORTAL_LINES).default('12345'),
  type: z.enum(TICKET_TYPES),
  categoryId: z.uuid().optional(),
  title: z.string().trim().max(100).optional(),
  description: z.string().trim().min(10, '请至少填写 10 个字').max(2000),
  address: z.string().trim().min(2).max(300),
  phone: ZPhone,
  name: z.string().trim().max(50).optional(),
  captchaId: z.string().max(64).optional(),
  captchaAnswer: z.string().trim().max(16).optional(),
  images: z.array(ZPortalImage).max(PORTAL_MAX_IMAGES, `最多上传 ${PORTAL_MAX_IMAGES} 张图片`).default([]),
});
export type TPortalSubmitInput = z.input<typeof ZPortalSubmitSchema>;

export const ZPortalTrackQuery = z.object({
  trackingNo: z
    .string()
    .trim()
    .regex(/^\d{8,20}$/, 'a tracking number of digits'),
  queryCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'six digits'),
});
export type TPortalTrackQuery = z.infer<typeof ZPortalTrackQuery>;

export type TPortalCaptcha = { captchaId: string; svg: string; enabled: boolean };
export type TPortalSubmitResponse = { trackingNo: string | null; queryCode: string; pending?: boolean };
export type TPortalCategoryGroup = {
  code: string;
  name: string;
  items: { id: string; code: string; name: string }[];
};
export type TPortalCategoriesResponse = { groups: TPortalCategoryGroup[] };

/** What the tracking page may show: no personal data, no staff names. */
export type TPortalTrackResponse = {
  trackingNo: string;
  line: TLine;
  type: TTicketType;
  status: TTicketStatus;
  statusLabel: { zh: string; en: string };
  submittedAt: string;
  leadUnit: string | null;
  reply: { content: string; at: string } | null;
  timeline: { type: TTicketEventType; label: { zh: string; en: string }; at: string }[];
};

/** Timeline entries a citizen sees, in words for citizens; internal workflow steps are left out. */
export const PORTAL_EVENT_LABELS: Partial<Record<TTicketEventType, { zh: string; en: string }>> = {
  'ticket.created': { zh: '提交诉求', en: 'Submitted' },
  'ticket.registered': { zh: '已受理', en: 'Accepted' },
  'ticket.answered': { zh: '已即时答复', en: 'Answered' },
  'ticket.dispatched': { zh: '转承办单位办理', en: 'Sent to the responsible unit' },
  'ticket.redispatched': { zh: '重新转办', en: 'Sent to another unit' },
  'ticket.signed': { zh: '承办单位已签收', en: 'Taken on by the unit' },
  'ticket.replied': { zh: '承办单位已答复', en: 'The unit replied' },
  'ticket.reply_approved': { zh: '答复审核通过', en: 'Reply approved' },
  'ticket.callback_recorded': { zh: '已回访', en: 'Followed up with you' },
  'ticket.reopened': { zh: '重新办理', en: 'Reopened' },
  'ticket.suspended': { zh: '暂停办理', en: 'Paused' },
  'ticket.resumed': { zh: '恢复办理', en: 'Resumed' },
  'ticket.merged': { zh: '合并办理', en: 'Merged with a similar request' },
  'ticket.closed': { zh: '办结归档', en: 'Closed' },
};
