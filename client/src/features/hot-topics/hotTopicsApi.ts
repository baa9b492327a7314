import type { THotTopicAlertDto, THotTopicStatus, THotTopicTicketDto, TSessionUser } from '@hotline/shared';
import { apiGet, apiPost } from '../../api/http';

export const HOT_TOPICS_PATH = '/hot-topics';

/** 热点预警 is for supervisors and admins (the server checks again). */
export const canViewHotTopics = (u: Pick<TSessionUser, 'role'>) =>
  u.role === 'supervisor' || u.role === 'admin';

export const isHotTopicsPath = (pathname: string) =>
  (pathname.replace(/\/+$/, '') || '/') === HOT_TOPICS_PATH;

export type THotTopicDetail = {
  alert: THotTopicAlertDto;
  tickets: THotTopicTicketDto[];
  hiddenCount: number;
};

export const hotTopicsApi = {
  list: (q: { status?: THotTopicStatus[]; cursor?: string }, signal?: AbortSignal) => {
    const params = new URLSearchParams({ limit: '50' });
    if (q.status?.length) params.set('status', q.status.join(','));
    if (q.cursor) params.set('cursor', q.cursor);
    return apiGet<{ items: THotTopicAlertDto[]; nextCursor: string | null }>(`/hot-topics?${params}`, {
      signal,
    });
  },
  detail: (id: string, signal?: AbortSignal) => apiGet<THotTopicDetail>(`/hot-topics/${id}`, { signal }),
  ack: (id: string) => apiPost<{ alert: THotTopicAlertDto }>(`/hot-topics/${id}/ack`, {}),
  close: (id: string) => apiPost<{ alert: THotTopicAlertDto }>(`/hot-topics/${id}/close`, {}),
};

/** A tail probability as people read it: 3.2e-11 → "3.2×10⁻¹¹". */
export function formatProbability(p: number): string {
  if (p === 0) return '0';
  const [mantissa, exp] = p.toExponential(1).split('e');
  const sup = String(Number(exp)).replace(/[-0-9]/g, (c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]!);
  return `${mantissa}×10${sup}`;
}
