import { rolesWith, ticketScopeOf, userScopeOf, type TRole } from '@hotline/shared';
import type { TUserActor } from '../auth/actor';

/** Who works the WeChat / Weibo inbox (网络诉求). */
export const TRIAGE_ROLES: readonly TRole[] = rolesWith('triage.handle');

/**
 * The accounts are the city centre's: district branches with the same roles work their own
 * tickets, not the centre's inbox. The routes check this per request; the screen pop asks here
 * before it shows a caller's conversations.
 */
export function worksTriage(actor: TUserActor): boolean {
  return userScopeOf(actor.role, ticketScopeOf(actor), 'triage.handle') === 'all';
}
