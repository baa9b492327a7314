import { createContext } from 'react';
import type { TMessageKey } from './zh';

export type TLang = 'zh' | 'en';
export type TBilingual = { zh: string; en: string };
export type TTranslate = (key: TMessageKey, vars?: Record<string, string | number>) => string;

export type TI18n = {
  lang: TLang;
  setLang: (lang: TLang) => void;
  t: TTranslate;
  /** Picks the current language from a `{ zh, en }` label of the shared package. */
  label: (value: TBilingual | null | undefined) => string;
};

export const I18nContext = createContext<TI18n | null>(null);
