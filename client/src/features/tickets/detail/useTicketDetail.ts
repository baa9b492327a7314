import { useCallback, useEffect, useRef, useState } from 'react';
import type { TPresenceMessage, TTicketDetailResponse, TTicketRealtimeMessage } from '@hotline/shared';
import { ticketsApi } from '../../../api/endpoints';
import { useTicketEvents, useWatchTicket } from '../../../realtime/useSocket';

type TDetailState = { data: TTicketDetailResponse | null; loading: boolean; error: unknown };

/**
 * One ticket with its timeline, assignments, deadlines and the actions this user may take.
 * Joins the ticket's socket.io room while mounted and refetches (without a spinner) whenever the
 * server reports a newer version.
 */
export function useTicketDetail(id: string, onRemoteChange?: (msg: TTicketRealtimeMessage) => void) {
  const [state, setState] = useState<TDetailState>({ data: null, loading: true, error: null });
  const [viewers, setViewers] = useState<TPresenceMessage['viewers']>([]);
  const versionRef = useRef<number>(-1);
  const request = useRef(0);

  const fetchDetail = useCallback(
    async (opts: { silent?: boolean; signal?: AbortSignal } = {}) => {
      const n = ++request.current;
      if (!opts.silent) setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const data = await ticketsApi.get(id, opts.signal);
        if (n !== request.current) return;
        versionRef.current = data.ticket.version;
        setState({ data, loading: false, error: null });
      } catch (error) {
        if (n !== request.current || opts.signal?.aborted) return;
        // A failed silent refresh keeps what is on screen.
        setState((s) =>
          opts.silent && s.data ? { ...s, loading: false } : { data: null, loading: false, error },
        );
      }
    },
    [id],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    versionRef.current = -1;
    setViewers([]);
    void fetchDetail({ signal: ctrl.signal });
    return () => ctrl.abort();
  }, [fetchDetail]);

  useTicketEvents((msg) => {
    if (msg.ticketId !== id || msg.version <= versionRef.current) return;
    onRemoteChange?.(msg);
    void fetchDetail({ silent: true });
  });

  useWatchTicket(id, (msg) => setViewers(msg.viewers));

  const refresh = useCallback(() => fetchDetail({ silent: true }), [fetchDetail]);
  const reload = useCallback(() => fetchDetail(), [fetchDetail]);
  /** After our own action: remember its version (so its echo is not news) and fetch the new timeline. */
  const afterAction = useCallback(
    (version: number) => {
      versionRef.current = Math.max(versionRef.current, version);
      return fetchDetail({ silent: true });
    },
    [fetchDetail],
  );

  return { ...state, viewers, refresh, reload, afterAction };
}
