import type { TTicketLinksResponse } from '@hotline/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet } from '../../../api/http';

export const ticketLinksApi = {
  get: (id: string, signal?: AbortSignal) =>
    apiGet<TTicketLinksResponse>(`/tickets/${encodeURIComponent(id)}/links`, { signal }),
};

type TState = { data: TTicketLinksResponse | null; loading: boolean; error: unknown };

/**
 * The calls, attachments and merges of a ticket. Fetched again whenever the ticket's version
 * moves (a merge, a reply with files), without hiding what is already on screen.
 */
export function useTicketLinks(id: string, version: number) {
  const [state, setState] = useState<TState>({ data: null, loading: true, error: null });
  const request = useRef(0);

  const fetchLinks = useCallback(
    async (signal?: AbortSignal) => {
      const n = ++request.current;
      setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const data = await ticketLinksApi.get(id, signal);
        if (n === request.current) setState({ data, loading: false, error: null });
      } catch (error) {
        if (n !== request.current || signal?.aborted) return;
        setState((s) => ({ data: s.data, loading: false, error }));
      }
    },
    [id],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    void fetchLinks(ctrl.signal);
    return () => ctrl.abort();
  }, [fetchLinks, version]);

  const reload = useCallback(() => fetchLinks(), [fetchLinks]);
  return { ...state, reload };
}
