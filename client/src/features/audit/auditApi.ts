import { can, type TAuditAction, type TAuditListResponse, type TSessionUser } from '@hotline/shared';
import { apiGet } from '../../api/http';

export const AUDIT_PATH = '/admin/audit';

/** 审计日志 is for admins (the server checks again). */
export const canViewAudit = (u: Pick<TSessionUser, 'role'>) => can(u.role, 'audit.read');

export const isAuditPath = (pathname: string) => (pathname.replace(/\/+$/, '') || '/') === AUDIT_PATH;

export type TAuditFilters = {
  from?: string;
  to?: string;
  actor?: string;
  action?: TAuditAction;
  subject?: string;
};

export const auditApi = {
  list: (filters: TAuditFilters, cursor: string | null, signal?: AbortSignal) =>
    apiGet<TAuditListResponse>('/audit', {
      signal,
      query: { ...filters, limit: 50, cursor: cursor ?? undefined },
    }),
};
