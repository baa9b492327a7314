import { ZAuditQuery, type TAuditListResponse } from '@hotline/shared';
import { Router } from 'express';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { searchAudit } from './audit.repository';

/** 审计日志: admins search who saw citizens' full details and confidential tickets. */
export function auditRoutes(ctx: TAppContext): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/audit',
      summary: 'Search the audit log of views of personal data and confidential tickets (newest first)',
      tag: 'admin',
      permission: 'audit.read',
      query: ZAuditQuery,
      statuses: [400, 403],
    },
    async ({ query }): Promise<TAuditListResponse> => searchAudit(ctx.db, query),
  );
  return r;
}
