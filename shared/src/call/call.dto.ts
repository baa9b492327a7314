import { z } from 'zod';
import type { TTicketStatus } from '../ticket/ticket-status';
import type { TConversationChannel } from '../triage/triage.schema';

/** socket.io event of the screen pop: sent only to the agent whose extension is ringing. */
export const CALL_RINGING_EVENT = 'call.ringing';

/** An earlier ticket of the caller, as the screen pop lists it (open ones first). */
export type TCallHistoryTicket = {
  id: string;
  no: string;
  title: string;
  status: TTicketStatus;
  createdAt: string;
};

/** A WeChat / Weibo conversation of the caller still open in triage (网络诉求), newest first. */
export type TCallConversation = {
  id: string;
  channel: TConversationChannel;
  lastMessageAt: string;
  /** Citizen messages since the last answer sent to them. */
  unansweredCount: number;
  /** The citizen's last words, shortened; null when the last message was not text. */
  preview: string | null;
};

/**
 * The screen pop. `caller` is the full number: the one place it is shown in full, and only to
 * the agent on the call (the message goes to that agent's own room, never to a shared one).
 */
export type TCallRingingMessage = {
  callId: string;
  agentExt: string | null;
  queue: string | null;
  caller: string | null;
  callerMasked: string | null;
  citizenName: string | null;
  history: TCallHistoryTicket[];
  /** Empty for a user who does not work the triage inbox. */
  conversations: TCallConversation[];
  at: string;
};

declare module '../ticket/events' {
  interface ServerToClientEvents {
    'call.ringing': (msg: TCallRingingMessage) => void;
  }
}

/** A call record as the console lists it: the caller masked, never in full. */
export type TCallRecordDto = {
  id: string;
  callId: string;
  direction: string | null;
  callerMasked: string | null;
  queue: string | null;
  agentExt: string | null;
  agentId: string | null;
  agentName: string | null;
  ringingAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  hangupCause: string | null;
  durationS: number | null;
  billsecS: number | null;
  maxParticipants: number;
  threeWay: boolean;
  hasRecording: boolean;
  callbackDoneAt: string | null;
};

export type TCallStats = {
  calls: number;
  answered: number;
  answerRate: number;
  avgWaitSeconds: number | null;
  threeWayCalls: number;
};

const ZIsoDate = z.iso.datetime({ offset: true });

export const ZListCallsQuery = z.object({
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  answered: z.enum(['true', 'false']).optional(),
  threeWay: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListCallsQuery = z.infer<typeof ZListCallsQuery>;

export const ZCallStatsQuery = z.object({ from: ZIsoDate, to: ZIsoDate });

/** An agent desk's telephone extension (the CTI middleware addresses agents by it). */
export const ZRegisterExtensionSchema = z.object({
  ext: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_-]{1,32}$/, 'an extension of letters and digits'),
});
