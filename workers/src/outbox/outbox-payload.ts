import {
  TICKET_EVENT_TYPES,
  TICKET_STATUSES,
  type TTicketEventType,
  type TTicketOutboxPayload,
} from '@hotline/shared';
import { z } from 'zod';

const isoOrNull = z.iso.datetime({ offset: true }).nullable();

/**
 * The outbox payload of a ticket change (TTicketOutboxPayload), checked before anything is sent.
 * The message is loose: fields a newer server adds reach clients unchanged.
 */
export const ZTicketOutboxPayload = z.object({
  message: z.looseObject({
    type: z.enum(TICKET_EVENT_TYPES),
    ticketId: z.uuid(),
    ticketNo: z.string(),
    status: z.enum(TICKET_STATUSES),
    version: z.number().int(),
    eventId: z.string(),
    at: z.string(),
    actorName: z.string().nullable(),
    unitIds: z.array(z.string()),
  }),
  confidential: z.boolean(),
  deadlines: z.array(z.object({ id: z.uuid(), warnAt: isoOrNull, dueAt: isoOrNull })),
}) satisfies z.ZodType<TTicketOutboxPayload>;

export function isTicketTopic(topic: string): topic is TTicketEventType {
  return (TICKET_EVENT_TYPES as readonly string[]).includes(topic);
}

/** An outbox row as the relay claims it (pg returns bigserial ids as strings). */
export type TOutboxRow = {
  id: string;
  topic: string;
  aggregate_id: string | null;
  payload: unknown;
  attempts: number;
};
