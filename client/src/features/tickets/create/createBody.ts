import { ZCreateTicketSchema, isConfidentialLine, type TCreateTicketInput } from '@hotline/shared';
import type { TChannel, TLine, TTicketType, TUrgency } from '@hotline/shared';

export type TCreateFormValues = {
  line: TLine;
  channel: TChannel;
  type?: TTicketType;
  categoryId?: string;
  urgency: TUrgency;
  title?: string;
  description?: string;
  address?: string;
  citizen?: { phone?: string; name?: string };
  /** Not a form field: detected from the address by the page. */
  districtId?: string;
  confidential: boolean;
  draft: boolean;
};

const trimmed = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Builds and checks the create request; returns the first schema problem instead when there is one. */
export function buildCreateBody(
  v: TCreateFormValues,
  idempotencyKey: string,
): { ok: true; body: TCreateTicketInput } | { ok: false; error: string } {
  const phone = trimmed(v.citizen?.phone);
  const name = trimmed(v.citizen?.name);
  const candidate = {
    line: v.line,
    channel: v.channel,
    type: v.type,
    categoryId: v.categoryId || undefined,
    urgency: v.urgency,
    title: v.title,
    description: v.description,
    address: trimmed(v.address),
    districtId: v.districtId || undefined,
    citizen: phone || name ? { phone, name, anonymous: false } : undefined,
    confidential: isConfidentialLine(v.line) ? true : v.confidential,
    draft: v.draft,
    idempotencyKey,
  };
  const parsed = ZCreateTicketSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, body: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid' };
}
