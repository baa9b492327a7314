import { z } from 'zod';
import { ZCreateTicketSchema } from '../ticket/ticket.schema';

/** A conversation waits in triage (`open`), became a ticket (`ticketed`) or was closed without one. */
export const CONVERSATION_STATUSES = ['open', 'ticketed', 'closed'] as const;
export type TConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** The channels whose messages are conversations rather than structured requests. */
export const CONVERSATION_CHANNELS = ['wechat', 'weibo'] as const;
export type TConversationChannel = (typeof CONVERSATION_CHANNELS)[number];

export const ZListConversationsQuery = z.object({
  status: z.enum(CONVERSATION_STATUSES).default('open'),
  channel: z.enum(CONVERSATION_CHANNELS).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type TListConversationsQuery = z.infer<typeof ZListConversationsQuery>;

/** WeChat's customer-service text messages stop at 2,048 bytes; 600 Chinese characters stay below it. */
export const ZReplyToConversationSchema = z.object({
  content: z.string().trim().min(1).max(600),
});
export type TReplyToConversationInput = z.infer<typeof ZReplyToConversationSchema>;

/**
 * Turning a conversation into a ticket: the create-ticket fields, except those the server decides
 * (the channel is the conversation's, the idempotency key is derived from it) and those that make
 * no sense here (a call id, a draft: the citizen is told the ticket number at once).
 */
export const ZConvertConversationSchema = ZCreateTicketSchema.omit({
  channel: true,
  idempotencyKey: true,
  callId: true,
  draft: true,
});
export type TConvertConversationInput = z.infer<typeof ZConvertConversationSchema>;

export const ZCloseConversationSchema = z.object({
  note: z.string().trim().max(2000).optional(),
});
export type TCloseConversationInput = z.infer<typeof ZCloseConversationSchema>;
