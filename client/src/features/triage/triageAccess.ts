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

/** A conversation opened in the inbox (the screen pop links to the caller's open ones). */
export function conversationPath(id: string): string {
  return `${TRIAGE_PATH}?conversation=${encodeURIComponent(id)}`;
}

/** The conversation a link asked the inbox to open, if any. */
export function linkedConversation(search: string): string | null {
  const id = new URLSearchParams(search).get('conversation');
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}
