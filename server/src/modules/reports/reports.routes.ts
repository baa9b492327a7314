import { ZReportSummaryQuery } from '@hotline/shared';
import { Router } from 'express';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { dataQualityReport, provinceExport } from './province-export.repository';
import { reportSummary } from './report.repository';
import { buildWorkReport } from './work-report';
import { workReportCsv, workReportXlsx } from './work-report-export';

const MAX_DAYS = 400;

/** A period of at most MAX_DAYS China-time days (a year and a bit: reports go by month up to a year). */
const ZPeriodQuery = ZReportSummaryQuery.refine(
  (q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS,
  { message: `at most ${MAX_DAYS} days`, path: ['to'] },
);

function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * 报表: the work report's hotline section, its downloads, the data-quality check and the province
 * export, all read from the read replica.
 */
export function reportRoutes(ctx: TAppContext): Router {
  const r = Router();
  const spec = (path: string, summary: string) => ({
    method: 'get' as const,
    path,
    summary,
    tag: 'reports',
    permission: 'reports.read' as const,
    query: ZPeriodQuery,
    statuses: [400, 403],
  });

  route(
    r,
    spec(
      '/reports/summary',
      "The work report's headline figures for China-time days from..to (rates: 4-decimal fractions)",
    ),
    async ({ query }) => reportSummary(ctx.readDb, query.from, query.to),
  );
  route(
    r,
    spec(
      '/reports/work-report',
      'The hotline section of a work report: summary, by channel, month and unit, and its paragraph',
    ),
    async ({ query }) => buildWorkReport(ctx.readDb, query.from, query.to),
  );
  route(
    r,
    spec('/reports/work-report.xlsx', 'The work report as an XLSX workbook'),
    async ({ query, res }) => {
      const body = await workReportXlsx(await buildWorkReport(ctx.readDb, query.from, query.to));
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .setHeader('Content-Disposition', attachment(`热线工作报告_${query.from}_${query.to}.xlsx`))
        .send(body);
    },
  );
  route(
    r,
    spec('/reports/work-report.csv', 'The work report as CSV (UTF-8 with BOM)'),
    async ({ query, res }) => {
      const body = workReportCsv(await buildWorkReport(ctx.readDb, query.from, query.to));
      res
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', attachment(`热线工作报告_${query.from}_${query.to}.csv`))
        .send(body);
    },
  );
  route(
    r,
    spec(
      '/reports/data-quality',
      'Self-check before sending to the provincial platform: incomplete or late records',
    ),
    async ({ query }) => dataQualityReport(ctx.readDb, query.from, query.to),
  );
  route(
    r,
    spec(
      '/reports/province-export.json',
      'Tickets of the period in the provincial format (docs/province-export.md)',
    ),
    async ({ query, res }) => {
      const body = await provinceExport(ctx.readDb, query.from, query.to, ctx.clock());
      res
        .setHeader('Content-Disposition', attachment(`province-export_${query.from}_${query.to}.json`))
        .json(body);
    },
  );
  return r;
}
