import {
  isConfidentialLine,
  ZConvertConversationSchema,
  type TConvertConversationInput,
} from '@hotline/shared';
import type { TLine, TTicketType, TUrgency } from '@hotline/shared';

export type TConvertFormValues = {
  line: TLine;
  type?: TTicketType;
  categoryId?: string;
  urgency: TUrgency;
  title?: string;
  description?: string;
  address?: string;
  citizen?: { phone?: string; name?: string };
  confidential: boolean;
};

const trimmed = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** A first guess at the title: the citizen's first line, short. The agent usually rewrites it. */
export function suggestTitle(description: string): string {
  const first = description.split('\n')[0]?.trim() ?? '';
  return first.length > 30 ? `${first.slice(0, 30)}…` : first;
}

/** Builds and checks the conversion request; returns the first schema problem instead when there is one. */
export function buildConvertBody(
  v: TConvertFormValues,
): { ok: true; body: TConvertConversationInput } | { ok: false; error: string } {
  const phone = trimmed(v.citizen?.phone);
  const name = trimmed(v.citizen?.name);
  const parsed = ZConvertConversationSchema.safeParse({
    line: v.line,
    type: v.type,
    categoryId: v.categoryId || undefined,
    urgency: v.urgency,
    title: v.title,
    description: v.description,
    address: trimmed(v.address),
    citizen: phone || name ? { phone, name, anonymous: false } : undefined,
    confidential: isConfidentialLine(v.line) ? true : v.confidential,
  });
  if (parsed.success) return { ok: true, body: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid' };
}
