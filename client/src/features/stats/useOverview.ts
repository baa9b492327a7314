import type { TStatsOverview } from '@hotline/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTicketEvents } from '../../realtime/useSocket';
import { statsApi } from './statsApi';

/** Ticket events arrive in bursts (a dispatch moves several figures): one refetch per second at most. */
export const LIVE_DEBOUNCE_MS = 1000;
/** Warnings and breaches also come with time alone; the workers announce them, this is the safety net. */
const POLL_MS = 60_000;

type TState = { data: TStatsOverview | null; loading: boolean; error: unknown };

/**
 * The overview of one day, refetched (without a spinner) a second after ticket events stop
 * arriving; the hotline's desks get every ticket event through their socket's `hotline` room.
 */
export function useOverview(date: string | undefined) {
  const [state, setState] = useState<TState>({ data: null, loading: true, error: null });
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchOverview = useCallback(
    async (opts: { silent?: boolean; signal?: AbortSignal } = {}) => {
      const n = ++request.current;
      if (!opts.silent) setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const data = await statsApi.overview(date, opts.signal);
        if (n !== request.current) return;
        setState({ data, loading: false, error: null });
        setUpdatedAt(Date.now());
      } catch (error) {
        if (n !== request.current || opts.signal?.aborted) return;
        // A failed live refresh keeps the figures on screen.
        setState((s) =>
          opts.silent && s.data ? { ...s, loading: false } : { data: null, loading: false, error },
        );
      }
    },
    [date],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    void fetchOverview({ signal: ctrl.signal });
    const poll = setInterval(() => void fetchOverview({ silent: true }), POLL_MS);
    return () => {
      ctrl.abort();
      clearInterval(poll);
    };
  }, [fetchOverview]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  // The first event of a burst starts the timer; later ones ride along, so a steady stream of
  // events still refreshes the figures every second instead of postponing them forever.
  useTicketEvents(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void fetchOverview({ silent: true });
    }, LIVE_DEBOUNCE_MS);
  });

  const reload = useCallback(() => fetchOverview(), [fetchOverview]);
  return { ...state, updatedAt, reload };
}
