import type { TRole } from './roles';
import { HOTLINE_ROLES } from './roles';
import type { TUnitKind } from '../ticket/ticket-enums';

/**
 * Who sees which tickets. Staff of the city hotline centre see every ticket; everyone else sees
 * the tickets assigned to their unit or the units below it. Seeing a ticket is not reading it:
 * the content of a confidential (12388) ticket is shown only to confidential readers.
 */
export type TTicketScope = { kind: 'all' } | { kind: 'subtree' };

/** Units whose staff read 12388 discipline reports: 市纪委监委 (and any unit below it). */
export const CONFIDENTIAL_UNIT_CODES: readonly string[] = ['jwjw'];

export function ticketScopeOf(user: {
  role: TRole;
  unitKind: TUnitKind;
  unitParentId: string | null;
}): TTicketScope {
  const atCentre = user.unitKind === 'hotline' && user.unitParentId === null;
  return atCentre && HOTLINE_ROLES.includes(user.role) ? { kind: 'all' } : { kind: 'subtree' };
}

/** What everyone else sees of a confidential ticket instead of its title. */
export const CONFIDENTIAL_TITLE = '【保密】12388 举报件';

/** Event payload fields that say where a ticket went and when, never what it is about. */
export const CONFIDENTIAL_SAFE_PAYLOAD_KEYS: readonly string[] = [
  'toUnitId',
  'toUnitName',
  'assisting',
  'days',
  'dueAt',
  'deadlineId',
  'kind',
  'unitId',
  'line',
  'channel',
  'type',
  'urgency',
  'level',
  'assist',
  // routing, two-level dispatch, return decisions, chases, redos and merges: who and when, never what
  'fromUnitId',
  'fromUnitName',
  'chain',
  'role',
  'auto',
  'trigger',
  'unitIds',
  'redo',
  'returnAccepted',
  'returnedBy',
  'parentId',
  'parentNo',
  'parentStatus',
  'citizenNotified',
  'backTo',
  'routing',
];
