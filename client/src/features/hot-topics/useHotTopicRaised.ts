import type { THotTopicAlertDto } from '@hotline/shared';
import { useEffect, useEffectEvent } from 'react';
import { useSocket } from '../../realtime/useSocket';

/** Calls `handler` for every `hot_topic.raised` the server relays (supervisors' room). */
export function useHotTopicRaised(handler: (alert: THotTopicAlertDto) => void): void {
  const { socket } = useSocket();
  const onRaised = useEffectEvent(handler);
  useEffect(() => {
    if (!socket) return;
    const listener = (alert: THotTopicAlertDto) => onRaised(alert);
    socket.on('hot_topic.raised', listener);
    return () => {
      socket.off('hot_topic.raised', listener);
    };
  }, [socket]);
}
