import { useContext, useEffect, useEffectEvent } from 'react';
import type { TPresenceMessage, TTicketRealtimeMessage } from '@hotline/shared';
import { RealtimeContext, type TRealtime } from './realtimeContext';

/** The shared socket.io connection and its state (for the live indicator). */
export function useSocket(): TRealtime {
  return useContext(RealtimeContext);
}

/** Calls `handler` for every `ticket.event` the server sends to this user. */
export function useTicketEvents(handler: (msg: TTicketRealtimeMessage) => void): void {
  const { socket } = useSocket();
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    if (!socket) return;
    const listener = (msg: TTicketRealtimeMessage) => onEvent(msg);
    socket.on('ticket.event', listener);
    return () => {
      socket.off('ticket.event', listener);
    };
  }, [socket]);
}

/**
 * Joins the ticket's room while the detail view is open (again after every reconnect) and
 * reports who else is looking at it.
 */
export function useWatchTicket(ticketId: string, onPresence: (msg: TPresenceMessage) => void): void {
  const { socket } = useSocket();
  const handlePresence = useEffectEvent(onPresence);
  useEffect(() => {
    if (!socket) return;
    const watch = () => socket.emit('ticket.watch', ticketId, () => undefined);
    const presence = (msg: TPresenceMessage) => {
      if (msg.ticketId === ticketId) handlePresence(msg);
    };
    socket.on('presence', presence);
    socket.on('connect', watch);
    if (socket.connected) watch();
    return () => {
      socket.off('presence', presence);
      socket.off('connect', watch);
      if (socket.connected) socket.emit('ticket.unwatch', ticketId);
    };
  }, [socket, ticketId]);
}
