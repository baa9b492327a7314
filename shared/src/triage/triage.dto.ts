import type { TTicketStatus } from '../ticket/ticket-status';
import type { TChannel } from '../ticket/ticket-enums';
import type { TConversationChannel, TConversationStatus } from './triage.schema';

/** `in` from the citizen, `out` to the citizen, `note` an agent's record (closing) the citizen never sees. */
export type TConversationDirection = 'in' | 'out' | 'note';

/** One row of the triage inbox. Dates are ISO strings. */
export type TConversationSummary = {
  id: string;
  channel: TConversationChannel;
  /** The sender's WeChat OpenID / Weibo uid. */
  externalUserId: string;
  status: TConversationStatus;
  lastMessageAt: string;
  createdAt: string;
  messageCount: number;
  /** Citizen messages since the last answer sent to them: what still waits for an agent. */
  unansweredCount: number;
  preview: { direction: TConversationDirection; kind: string; content: string | null; at: string } | null;
  ticketId: string | null;
  ticketNo: string | null;
  /** Linked to a 12388 ticket and this user may not read it: contents are withheld. */
  redacted: boolean;
};

export type TConversationMessage = {
  id: string;
  direction: TConversationDirection;
  /** text, image, voice, location, event, … as the channel adapter stored it; `closed` for a closing note. */
  kind: string;
  content: string | null;
  data: Record<string, unknown>;
  authorName: string | null;
  createdAt: string;
};

/** A ticket of the same channel user, for the history panel. */
export type TCitizenTicket = {
  id: string;
  no: string;
  title: string;
  status: TTicketStatus;
  channel: TChannel;
  confidential: boolean;
  createdAt: string;
};

export type TConversationListResponse = { items: TConversationSummary[]; nextCursor: string | null };

export type TConversationDetailResponse = {
  conversation: TConversationSummary;
  /** Oldest first. */
  messages: TConversationMessage[];
  history: { conversations: TConversationSummary[]; tickets: TCitizenTicket[] };
};

export type TConvertConversationResponse = {
  conversation: TConversationSummary;
  ticket: { id: string; no: string; status: TTicketStatus };
};

/** What `conversation.updated` carries on the socket: ids only. */
export type TConversationUpdatedMessage = { conversationId: string; channel: string; at: string };
