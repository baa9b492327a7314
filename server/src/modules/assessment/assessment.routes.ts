import {
  AppError,
  ZAssessmentQuery,
  ZAssessmentRunInput,
  ZAssessmentSchemeInput,
  ZPeriodKey,
} from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { applyKpiRollup } from '../kpi/kpi-rollup';
import { findScheme, listSchemes } from './assessment.repository';
import { getNotice } from './use-cases/get-notice';
import { getRankings } from './use-cases/get-rankings';
import { getUnitBreakdown } from './use-cases/get-unit-breakdown';
import { createScheme, deleteScheme, updateScheme } from './use-cases/manage-schemes';
import { runAssessment } from './use-cases/run-assessment';

const ZId = z.object({ id: z.uuid() });

/**
 * 考核: schemes (admins write, supervisors read), scoring, rankings, breakdowns and notices. Rankings,
 * breakdowns and notices read the read replica; schemes stay on the primary (an admin reads back
 * what was just saved).
 */
export function assessmentRoutes(ctx: TAppContext): Router {
  const r = Router();
  const read = { ...ctx, db: ctx.readDb };
  const tag = 'assessment';

  route(
    r,
    {
      method: 'get',
      path: '/assessment/schemes',
      summary: 'Assessment schemes',
      tag,
      permission: 'assessment.read',
    },
    async () => ({
      items: await listSchemes(ctx.db),
    }),
  );
  route(
    r,
    {
      method: 'get',
      path: '/assessment/schemes/:id',
      summary: 'One assessment scheme',
      tag,
      permission: 'assessment.read',
      params: ZId,
      statuses: [404],
    },
    async ({ params }) => {
      const s = await findScheme(ctx.db, params.id);
      if (!s) throw new AppError('NOT_FOUND', 'No such assessment scheme');
      return s;
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/assessment/schemes',
      summary: 'Create an assessment scheme (KPIs, weights, floors, tiers, bonus / penalty lines)',
      tag,
      permission: 'assessment.manage',
      body: ZAssessmentSchemeInput,
      statuses: [201, 400, 403],
    },
    async ({ actor, body, res }) => {
      const created = await createScheme(ctx, actor, body);
      res.status(201);
      return created;
    },
  );
  route(
    r,
    {
      method: 'put',
      path: '/assessment/schemes/:id',
      summary: 'Replace an assessment scheme',
      tag,
      permission: 'assessment.manage',
      params: ZId,
      body: ZAssessmentSchemeInput,
      statuses: [400, 403, 404],
    },
    async ({ actor, params, body }) => updateScheme(ctx, actor, params.id, body),
  );
  route(
    r,
    {
      method: 'delete',
      path: '/assessment/schemes/:id',
      summary: 'Delete a scheme that has no stored rankings',
      tag,
      permission: 'assessment.manage',
      params: ZId,
      statuses: [204, 403, 404, 409],
    },
    async ({ actor, params }) => {
      await deleteScheme(ctx, actor, params.id);
      return undefined;
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/assessment/run',
      summary: 'Score a period now (default: last month with the default scheme) and store the rankings',
      tag,
      permission: 'assessment.run',
      body: ZAssessmentRunInput,
      statuses: [400, 403, 404],
    },
    async ({ body }) => {
      // The figures up to now: the roll-up is exactly-once and safe beside the workers' runs.
      await applyKpiRollup(ctx.db);
      return runAssessment(ctx, body);
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/assessment/rankings',
      summary: 'Ranking tables per tier with the red and black lists (stored by the last run)',
      tag,
      permission: 'assessment.read',
      query: ZAssessmentQuery,
      statuses: [400, 403, 404],
    },
    async ({ query }) => getRankings(read, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/assessment/units/:unitId',
      summary: "A unit's score item by item, each linked to the tickets behind it (own unit or subtree)",
      tag,
      permission: 'assessment.unit.read',
      params: z.object({ unitId: z.uuid() }),
      query: ZAssessmentQuery,
      statuses: [400, 404],
    },
    async ({ actor, params, query }) => getUnitBreakdown(read, actor, params.unitId, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/assessment/notices/:period',
      summary: '阶段性考核排名通报: the notice of a scored period',
      tag,
      permission: 'assessment.read',
      params: z.object({ period: ZPeriodKey }),
      query: z.object({ schemeId: z.uuid().optional() }),
      statuses: [400, 403, 404],
    },
    async ({ params, query }) => getNotice(read, { period: params.period, schemeId: query.schemeId }),
  );
  return r;
}
