import { can, type TRole, type TSessionUser, type TUnitView } from '@hotline/shared';
import { apiDelete, apiGet, apiPatch, apiPost } from '../../api/http';

export const USERS_PATH = '/admin/users';

/** 账号与会话 is for admins (the server checks again). */
export const canManageUsers = (u: Pick<TSessionUser, 'role'>) => can(u.role, 'sessions.manage');

export const isUsersPath = (pathname: string) => (pathname.replace(/\/+$/, '') || '/') === USERS_PATH;

export type TUserRow = {
  id: string;
  username: string;
  displayName: string;
  role: TRole;
  unitId: string;
  active: boolean;
  lastLoginAt: string | null;
};

export type TSessionRow = {
  handle: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

export type TNewUser = {
  username: string;
  displayName: string;
  role: TRole;
  unitId: string;
  password: string;
};

export const usersApi = {
  list: () => apiGet<{ items: TUserRow[] }>('/users'),
  units: () => apiGet<{ items: TUnitView[] }>('/units'),
  create: (body: TNewUser) => apiPost<{ user: TUserRow }>('/users', body),
  update: (id: string, body: Partial<Omit<TNewUser, 'username'>> & { active?: boolean }) =>
    apiPatch<{ user: TUserRow }>(`/users/${id}`, body),
  sessions: (userId: string) => apiGet<{ items: TSessionRow[] }>(`/users/${userId}/sessions`),
  revokeSession: (handle: string) => apiDelete<void>(`/sessions/${handle}`),
  revokeAll: (userId: string) => apiDelete<{ revoked: number }>(`/users/${userId}/sessions`),
  changeOwnPassword: (currentPassword: string, newPassword: string) =>
    apiPost<{ otherSessionsEnded: number }>('/auth/password', { currentPassword, newPassword }),
};

/** The first message the server gave for a field (`details.fields[field]`), if any. */
export function fieldError(err: unknown, field: string): string | undefined {
  const details = (err as { details?: { fields?: Record<string, string[]> } } | null)?.details;
  return details?.fields?.[field]?.[0];
}
