import type { TRole } from '@hotline/shared';

/** Who opens new tickets from the console (the server checks again). */
export const CAN_CREATE_TICKETS: readonly TRole[] = ['agent', 'dispatcher'];

export function canCreateTickets(role: TRole): boolean {
  return CAN_CREATE_TICKETS.includes(role);
}
