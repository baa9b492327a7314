import type { TLang, TTranslate } from './context';
import { en } from './en';
import { zh, type TMessageKey } from './zh';

const DICTIONARIES: Record<TLang, Record<TMessageKey, string>> = { zh, en };
export const LANG_STORAGE_KEY = 'hotline.lang';

/** `{name}` placeholders are replaced by vars; a missing key falls back to Chinese, then to the key. */
export function makeTranslate(lang: TLang): TTranslate {
  const dict = DICTIONARIES[lang];
  return (key, vars) => {
    const template = dict[key] ?? zh[key] ?? key;
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    );
  };
}

export function readStoredLang(): TLang {
  try {
    return window.localStorage.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function storeLang(lang: TLang): void {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}
