import type { TRole, TSessionUser } from '@hotline/shared';

export const POLLS_PATH = '/polls';
export const pollPath = (id: string) => `${POLLS_PATH}/${encodeURIComponent(id)}`;

const READ_ROLES: readonly TRole[] = ['agent', 'dispatcher', 'supervisor', 'admin'];
const RUN_ROLES: readonly TRole[] = ['supervisor', 'admin'];
const ANSWER_ROLES: readonly TRole[] = ['agent', 'supervisor'];

/** 民意调查 is the city centre's (the server checks again, also that the unit is the centre itself). */
export function canUsePolls(user: Pick<TSessionUser, 'role' | 'unitKind'>): boolean {
  return READ_ROLES.includes(user.role) && user.unitKind === 'hotline';
}
/** Supervisors open and close campaigns. */
export function canRunPolls(role: TRole): boolean {
  return RUN_ROLES.includes(role);
}
/** Agents (and supervisors) make the calls and record the answers. */
export function canAnswerPolls(role: TRole): boolean {
  return ANSWER_ROLES.includes(role);
}

export type TPollsRoute = { name: 'polls' } | { name: 'poll'; id: string };

/** `/polls` or `/polls/:id`; null for any other path. */
export function matchPollsPath(pathname: string): TPollsRoute | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === POLLS_PATH) return { name: 'polls' };
  const m = /^\/polls\/([^/]+)$/.exec(path);
  return m?.[1] ? { name: 'poll', id: decodeURIComponent(m[1]) } : null;
}
