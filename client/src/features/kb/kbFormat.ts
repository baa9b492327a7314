import type { TTranslate } from '../../i18n/context';

/** 「2026-01-01 起，2027-01-01 失效」: the expiry day is the first day out of effect (exclusive). */
export function formatPeriod(t: TTranslate, from: string, expiresOn: string | null): string {
  return expiresOn ? t('kb.periodValue', { from, to: expiresOn }) : t('kb.periodOpen', { from });
}
