import { PORTAL_LINES, TICKET_TYPES } from '@hotline/shared';
import { z } from 'zod';

/** The portal's system actor: tickets it files show this name in the staff timeline. */
export const PORTAL_ACTOR = { kind: 'system', name: '网上门户' } as const;

/** Request header carrying the client's idempotency key (a retried submit finds the first one). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const ZIdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,80}$/, '8–80 letters, digits, - or _');

/**
 * What is kept of a portal request in inbound_messages.body: the citizen's text, contact data only
 * encrypted, the query code (encrypted, so a retried submit can answer it again) and the ids of the
 * images already stored as attachments. Never the image bytes.
 */
export const ZStoredPortalMessage = z.object({
  v: z.literal(1),
  line: z.enum(PORTAL_LINES),
  type: z.enum(TICKET_TYPES),
  categoryId: z.uuid().nullable(),
  title: z.string().min(1).max(100),
  description: z.string().min(1).max(2000),
  address: z.string().max(300),
  phoneEnc: z.string(),
  phoneHash: z.string(),
  nameEnc: z.string().nullable(),
  queryCodeEnc: z.string(),
  queryCodeHash: z.string(),
  attachmentIds: z.array(z.uuid()).max(5),
});
export type TStoredPortalMessage = z.infer<typeof ZStoredPortalMessage>;
