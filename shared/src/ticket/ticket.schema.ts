import { z } from 'zod';
import { CHANNELS, LINES, SATISFACTIONS, SUPERVISION_LEVELS, TICKET_TYPES, URGENCIES } from './ticket-enums';
import { TICKET_STATUSES } from './ticket-status';
import type { TTicketAction } from './ticket-transitions';
import { ZIdNumber } from '../common/id-number';

const text = (max: number) => z.string().trim().min(1).max(max);
const reason = z.string().trim().min(2, '请填写原因 (at least 2 characters)').max(2000);
const id = z.uuid();
/** Optimistic concurrency: when sent, the action is refused with 409 if the ticket changed meanwhile. */
const expectedVersion = z.number().int().nonnegative().optional();

export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9-]{5,20}$/, 'a phone number of digits');

export const ZCreateTicketSchema = z.object({
  line: z.enum(LINES).default('12345'),
  channel: z.enum(CHANNELS).default('phone'),
  type: z.enum(TICKET_TYPES),
  categoryId: id.optional(),
  urgency: z.enum(URGENCIES).default('normal'),
  title: text(200),
  description: text(10000),
  address: z.string().trim().max(500).optional(),
  districtId: id.optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  citizen: z
    .object({
      phone: ZPhone.optional(),
      name: z.string().trim().max(100).optional(),
      /** 身份证号码: stored encrypted with a keyed hash, shown masked (3201**********1234). */
      idNumber: ZIdNumber.optional(),
      anonymous: z.boolean().default(false),
    })
    .optional(),
  confidential: z.boolean().optional(),
  callId: z.string().max(200).optional(),
  /** Save as draft instead of registering at once. */
  draft: z.boolean().default(false),
  /** Client-generated key: a retried create returns the first ticket instead of a duplicate. */
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export type TCreateTicketInput = z.infer<typeof ZCreateTicketSchema>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));

/**
 * Work queues (workbenches): each fixes its own membership and order, and `sort` is ignored.
 * `to_dispatch` registered, oldest first; `returned` returns awaiting the dispatcher, oldest
 * first; `extension_requests` pending extension requests, oldest request first; `callback_due`
 * resolved and not yet called back, nearest call-back deadline first; `unit_urgent` the user's
 * own unit's open assignments, breached first, then by the nearest sign-for / reply deadline.
 */
export const TICKET_QUEUES = [
  'to_dispatch',
  'returned',
  'extension_requests',
  'callback_due',
  'unit_urgent',
] as const;
export type TTicketQueue = (typeof TICKET_QUEUES)[number];

export const ZListTicketsQuery = z.object({
  status: csv(z.enum(TICKET_STATUSES)).optional(),
  unitId: id.optional(),
  line: csv(z.enum(LINES)).optional(),
  channel: csv(z.enum(CHANNELS)).optional(),
  type: csv(z.enum(TICKET_TYPES)).optional(),
  categoryId: id.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** 待签发: tickets where the user's own unit holds a reply awaiting its manager's sign-off. */
  awaitingSignoff: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(['created_desc', 'due_asc']).default('created_desc'),
  queue: z.enum(TICKET_QUEUES).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListTicketsQuery = z.infer<typeof ZListTicketsQuery>;

const base = z.object({ expectedVersion, note: z.string().trim().max(2000).optional() });

/** One input schema per lifecycle action. */
export const ZActionSchemas = {
  register: base,
  answer: base.extend({ answer: text(5000), articleId: id.optional() }),
  dispatch: base.extend({ unitId: id, assistingUnitIds: z.array(id).max(10).default([]) }),
  sign: base,
  return: base.extend({ reason }),
  redispatch: base.extend({ unitId: id, assistingUnitIds: z.array(id).max(10).default([]) }),
  reply: base.extend({
    content: text(10000),
    solved: z.boolean().default(true),
    /** Files uploaded to the ticket first (POST /tickets/:id/attachments). */
    attachmentIds: z.array(id).max(5).default([]),
  }),
  'approve-reply': base,
  'reject-reply': base.extend({ reason }),
  callback: base.extend({
    satisfaction: z.enum(SATISFACTIONS),
    resolved: z.boolean().default(true),
    comment: z.string().trim().max(2000).optional(),
  }),
  close: base,
  reopen: base.extend({ reason }),
  // The cap per ticket is a setting (extensionCapDays); this only bounds a single request.
  'request-extension': base.extend({ days: z.number().int().min(1).max(30), reason }),
  'approve-extension': base,
  'reject-extension': base.extend({ reason }),
  merge: base.extend({ parentId: id }),
  supervise: base.extend({ level: z.enum(SUPERVISION_LEVELS), note: text(2000) }),
  suspend: base.extend({ reason }),
  resume: base,
  subdispatch: base.extend({ unitId: id }),
  'reject-return': base.extend({ reason }),
  chase: base.extend({ message: z.string().trim().max(2000).optional() }),
  /** Without content/solved the handler's draft is sent as written. */
  // attachmentIds left out keeps the draft's files; [] sends the reply without any.
  'signoff-reply': base.extend({
    content: text(10000).optional(),
    solved: z.boolean().optional(),
    attachmentIds: z.array(id).max(5).optional(),
  }),
  'return-draft': base.extend({ reason }),
} satisfies Record<TTicketAction, z.ZodType>;
export type TActionInput<A extends TTicketAction> = z.infer<(typeof ZActionSchemas)[A]>;

export const ZLoginSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type TLoginInput = z.infer<typeof ZLoginSchema>;
