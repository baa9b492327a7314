import type { TDataQualityReport, TSessionUser, TWorkReport } from '@hotline/shared';

export type { TDataQualityReport, TWorkReport };
import { API_BASE, apiGet } from '../../api/http';

export const REPORTS_PATH = '/reports';

/** 报表 is for supervisors and admins (the server checks again). */
export const canViewReports = (u: Pick<TSessionUser, 'role'>) =>
  u.role === 'supervisor' || u.role === 'admin';

export const isReportsPath = (pathname: string) => (pathname.replace(/\/+$/, '') || '/') === REPORTS_PATH;

export type TPeriodRange = { from: string; to: string };

export const reportsApi = {
  workReport: (p: TPeriodRange, signal?: AbortSignal) =>
    apiGet<TWorkReport>('/reports/work-report', { query: p, signal }),
  dataQuality: (p: TPeriodRange) => apiGet<TDataQualityReport>('/reports/data-quality', { query: p }),
};

/** Downloads go through the browser (the session cookie comes along; GETs need no CSRF header). */
export const downloadUrl = (
  file: 'work-report.xlsx' | 'work-report.csv' | 'province-export.json',
  p: TPeriodRange,
) => `${API_BASE}/reports/${file}?from=${p.from}&to=${p.to}`;

/** 0.9986 → "99.86%", 0.996 → "99.6%", like the report's text. */
export const formatPercent = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
