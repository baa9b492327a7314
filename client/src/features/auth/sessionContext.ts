import { createContext } from 'react';
import type { TSessionUser } from '@hotline/shared';

export type TSession = {
  status: 'loading' | 'anonymous' | 'authenticated' | 'error';
  user: TSessionUser | null;
  /** Set when GET /auth/me failed for another reason than 401 (server down). */
  error: unknown;
  /** Set when the server ended the session under our feet (a 401 on an ordinary request). */
  expired: boolean;
  login: (username: string, password: string) => Promise<TSessionUser>;
  logout: () => Promise<void>;
  reload: () => void;
};

export const SessionContext = createContext<TSession | null>(null);
