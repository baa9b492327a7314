import type { TConversationDetailResponse } from '@hotline/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { triageApi } from './triageApi';
import { useConversationEvents } from './useConversationEvents';

type TState = { data: TConversationDetailResponse | null; loading: boolean; error: unknown };

/** One conversation with its thread and the citizen's history; refetched silently when it changes. */
export function useConversationDetail(id: string) {
  const [state, setState] = useState<TState>({ data: null, loading: true, error: null });
  const request = useRef(0);

  const fetchDetail = useCallback(
    async (opts: { silent?: boolean; signal?: AbortSignal } = {}) => {
      const n = ++request.current;
      if (!opts.silent) setState({ data: null, loading: true, error: null });
      try {
        const data = await triageApi.get(id, opts.signal);
        if (n !== request.current) return;
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
    void fetchDetail({ signal: ctrl.signal });
    return () => ctrl.abort();
  }, [fetchDetail]);

  useConversationEvents((msg) => {
    if (msg.conversationId === id) void fetchDetail({ silent: true });
  });

  const refresh = useCallback(() => fetchDetail({ silent: true }), [fetchDetail]);
  return { ...state, refresh };
}
