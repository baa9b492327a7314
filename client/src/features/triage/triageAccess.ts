import type { TRole, TSessionUser } from '@hotline/shared';

export const TRIAGE_PATH = '/triage';

const TRIAGE_ROLES: readonly TRole[] = ['agent', 'dispatcher', 'supervisor'];

/** The WeChat / Weibo inbox is the city centre's (the server checks again). */
export function canUseTriage(user: Pick<TSessionUser, 'role' | 'unitKind'>): boolean {
  return TRIAGE_ROLES.includes(user.role) && user.unitKind === 'hotline';
}

export function isTriagePath(pathname: string): boolean {
  return (pathname.replace(/\/+$/, '') || '/') === TRIAGE_PATH;
}
