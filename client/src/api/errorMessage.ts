import type { TTranslate } from '../i18n/context';
import { isApiError } from './http';

/** What to tell the user about a failed request: the API's own message when there is one. */
export function errorMessage(err: unknown, t: TTranslate): string {
  if (isApiError(err)) {
    if (err.status === 0) return t('common.networkError');
    if (err.message) return err.message;
    return t('common.unexpectedError', { status: err.status });
  }
  if (err instanceof Error && err.message) return err.message;
  return t('common.unexpectedError', { status: '?' });
}
