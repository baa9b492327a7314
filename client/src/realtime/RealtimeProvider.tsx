import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
import {
  RealtimeContext,
  type TConnectionStatus,
  type THotlineSocket,
  type TRealtime,
} from './realtimeContext';

export type TSocketFactory = () => THotlineSocket;

const defaultFactory: TSocketFactory = () =>
  io({ withCredentials: true, transports: ['websocket', 'polling'], reconnectionDelayMax: 10_000 });

/**
 * The one socket.io connection of the console. Keyed by the signed-in user: it opens after login
 * (the handshake carries the session cookie) and closes on logout.
 */
export function RealtimeProvider({
  userId,
  children,
  factory = defaultFactory,
}: {
  userId: string | null;
  children: ReactNode;
  factory?: TSocketFactory;
}) {
  const [socket, setSocket] = useState<THotlineSocket | null>(null);
  const [status, setStatus] = useState<TConnectionStatus>('disconnected');

  useEffect(() => {
    if (!userId) return;
    const s = factory();
    const onConnect = () => setStatus('connected');
    const onDisconnect = () => setStatus(s.active ? 'connecting' : 'disconnected');
    const onError = () => setStatus(s.active ? 'connecting' : 'disconnected');
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    s.on('connect_error', onError);
    setSocket(s);
    setStatus(s.connected ? 'connected' : 'connecting');
    return () => {
      s.off('connect', onConnect);
      s.off('disconnect', onDisconnect);
      s.off('connect_error', onError);
      s.disconnect();
      setSocket(null);
      setStatus('disconnected');
    };
  }, [userId, factory]);

  const value = useMemo<TRealtime>(() => ({ socket, status }), [socket, status]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
