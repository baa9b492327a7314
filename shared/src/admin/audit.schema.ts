import { z } from 'zod';
import type { TRole } from '../auth/roles';

/**
 * What the audit log records: every view of a citizen's full details or of a confidential
 * ticket's content. The names double as the permissions of the routes that write them.
 */
export const AUDIT_ACTIONS = [
  'ticket.contact.read',
  'ticket.confidential.read',
  'citizen.history.read',
  'call.screen_pop',
] as const;
export type TAuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SUBJECT_TYPES = ['ticket', 'citizen', 'call'] as const;
export type TAuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

/** `GET /audit`: newest first, keyset-paged; every filter optional. */
export const ZAuditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** The actor's username, exactly. */
  actor: z.string().trim().min(1).max(50).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** A ticket number (工单编号) or a ticket / citizen / call id. */
  subject: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export type TAuditEntry = {
  id: string;
  at: string;
  actorId: string | null;
  actorUsername: string;
  actorRole: TRole;
  actorUnitId: string | null;
  actorUnitName: string | null;
  action: TAuditAction;
  subjectType: TAuditSubjectType;
  subjectId: string;
  ticketNo: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Which fields or view were shown: never the personal data itself. */
  details: Record<string, unknown>;
};
export type TAuditListResponse = { items: TAuditEntry[]; nextCursor: string | null };

/** `GET /tickets/:id/contact`: the citizen's full details, for the one who asked (and audited). */
export type TTicketContact = {
  ticketId: string;
  ticketNo: string;
  phone: string | null;
  name: string | null;
  idNumber: string | null;
  /** The audit row written for this view. */
  auditId: string;
};
