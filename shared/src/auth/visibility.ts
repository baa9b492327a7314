import type { TRole } from './roles';
import { HOTLINE_ROLES } from './roles';
import type { TUnitKind } from '../ticket/ticket-enums';

/**
 * Who sees which tickets. Staff of the city hotline centre see every ticket (confidential ones only
 * in named roles); everyone else sees the tickets assigned to their unit or the units below it.
 */
export type TTicketScope = { kind: 'all'; confidential: boolean } | { kind: 'subtree' };

/** Roles named for confidential (12388) tickets at the centre. */
export const CONFIDENTIAL_ROLES: readonly TRole[] = ['dispatcher', 'supervisor'];

export function ticketScopeOf(user: {
  role: TRole;
  unitKind: TUnitKind;
  unitParentId: string | null;
}): TTicketScope {
  const atCentre = user.unitKind === 'hotline' && user.unitParentId === null;
  if (atCentre && HOTLINE_ROLES.includes(user.role)) {
    return { kind: 'all', confidential: CONFIDENTIAL_ROLES.includes(user.role) };
  }
  return { kind: 'subtree' };
}
