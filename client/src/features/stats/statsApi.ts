import type { TRole, TSessionUser, TStatsOverview } from '@hotline/shared';
import { apiGet } from '../../api/http';

export const OVERVIEW_PATH = '/overview';

const OVERVIEW_ROLES: readonly TRole[] = ['supervisor', 'admin', 'dispatcher'];

/** 监督总览 is for the desks that watch the whole hotline (the server checks again). */
export function canViewOverview(user: Pick<TSessionUser, 'role'>): boolean {
  return OVERVIEW_ROLES.includes(user.role);
}

export function isOverviewPath(pathname: string): boolean {
  return (pathname.replace(/\/+$/, '') || '/') === OVERVIEW_PATH;
}

export const statsApi = {
  overview: (date: string | undefined, signal?: AbortSignal) =>
    apiGet<TStatsOverview>('/stats/overview', { query: { date }, signal }),
};
