import { AppError, ticketScopeOf } from '@hotline/shared';
import type { TUserActor } from '../auth/actor';

/**
 * Polls are run by the city centre: a sample lists tickets from every unit, so a district
 * branch's dispatcher (whose role the route table allows) must not read it either.
 */
export function assertPollStaff(actor: TUserActor): void {
  if (ticketScopeOf(actor).kind !== 'all')
    throw new AppError('FORBIDDEN', 'Satisfaction polls are run by the city hotline centre');
}
