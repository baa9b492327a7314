import { ticketScopeOf, type TRole } from '@hotline/shared';
import type { TUserActor } from '../auth/actor';

/** Who works the WeChat / Weibo inbox (网络诉求). */
export const TRIAGE_ROLES: readonly TRole[] = ['agent', 'dispatcher', 'supervisor'];

/**
 * The accounts are the city centre's: district branches with the same roles work their own
 * tickets, not the centre's inbox. The routes check this per request; the screen pop asks here
 * before it shows a caller's conversations.
 */
export function worksTriage(actor: TUserActor): boolean {
  return TRIAGE_ROLES.includes(actor.role) && ticketScopeOf(actor).kind === 'all';
}
