import { createContext } from 'react';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@hotline/shared';

export type THotlineSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type TConnectionStatus = 'connecting' | 'connected' | 'disconnected';
export type TRealtime = { socket: THotlineSocket | null; status: TConnectionStatus };

export const RealtimeContext = createContext<TRealtime>({ socket: null, status: 'disconnected' });
