import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TSessionUser } from '@hotline/shared';
import { authApi } from '../../api/endpoints';
import { isApiError, setUnauthorizedHandler } from '../../api/http';
import { SessionContext, type TSession } from './sessionContext';

type TState = Pick<TSession, 'status' | 'user' | 'error' | 'expired'>;

/** Asks the server who we are once on load (GET /auth/me) and keeps the answer for the whole console. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<TState>({ status: 'loading', user: null, error: null, expired: false });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    authApi
      .me(ctrl.signal)
      .then(({ user }) => setState({ status: 'authenticated', user, error: null, expired: false }))
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        if (isApiError(err) && err.status === 401) {
          setState({ status: 'anonymous', user: null, error: null, expired: false });
        } else {
          setState({ status: 'error', user: null, error: err, expired: false });
        }
      });
    return () => ctrl.abort();
  }, [attempt]);

  useEffect(() => {
    setUnauthorizedHandler(() =>
      setState((s) => (s.user ? { status: 'anonymous', user: null, error: null, expired: true } : s)),
    );
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string): Promise<TSessionUser> => {
    const { user } = await authApi.login(username, password);
    setState({ status: 'authenticated', user, error: null, expired: false });
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setState({ status: 'anonymous', user: null, error: null, expired: false });
    }
  }, []);

  const reload = useCallback(() => {
    setState((s) => ({ ...s, status: 'loading' }));
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<TSession>(
    () => ({ ...state, login, logout, reload }),
    [state, login, logout, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
