import { HOTLINE_ROLES, type TSessionUser } from '@hotline/shared';

export const MISSED_CALLS_PATH = '/calls/missed';

/** Calls are the hotline's: agents, dispatchers, supervisors and admins (the server checks again). */
export function canUseCalls(user: Pick<TSessionUser, 'role'>): boolean {
  return HOTLINE_ROLES.includes(user.role);
}

export function isMissedCallsPath(pathname: string): boolean {
  return (pathname.replace(/\/+$/, '') || '/') === MISSED_CALLS_PATH;
}

/** The create page, prefilled from a call: the phone and the call it came from. */
export function createFromCallPath(phone: string | null, callId: string): string {
  const q = new URLSearchParams();
  if (phone) q.set('phone', phone);
  q.set('callId', callId);
  return `/tickets/new?${q.toString()}`;
}

/** What the create page takes from a screen pop's 「新建工单」 (`?phone=&callId=`). */
export function callPrefill(search: string): { phone: string | null; callId: string | null } {
  const q = new URLSearchParams(search);
  const phone = q.get('phone');
  const callId = q.get('callId');
  return {
    phone: phone && /^\+?[0-9-]{5,20}$/.test(phone) ? phone : null,
    callId: callId && callId.length <= 200 ? callId : null,
  };
}
