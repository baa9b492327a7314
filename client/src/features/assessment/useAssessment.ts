import { useCallback, useEffect, useRef, useState } from 'react';

type TState<T> = { data: T | null; loading: boolean; error: unknown };

/** Loads `fetcher` whenever its dependencies change; `reload` fetches again. Stale answers are dropped. */
export function useLoad<T>(fetcher: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]) {
  const [state, setState] = useState<TState<T>>({ data: null, loading: fetcher !== null, error: null });
  const n = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(fetcher ?? (() => Promise.resolve(null as T)), deps);
  const load = useCallback(
    (signal: AbortSignal) => {
      const id = ++n.current;
      setState((s) => ({ ...s, loading: true, error: null }));
      run(signal).then(
        (data) => id === n.current && setState({ data, loading: false, error: null }),
        (error: unknown) =>
          id === n.current && !signal.aborted && setState({ data: null, loading: false, error }),
      );
    },
    [run],
  );
  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);
  const reload = useCallback(() => load(new AbortController().signal), [load]);
  return { ...state, reload };
}
