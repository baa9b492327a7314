import { z } from 'zod';

/** Ids from the telephony middleware: printable, bounded (they become keys and log fields). */
const ZId = z.string().regex(/^[\w.:@/+-]{1,128}$/, 'an id of letters, digits and . : @ / + - _');
const ZNumber = z.string().regex(/^\+?[0-9*#-]{1,32}$/, 'a telephone number');
const ZSeconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3600);

/** Fields every CTI event carries: `event_id` is the idempotency key, `seq` orders a call's events. */
const base = {
  event_id: ZId,
  call_id: ZId,
  leg_id: ZId,
  seq: z.number().int().min(0).max(2_147_483_647),
  occurred_at: z.iso.datetime({ offset: true }),
};

export const PARTICIPANT_ROLES = ['citizen', 'agent', 'third_party'] as const;

/**
 * The events of the telephony (CTI) middleware, discriminated on `type`. Unknown fields are
 * ignored (adapters add their own), unknown types are refused.
 */
export const ZCtiEvent = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('call.ringing'),
    direction: z.enum(['inbound', 'outbound']),
    caller_number: ZNumber,
    callee_number: ZNumber,
    queue: z.string().max(64).nullish(),
    agent_ext: ZId.nullish(),
  }),
  z.object({
    ...base,
    type: z.literal('call.answered'),
    /** The agent's username or user id in this system. */
    agent_id: z.string().min(1).max(128).nullish(),
    agent_ext: ZId.nullish(),
  }),
  z.object({
    ...base,
    type: z.enum(['participant.joined', 'participant.left']),
    role: z.enum(PARTICIPANT_ROLES),
    number: ZNumber.nullish(),
  }),
  z.object({
    ...base,
    type: z.literal('call.transferred'),
    to_agent_ext: ZId.nullish(),
    to_number: ZNumber.nullish(),
  }),
  z.object({
    ...base,
    type: z.literal('call.ended'),
    hangup_cause: z.string().max(64),
    duration_s: ZSeconds,
    billsec_s: ZSeconds,
  }),
  z.object({
    ...base,
    type: z.literal('recording.ready'),
    recording_url: z.url({ protocol: /^https?$/ }).max(2000),
    duration_s: ZSeconds,
    sha256: z.string().regex(/^[0-9a-f]{64}$/i),
  }),
]);
export type TCtiEvent = z.infer<typeof ZCtiEvent>;
