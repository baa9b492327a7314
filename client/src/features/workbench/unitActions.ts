import {
  TICKET_TRANSITIONS,
  type TSessionUser,
  type TTicketAction,
  type TTicketSummary,
} from '@hotline/shared';

/**
 * Pure: the quick actions that fit a unit-desk row, from the unit's own assignment on it: sign
 * for (or return, as the lead) what is pending, reply (or ask for more time, as the lead) what
 * is signed, sign off a draft awaiting the manager; a dispatching branch may also pass it down.
 * The dialog re-checks with the server before anything is sent.
 */
export function quickActions(
  row: Pick<TTicketSummary, 'unitAssignment'>,
  user: Pick<TSessionUser, 'role' | 'unitCanDispatch'>,
): TTicketAction[] {
  const a = row.unitAssignment;
  if (!a) return [];
  const lead = a.role === 'lead';
  const wanted: TTicketAction[] =
    a.status === 'pending'
      ? ['sign', ...(lead ? (['return'] as const) : [])]
      : a.status === 'signed'
        ? ['reply', ...(lead ? (['request-extension'] as const) : [])]
        : ['signoff-reply', 'return-draft'];
  if (user.unitCanDispatch && a.status !== 'awaiting_signoff') wanted.push('subdispatch');
  return wanted.filter((action) => TICKET_TRANSITIONS[action].roles.includes(user.role));
}
