import type { TSystemAlertDto } from '@hotline/shared';
import { desc, isNull } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { systemAlerts } from '../../infra/db/schema';
import { route } from '../../infra/http/route-table';
import { checkCalendarCoverage } from './calendar-coverage';

const ZAlertsQuery = z.object({
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(true),
});

const alertView = (a: typeof systemAlerts.$inferSelect): TSystemAlertDto => ({
  id: a.id,
  kind: a.kind,
  key: a.key,
  level: a.level as TSystemAlertDto['level'],
  message: a.message,
  details: a.details,
  raisedAt: a.raisedAt.toISOString(),
  resolvedAt: a.resolvedAt?.toISOString() ?? null,
});

/** System alerts for admins and supervisors (e.g. next year's holidays not entered). */
export function alertRoutes(ctx: TAppContext): Router {
  const r = Router();
  route(
    r,
    {
      method: 'get',
      path: '/alerts',
      summary: 'System alerts (open ones by default)',
      tag: 'admin',
      permission: 'alerts.read',
      query: ZAlertsQuery,
      statuses: [400, 403],
    },
    async ({ query }) => {
      const rows = await ctx.db
        .select()
        .from(systemAlerts)
        .where(query.open ? isNull(systemAlerts.resolvedAt) : undefined)
        .orderBy(desc(systemAlerts.raisedAt))
        .limit(200);
      return { items: rows.map(alertView) };
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/alerts/check',
      summary: 'Run the calendar coverage check now',
      tag: 'admin',
      permission: 'alerts.check',
      statuses: [403],
    },
    async () => checkCalendarCoverage(ctx, ctx.clock()),
  );
  return r;
}
