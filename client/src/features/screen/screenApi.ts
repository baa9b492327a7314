import type {
  TKpiTicketMetric,
  TKpiTicketsResponse,
  TRole,
  TScreenLive,
  TSessionUser,
} from '@hotline/shared';
import { apiGet } from '../../api/http';

export const SCREEN_PATH = '/screen';

const SCREEN_ROLES: readonly TRole[] = ['supervisor', 'admin'];

/** The big screen shows the whole city: the centre's supervisors and admins (the server checks again). */
export function canOpenScreen(user: Pick<TSessionUser, 'role'>): boolean {
  return SCREEN_ROLES.includes(user.role);
}

export function isScreenPath(pathname: string): boolean {
  return (pathname.replace(/\/+$/, '') || '/') === SCREEN_PATH;
}

/** What a chart's click opens: the events behind a KPI counter, or today's tickets of a bar. */
export type TDrill =
  | {
      kind: 'kpi';
      title: string;
      metric: TKpiTicketMetric;
      from: string;
      to: string;
      unitId?: string;
      line?: string;
      channel?: string;
    }
  | { kind: 'screen'; title: string; by: 'district' | 'category' | 'hotTopic'; id?: string | null };

export const screenApi = {
  live: (signal?: AbortSignal) => apiGet<TScreenLive>('/screen/live', { signal }),
  drill: (d: TDrill, cursor?: string | null, signal?: AbortSignal) =>
    d.kind === 'kpi'
      ? apiGet<TKpiTicketsResponse>('/kpi/tickets', {
          query: {
            metric: d.metric,
            from: d.from,
            to: d.to,
            unitId: d.unitId,
            line: d.line,
            channel: d.channel,
            cursor,
          },
          signal,
        })
      : apiGet<TKpiTicketsResponse>('/screen/tickets', { query: { kind: d.by, id: d.id }, signal }),
};
