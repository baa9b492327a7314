import type { TTicketSummary } from '@hotline/shared';
import { useEffect, useState } from 'react';

export type TRowUrgency = 'breached' | 'warning' | 'ok' | 'paused' | 'none';
type TNext = TTicketSummary['nextDeadline'];

/**
 * Pure: where the unit's next deadline stands at `now`. The server's state when listed wins
 * (a breach is stamped once and stays); the clock moves a row to amber at `warnAt` and to red
 * after `dueAt` without waiting for the next refresh.
 */
export function rowUrgency(next: TNext, now: number): TRowUrgency {
  if (!next) return 'none';
  if (next.state === 'breached') return 'breached';
  if (!next.dueAt) return 'paused';
  if (now > Date.parse(next.dueAt)) return 'breached';
  if (next.state === 'warning' || (next.warnAt && now >= Date.parse(next.warnAt))) return 'warning';
  return 'ok';
}

/** The next instant at which some row changes colour (a warning or a due time still ahead). */
export function nextBoundary(items: readonly TTicketSummary[], now: number): number | null {
  let next: number | null = null;
  for (const item of items) {
    for (const at of [item.nextDeadline?.warnAt, item.nextDeadline?.dueAt]) {
      const t = at ? Date.parse(at) : NaN;
      if (t > now && (next === null || t < next)) next = t;
    }
  }
  return next;
}

/** setTimeout's ceiling (about 24.8 days): later boundaries are re-armed on the way. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Re-renders the caller when the first row crosses its warning or due time: row colours change
 * at those instants only, so the table does not re-render every second (the countdowns do).
 */
export function useUrgencyClock(items: readonly TTicketSummary[]): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Boundaries after the instant last rendered: new rows may have crossed one already (delay 0).
    const at = nextBoundary(items, now);
    if (at === null) return;
    const delay = Math.min(Math.max(0, at - Date.now()) + 20, MAX_DELAY);
    const id = setTimeout(() => setNow(Date.now()), delay);
    return () => clearTimeout(id);
  }, [items, now]);
  return now;
}
