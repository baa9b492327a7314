import { useContext } from 'react';
import type { TSessionUser } from '@hotline/shared';
import { SessionContext, type TSession } from './sessionContext';

export function useSession(): TSession {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}

/** For screens that only render after login. */
export function useCurrentUser(): TSessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser called without a signed-in user');
  return user;
}
