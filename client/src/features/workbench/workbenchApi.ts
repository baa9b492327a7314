import type { TTicketListResponse, TTicketQueue } from '@hotline/shared';
import { apiGet } from '../../api/http';

/** One page of a work queue; the awaiting-sign-off list is the unit manager's own filter. */
export type TQueueSource = { queue: TTicketQueue } | { awaitingSignoff: true };

export const QUEUE_PAGE = 30;
/** A live refresh re-reads what is on screen in one request, up to the server's page limit. */
export const MAX_REFRESH = 200;

export const workbenchApi = {
  page: (source: TQueueSource, opts: { cursor?: string; limit?: number; signal?: AbortSignal } = {}) =>
    apiGet<TTicketListResponse>('/tickets', {
      signal: opts.signal,
      query: {
        ...('queue' in source
          ? { queue: source.queue }
          : { awaitingSignoff: true, open: true, sort: 'due_asc' }),
        cursor: opts.cursor,
        limit: opts.limit ?? QUEUE_PAGE,
      },
    }),
};
