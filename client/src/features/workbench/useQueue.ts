import type { TTicketRealtimeMessage, TTicketSummary } from '@hotline/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTicketEvents } from '../../realtime/useSocket';
import { MAX_REFRESH, QUEUE_PAGE, workbenchApi, type TQueueSource } from './workbenchApi';

type TQueueState = {
  items: TTicketSummary[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
};

/** Live events are gathered this long before the queue is read again. */
const REFRESH_DELAY_MS = 300;

/**
 * One work queue: first page, "load more" by cursor, and a live re-read when a ticket event may
 * change it (`joins`: an event for a ticket not shown yet that could belong here). The server owns
 * membership and order, so a live change re-reads the rows on screen instead of patching them.
 */
export function useQueue(
  source: TQueueSource,
  joins: (msg: TTicketRealtimeMessage) => boolean,
  enabled = true,
) {
  const [state, setState] = useState<TQueueState>({
    items: [],
    nextCursor: null,
    loading: enabled,
    loadingMore: false,
    error: null,
  });
  const key = JSON.stringify(source);
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });
  const generation = useRef(0);
  const itemsRef = useRef<TTicketSummary[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    itemsRef.current = state.items;
  }, [state.items]);

  /** Reads the first `limit` rows again; older answers are dropped. */
  const read = useCallback((limit: number, signal?: AbortSignal) => {
    const gen = ++generation.current;
    return workbenchApi.page(sourceRef.current, { limit, signal }).then(
      (res) => {
        if (gen !== generation.current) return;
        setState({
          items: res.items,
          nextCursor: res.nextCursor,
          loading: false,
          loadingMore: false,
          error: null,
        });
      },
      (error: unknown) => {
        if (gen !== generation.current || (error as Error)?.name === 'AbortError') return;
        setState((s) => ({ ...s, loading: false, loadingMore: false, error }));
      },
    );
  }, []);

  useEffect(() => {
    if (!enabled) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    void read(QUEUE_PAGE, ctrl.signal);
    return () => ctrl.abort();
  }, [key, enabled, read]);

  const refresh = useCallback(() => {
    const shown = Math.max(QUEUE_PAGE, itemsRef.current.length);
    return read(Math.min(shown, MAX_REFRESH));
  }, [read]);

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (!cursor || state.loadingMore || state.loading) return;
    const gen = generation.current;
    setState((s) => ({ ...s, loadingMore: true }));
    workbenchApi.page(sourceRef.current, { cursor }).then(
      (res) => {
        if (gen !== generation.current) return;
        setState((s) => {
          const seen = new Set(s.items.map((i) => i.id));
          const added = res.items.filter((i) => !seen.has(i.id));
          return { ...s, items: [...s.items, ...added], nextCursor: res.nextCursor, loadingMore: false };
        });
      },
      (error: unknown) => {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, loadingMore: false, error }));
      },
    );
  }, [state.nextCursor, state.loadingMore, state.loading]);

  /** Takes a row out at once after this user acted on it; the re-read confirms. */
  const remove = useCallback(
    (id: string) => {
      setState((s) => ({ ...s, items: s.items.filter((i) => i.id !== id) }));
      void refresh();
    },
    [refresh],
  );

  useTicketEvents((msg) => {
    if (!enabled) return;
    if (!itemsRef.current.some((i) => i.id === msg.ticketId) && !joins(msg)) return;
    timer.current ??= setTimeout(() => {
      timer.current = null;
      void refresh();
    }, REFRESH_DELAY_MS);
  });

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { ...state, hasMore: state.nextCursor !== null, loadMore, refresh, remove };
}
