import type { TSessionUser } from '@hotline/shared';

export const RANKINGS_PATH = '/rankings';
export const SCHEMES_PATH = '/assessment/schemes';
export const MY_SCORE_PATH = '/assessment/mine';
export const noticePath = (period: string) => `/notices/${encodeURIComponent(period)}`;

export type TAssessmentPage =
  { page: 'rankings' } | { page: 'schemes' } | { page: 'mine' } | { page: 'notice'; period: string };

/** `/rankings`, `/assessment/schemes`, `/assessment/mine`, `/notices/:period`; null for any other path. */
export function matchAssessmentPath(pathname: string): TAssessmentPage | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === RANKINGS_PATH) return { page: 'rankings' };
  if (path === SCHEMES_PATH) return { page: 'schemes' };
  if (path === MY_SCORE_PATH) return { page: 'mine' };
  const m = /^\/notices\/([^/]+)$/.exec(path);
  return m?.[1] ? { page: 'notice', period: decodeURIComponent(m[1]) } : null;
}

/** Rankings, notices and schemes (read) are for supervisors and admins; admins edit schemes. */
export const canViewRankings = (u: Pick<TSessionUser, 'role'>) =>
  u.role === 'supervisor' || u.role === 'admin';
export const canEditSchemes = (u: Pick<TSessionUser, 'role'>) => u.role === 'admin';
/** 本单位考核: staff of member units and district branches (not the centre's own desks). */
export const canViewOwnScore = (u: Pick<TSessionUser, 'role' | 'unitKind'>) =>
  u.unitKind !== 'hotline' && !canViewRankings(u);

/** The month before the current one in China time, as `YYYY-MM`. */
export function lastMonthKey(now = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}
