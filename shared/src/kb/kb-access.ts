import type { TRole } from '../auth/roles';
import { isUnitRole, ROLES } from '../auth/roles';

/**
 * Who does what in the knowledge base: everyone signed in reads and searches it; units (for
 * their own articles) and the hotline's staff propose; the hotline (supervisors and admins)
 * reviews, because what an agent reads to a citizen speaks for the city.
 */
export const KB_VIEW_ROLES: readonly TRole[] = ROLES;
export const KB_PROPOSE_ROLES: readonly TRole[] = [
  'unit_handler',
  'unit_manager',
  'dispatcher',
  'supervisor',
  'admin',
];
export const KB_REVIEW_ROLES: readonly TRole[] = ['supervisor', 'admin'];

type TKbUser = { id: string; role: TRole; unitId: string };
type TKbOwned = { ownerUnitId: string; createdBy?: string | null };

export function canProposeKb(role: TRole): boolean {
  return KB_PROPOSE_ROLES.includes(role);
}

export function canReviewKb(role: TRole): boolean {
  return KB_REVIEW_ROLES.includes(role);
}

/** What the console may offer a role. */
export function kbPermissionsOf(role: TRole): { view: boolean; propose: boolean; review: boolean } {
  return { view: KB_VIEW_ROLES.includes(role), propose: canProposeKb(role), review: canReviewKb(role) };
}

/** In effect on `today` (YYYY-MM-DD, China time): started, and the (exclusive) expiry not reached. */
export function isKbInEffect(a: { effectiveFrom: string; expiresOn: string | null }, today: string): boolean {
  return a.effectiveFrom <= today && (a.expiresOn === null || a.expiresOn > today);
}

export function isKbExpired(a: { expiresOn: string | null }, today: string): boolean {
  return a.expiresOn !== null && a.expiresOn <= today;
}

/**
 * Besides published articles in effect, a user sees drafts, expired and archived articles when
 * they review, when the article belongs to their unit (unit staff), or when they proposed it.
 */
export function seesUnpublishedKb(user: TKbUser, article: TKbOwned): boolean {
  if (canReviewKb(user.role)) return true;
  if (isUnitRole(user.role) && article.ownerUnitId === user.unitId) return true;
  return article.createdBy === user.id;
}

/** Unit staff propose changes to their own unit's articles only; hotline staff to any. */
export function canProposeKbVersion(user: TKbUser, article: TKbOwned): boolean {
  if (!canProposeKb(user.role)) return false;
  return !isUnitRole(user.role) || article.ownerUnitId === user.unitId;
}

/** A supervisor may not wave through their own proposal; an admin may. Rejecting is always allowed. */
export function canApproveKbVersion(user: TKbUser, version: { proposedBy: string | null }): boolean {
  return canReviewKb(user.role) && (user.role === 'admin' || version.proposedBy !== user.id);
}
