import type { TRole, TSystemAlertDto } from '@hotline/shared';
import { apiGet } from '../../api/http';

export const alertsApi = {
  open: (signal?: AbortSignal) => apiGet<{ items: TSystemAlertDto[] }>('/alerts', { signal }),
};

const ALERT_ROLES: readonly TRole[] = ['admin', 'supervisor'];

/** Those who can act on a system alert (enter the holidays, fix the data) see them. */
export function seesSystemAlerts(role: TRole): boolean {
  return ALERT_ROLES.includes(role);
}

const DISMISSED_KEY = 'hotline.alerts.dismissed';

/** Dismissed alert ids, for this browser session only: an alert still open comes back next time. */
export function readDismissed(): Set<string> {
  try {
    const raw: unknown = JSON.parse(window.sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return new Set(Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : []);
  } catch {
    return new Set();
  }
}

export function storeDismissed(ids: ReadonlySet<string>): void {
  try {
    window.sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...ids]));
  } catch {
    // Storage disabled: the dismissal lasts until the page is reloaded.
  }
}
