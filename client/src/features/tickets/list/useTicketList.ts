import { useCallback, useEffect, useRef, useState } from 'react';
import type { TTicketRealtimeMessage, TTicketSummary } from '@hotline/shared';
import { ticketsApi } from '../../../api/endpoints';
import { useTicketEvents } from '../../../realtime/useSocket';
import {
  insertSorted,
  matchesFilters,
  statusMatches,
  toQuery,
  toSummary,
  type TListFilters,
} from './listFilters';

type TListState = {
  items: TTicketSummary[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
};

/** How long to gather realtime events before refetching the tickets they name. */
const REFETCH_DELAY_MS = 250;
/** Rows that arrived live are highlighted this long. */
const FRESH_MS = 6000;

/**
 * The ticket list of one filter set: first page, "load more" by cursor, and live updates from
 * socket.io (rows patched in place, new matching tickets inserted where the sort puts them).
 */
export function useTicketList(filters: TListFilters) {
  const [state, setState] = useState<TListState>({
    items: [],
    nextCursor: null,
    loading: true,
    loadingMore: false,
    error: null,
  });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [attempt, setAttempt] = useState(0);
  // Results of an older filter set (or an older live refetch) are dropped.
  const generation = useRef(0);
  const itemsRef = useRef<TTicketSummary[]>([]);
  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    itemsRef.current = state.items;
  }, [state.items]);

  useEffect(() => {
    const gen = ++generation.current;
    const ctrl = new AbortController();
    pending.current.clear();
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setState((s) => ({ ...s, loading: true, error: null }));
    ticketsApi.list(toQuery(filters), ctrl.signal).then(
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
        if (gen !== generation.current || ctrl.signal.aborted) return;
        setState({ items: [], nextCursor: null, loading: false, loadingMore: false, error });
      },
    );
    return () => ctrl.abort();
  }, [filters, attempt]);

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (!cursor || state.loadingMore || state.loading) return;
    const gen = generation.current;
    setState((s) => ({ ...s, loadingMore: true }));
    ticketsApi.list(toQuery(filters, cursor)).then(
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
  }, [filters, state.nextCursor, state.loadingMore, state.loading]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const flush = useCallback(() => {
    timer.current = null;
    const ids = [...pending.current];
    pending.current.clear();
    const gen = generation.current;
    for (const id of ids) {
      ticketsApi.get(id).then(
        ({ ticket }) => {
          if (gen !== generation.current) return;
          const summary = toSummary(ticket);
          const known = itemsRef.current.some((i) => i.id === id);
          if (!known && !matchesFilters(filters, summary)) return;
          setState((s) => {
            const index = s.items.findIndex((i) => i.id === id);
            if (index >= 0) {
              const current = s.items[index];
              if (current && current.version > summary.version) return s;
              const items = s.items.slice();
              items[index] = summary;
              return { ...s, items };
            }
            return { ...s, items: insertSorted(s.items, summary, filters.sort, s.nextCursor !== null) };
          });
          if (!known) markFresh(setFresh, id);
        },
        () => undefined, // not visible to this user (any more): nothing to show
      );
    }
  }, [filters]);

  useTicketEvents((msg: TTicketRealtimeMessage) => {
    const row = itemsRef.current.find((i) => i.id === msg.ticketId);
    if (row) {
      if (row.version >= msg.version) return;
      // Show the new status at once; the refetch fills in the rest (unit, deadline, …).
      setState((s) => ({
        ...s,
        items: s.items.map((i) => (i.id === msg.ticketId ? { ...i, status: msg.status } : i)),
      }));
    } else if (!statusMatches(filters, msg.status)) {
      return;
    }
    pending.current.add(msg.ticketId);
    timer.current ??= setTimeout(flush, REFETCH_DELAY_MS);
  });

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { ...state, fresh, loadMore, reload, hasMore: state.nextCursor !== null };
}

function markFresh(
  setFresh: (fn: (s: ReadonlySet<string>) => ReadonlySet<string>) => void,
  id: string,
): void {
  setFresh((s) => new Set([...s, id]));
  setTimeout(() => {
    setFresh((s) => {
      const next = new Set(s);
      next.delete(id);
      return next;
    });
  }, FRESH_MS);
}
