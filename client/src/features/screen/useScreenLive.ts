import type { TScreenLive } from '@hotline/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocket, useTicketEvents } from '../../realtime/useSocket';
import { screenApi } from './screenApi';

/** Bursts of ticket events and roll-up notices: one refetch per second at most. */
export const SCREEN_DEBOUNCE_MS = 1000;
/** Warnings and overdue tickets also change with time alone: the safety net. */
const POLL_MS = 30_000;

/**
 * The big screen's snapshot, refetched (without a spinner) a second after the roll-up says a day
 * changed (`kpi.updated`, to supervisors) or a ticket event arrives (the hotline room).
 */
export function useScreenLive() {
  const [data, setData] = useState<TScreenLive | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { socket } = useSocket();

  const fetchLive = useCallback(async (signal?: AbortSignal) => {
    const n = ++request.current;
    try {
      const next = await screenApi.live(signal);
      if (n !== request.current) return;
      setData(next);
      setError(null);
      setUpdatedAt(Date.now());
    } catch (err) {
      // A failed refresh keeps the figures on the wall.
      if (n === request.current && !signal?.aborted) setError(err);
    }
  }, []);

  const schedule = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void fetchLive();
    }, SCREEN_DEBOUNCE_MS);
  }, [fetchLive]);

  useEffect(() => {
    const ctrl = new AbortController();
    void fetchLive(ctrl.signal);
    const poll = setInterval(() => void fetchLive(), POLL_MS);
    return () => {
      ctrl.abort();
      clearInterval(poll);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [fetchLive]);

  useEffect(() => {
    if (!socket) return;
    socket.on('kpi.updated', schedule);
    // After a reconnect the screen may have missed changes.
    socket.on('connect', schedule);
    return () => {
      socket.off('kpi.updated', schedule);
      socket.off('connect', schedule);
    };
  }, [socket, schedule]);

  useTicketEvents(schedule);

  return { data, error, updatedAt };
}
