import { HOTLINE_ROLES, TICKET_TRANSITIONS, isUnitRole, type TSessionUser } from '@hotline/shared';

export const DISPATCH_DESK_PATH = '/dispatch-desk';
export const UNIT_DESK_PATH = '/unit-desk';
export const CALLBACKS_PATH = '/callbacks';

type TUser = Pick<TSessionUser, 'role' | 'unitKind'>;
const clean = (pathname: string) => pathname.replace(/\/+$/, '') || '/';

/** The city centre's dispatchers work the desk; admins look over it (the server checks every action). */
export function canUseDispatchDesk(user: TUser): boolean {
  return (user.role === 'dispatcher' || user.role === 'admin') && user.unitKind === 'hotline';
}

/** Member units, and district branches' dispatchers, who hold assignments of their own. */
export function canUseUnitDesk(user: TUser): boolean {
  return isUnitRole(user.role) || (user.role === 'dispatcher' && user.unitKind !== 'hotline');
}

/** The hotline calls citizens back; only the roles the transition table names record the survey. */
export function canUseCallbacks(user: TUser): boolean {
  return HOTLINE_ROLES.includes(user.role) && user.unitKind === 'hotline';
}

export function canRecordCallback(user: Pick<TSessionUser, 'role'>): boolean {
  return TICKET_TRANSITIONS.callback.roles.includes(user.role);
}

export const isDispatchDeskPath = (pathname: string) => clean(pathname) === DISPATCH_DESK_PATH;
export const isUnitDeskPath = (pathname: string) => clean(pathname) === UNIT_DESK_PATH;
export const isCallbacksPath = (pathname: string) => clean(pathname) === CALLBACKS_PATH;
