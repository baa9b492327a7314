import dayjs from 'dayjs';
import type { TTranslate } from '../../../i18n/context';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDateTimeSeconds(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2天 03:04:05` / `03:04:05` for a positive duration in milliseconds. */
export function formatDuration(ms: number, t: TTranslate): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const clock = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return days > 0 ? `${t('due.days', { d: days })} ${clock}` : clock;
}
