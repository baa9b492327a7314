import type { TConversationUpdatedMessage } from '@hotline/shared';
import { useEffect, useEffectEvent } from 'react';
import { useSocket } from '../../realtime/useSocket';

/** Calls `handler` for every `conversation.updated` the server sends to the hotline room. */
export function useConversationEvents(handler: (msg: TConversationUpdatedMessage) => void): void {
  const { socket } = useSocket();
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    if (!socket) return;
    const listener = (msg: TConversationUpdatedMessage) => onEvent(msg);
    socket.on('conversation.updated', listener);
    return () => {
      socket.off('conversation.updated', listener);
    };
  }, [socket]);
}
