import { ZActionSchemas, type TTicketAction } from '@hotline/shared';

/** What the action modals' forms hold; each action reads the fields it needs. */
export type TActionFormValues = {
  note?: string;
  answer?: string;
  unitId?: string;
  assistingUnitIds?: string[];
  reason?: string;
  content?: string;
  solved?: boolean;
  /** Files already uploaded to the ticket, sent with a reply by id. */
  attachmentIds?: string[];
  satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  resolved?: boolean;
  comment?: string;
  days?: number;
  parentId?: string;
  level?: 'normal' | 'yellow' | 'red';
  message?: string;
};

/** What another screen already knows when it opens an action, e.g. the parent chosen from a duplicate. */
export type TActionPreset = {
  parent?: { id: string; no: string; title: string };
  /** 审核签发: the unit's draft reply the manager signs off (and may edit first). */
  draft?: { content: string; solved: boolean; by: string | null };
};

const blankToUndefined = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** The request body of an action, exactly the fields its schema knows, plus `expectedVersion`. */
export function buildActionBody(
  action: TTicketAction,
  v: TActionFormValues,
  expectedVersion: number,
): Record<string, unknown> {
  const base = { expectedVersion, note: blankToUndefined(v.note) };
  switch (action) {
    case 'answer':
      return { ...base, answer: v.answer };
    case 'dispatch':
    case 'redispatch':
      return {
        ...base,
        unitId: v.unitId,
        assistingUnitIds: (v.assistingUnitIds ?? []).filter((id) => id !== v.unitId),
      };
    case 'subdispatch':
      return { ...base, unitId: v.unitId };
    case 'return':
    case 'reject-return':
    case 'reject-reply':
    case 'reopen':
    case 'reject-extension':
    case 'suspend':
    case 'return-draft':
      return { ...base, reason: v.reason };
    case 'reply':
      return { ...base, content: v.content, solved: v.solved ?? true, attachmentIds: v.attachmentIds ?? [] };
    case 'signoff-reply':
      // No new files: the draft's own files go out with it (the server keeps them).
      return {
        ...base,
        content: v.content,
        solved: v.solved ?? true,
        ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
      };
    case 'callback':
      return {
        ...base,
        satisfaction: v.satisfaction,
        resolved: v.resolved ?? true,
        comment: blankToUndefined(v.comment),
      };
    case 'request-extension':
      return { ...base, days: v.days, reason: v.reason };
    case 'merge':
      return { ...base, parentId: v.parentId };
    case 'chase':
      return { ...base, message: blankToUndefined(v.message) };
    case 'supervise':
      // The supervision instruction is the schema's (required) note.
      return { expectedVersion, level: v.level, note: v.note?.trim() };
    case 'register':
    case 'sign':
    case 'approve-reply':
    case 'close':
    case 'approve-extension':
    case 'resume':
      return base;
  }
}

/** Checks the body against the shared zod schema; returns the first problem or null. */
export function validateActionBody(action: TTicketAction, body: Record<string, unknown>): string | null {
  const result = ZActionSchemas[action].safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
