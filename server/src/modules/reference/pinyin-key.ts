import { pinyin } from 'pinyin-pro';

/**
 * What an agent types to find a unit or category without switching input method: the full
 * pinyin and the initials (占道经营 → "zhandaojingying zdjy"). Digits and letters stay as they are.
 */
export function pinyinKey(name: string): string {
  const opts = { toneType: 'none', type: 'array', nonZh: 'consecutive' } as const;
  const full = pinyin(name, opts).join('');
  const initials = pinyin(name, { ...opts, pattern: 'first' }).join('');
  return `${full} ${initials}`.toLowerCase();
}
