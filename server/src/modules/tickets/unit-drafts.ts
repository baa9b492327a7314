import type { TTicketEventType } from '@hotline/shared';

/**
 * 审核签发 happens inside a unit: until the manager signs it off, a draft reply (and why it was
 * sent back for revision) has not left the unit. Others see that it happened, not what it says.
 */
const UNIT_INTERNAL_PAYLOAD: Partial<Record<TTicketEventType, readonly string[]>> = {
  'ticket.reply_submitted': ['content', 'solved', 'attachments'],
  'ticket.draft_returned': ['reason'],
};

/** The event's payload as this viewer may read it; `viewerUnitId` null reads as an outsider. */
export function unitInternalPayload(
  type: TTicketEventType,
  payload: Record<string, unknown>,
  eventUnitId: string | null,
  viewerUnitId: string | null,
): Record<string, unknown> {
  const internal = UNIT_INTERNAL_PAYLOAD[type];
  if (!internal || (viewerUnitId !== null && eventUnitId === viewerUnitId)) return payload;
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !internal.includes(k)));
}

/** Draft columns of an assignment row, shown only to its own unit. */
export function draftFields(
  r: Record<string, unknown>,
  viewerUnitId: string | null,
  hideContent: boolean,
  iso: (v: unknown) => string | null,
) {
  if (viewerUnitId === null || r.unit_id !== viewerUnitId) return {};
  return {
    draftReplyContent: hideContent ? null : ((r.draft_reply_content as string) ?? null),
    draftReplySolved: (r.draft_reply_solved as boolean) ?? null,
    draftSubmittedAt: iso(r.draft_submitted_at),
    draftSubmittedByName: (r.draft_submitted_by_name as string) ?? null,
  };
}
