/** Under this much time left a countdown turns orange. */
export const WARNING_WINDOW_MS = 2 * 60 * 60 * 1000;

export type TDueState = 'none' | 'normal' | 'warning' | 'overdue';

/** Pure: the colour band of a deadline at `now`. The server's `overdue` flag wins over the local clock. */
export function dueState(dueAt: string | null, now: number, serverOverdue = false): TDueState {
  if (serverOverdue) return 'overdue';
  if (!dueAt) return 'none';
  const left = new Date(dueAt).getTime() - now;
  if (left <= 0) return 'overdue';
  if (left < WARNING_WINDOW_MS) return 'warning';
  return 'normal';
}

export const DUE_COLORS: Record<TDueState, string | undefined> = {
  none: undefined,
  normal: '#15803d',
  warning: '#d46b08',
  overdue: '#cf1322',
};
