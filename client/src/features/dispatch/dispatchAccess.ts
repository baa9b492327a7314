import type { TRole, TSessionUser } from '@hotline/shared';

export const DISPATCH_ADMIN_PATH = '/admin/dispatch';

const VIEW_ROLES: readonly TRole[] = ['admin', 'dispatcher', 'supervisor'];

/** Dispatchers and supervisors read the catalogue they work by; only admins change it (the server checks again). */
export function canViewDispatchAdmin(user: Pick<TSessionUser, 'role'>): boolean {
  return VIEW_ROLES.includes(user.role);
}

export function canEditDispatch(role: TRole): boolean {
  return role === 'admin';
}

export function isDispatchAdminPath(pathname: string): boolean {
  return (pathname.replace(/\/+$/, '') || '/') === DISPATCH_ADMIN_PATH;
}
