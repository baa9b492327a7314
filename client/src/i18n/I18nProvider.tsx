import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { I18nContext, type TBilingual, type TI18n, type TLang } from './context';
import { makeTranslate, readStoredLang, storeLang } from './translate';

export function I18nProvider({ children, initialLang }: { children: ReactNode; initialLang?: TLang }) {
  const [lang, setLangState] = useState<TLang>(() => initialLang ?? readStoredLang());

  const setLang = useCallback((next: TLang) => {
    storeLang(next);
    setLangState(next);
  }, []);

  const value = useMemo<TI18n>(
    () => ({
      lang,
      setLang,
      t: makeTranslate(lang),
      label: (v: TBilingual | null | undefined) => (v ? v[lang] : ''),
    }),
    [lang, setLang],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
