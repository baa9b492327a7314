import type { TConversationSummary } from '@hotline/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { triageApi, type TConversationListQuery } from './triageApi';
import { useConversationEvents } from './useConversationEvents';

export type TConversationFilters = Pick<TConversationListQuery, 'status' | 'channel'>;

type TState = {
  items: TConversationSummary[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
};

const PAGE = 30;
/** Bursts of realtime events (a citizen typing several lines) become one refetch. */
const REFETCH_DELAY_MS = 250;

/**
 * The triage inbox for one status / channel: first page, "load more" by cursor, and a silent
 * refetch of everything loaded so far whenever a conversation changes (new message, reply,
 * converted, closed), so rows move between the status tabs without a reload.
 */
export function useConversationList(filters: TConversationFilters) {
  const [state, setState] = useState<TState>({
    items: [],
    nextCursor: null,
    loading: true,
    loadingMore: false,
    error: null,
  });
  const generation = useRef(0);
  const loaded = useRef(PAGE);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchFirst = useCallback(
    async (opts: { silent?: boolean; signal?: AbortSignal } = {}) => {
      const gen = ++generation.current;
      if (!opts.silent) setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const limit = Math.min(100, Math.max(PAGE, loaded.current));
        const res = await triageApi.list({ ...filters, limit }, opts.signal);
        if (gen !== generation.current) return;
        setState({
          items: res.items,
          nextCursor: res.nextCursor,
          loading: false,
          loadingMore: false,
          error: null,
        });
      } catch (error) {
        if (gen !== generation.current || opts.signal?.aborted) return;
        setState((s) =>
          opts.silent
            ? { ...s, loading: false }
            : { ...s, items: [], nextCursor: null, loading: false, error },
        );
      }
    },
    [filters],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    loaded.current = PAGE;
    void fetchFirst({ signal: ctrl.signal });
    return () => {
      ctrl.abort();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [fetchFirst]);

  useConversationEvents(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void fetchFirst({ silent: true }), REFETCH_DELAY_MS);
  });

  const loadMore = useCallback(async () => {
    const cursor = state.nextCursor;
    if (!cursor || state.loadingMore || state.loading) return;
    const gen = generation.current;
    setState((s) => ({ ...s, loadingMore: true }));
    try {
      const res = await triageApi.list({ ...filters, cursor, limit: PAGE });
      if (gen !== generation.current) return;
      setState((s) => {
        const seen = new Set(s.items.map((i) => i.id));
        const items = [...s.items, ...res.items.filter((i) => !seen.has(i.id))];
        loaded.current = items.length;
        return { ...s, items, nextCursor: res.nextCursor, loadingMore: false };
      });
    } catch {
      setState((s) => ({ ...s, loadingMore: false }));
    }
  }, [filters, state.nextCursor, state.loadingMore, state.loading]);

  const refresh = useCallback(() => fetchFirst({ silent: true }), [fetchFirst]);
  return { ...state, loadMore, refresh };
}
