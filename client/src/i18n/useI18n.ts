import { useContext } from 'react';
import { I18nContext, type TI18n } from './context';

export function useI18n(): TI18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}
