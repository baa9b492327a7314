import { useCallback, useEffect, useRef, useState } from 'react';

type TLoadState<T> = { data: T | null; loading: boolean; error: unknown };

/** Loads once per key, aborts on change or unmount; `reload` fetches again (after a write). */
export function useLoad<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>) {
  const [state, setState] = useState<TLoadState<T>>({ data: null, loading: true, error: null });
  const [attempt, setAttempt] = useState(0);
  // The key names what is loaded; the fetcher itself is a new closure on every render.
  const fetcherRef = useRef(fetcher);
  useEffect(() => {
    fetcherRef.current = fetcher;
  });

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    fetcherRef.current(ctrl.signal).then(
      (data) => setState({ data, loading: false, error: null }),
      (error: unknown) => {
        if ((error as Error)?.name !== 'AbortError') setState((s) => ({ ...s, loading: false, error }));
      },
    );
    return () => ctrl.abort();
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
