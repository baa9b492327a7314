import type { TDuplicateReason, TSuggestionSource } from '@hotline/shared';

/** 0.923 → "92%"; null (not measured) → "—". */
export function percent(ratio: number | null | undefined, digits = 0): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** The catalogue is a decision someone made, the model a guess, the defaults a fallback. */
export const SOURCE_COLORS: Record<TSuggestionSource, string> = {
  catalogue: 'blue',
  model: 'purple',
  'category default': 'default',
  'line default': 'default',
};

export const DUPLICATE_REASON_COLORS: Record<TDuplicateReason, string> = {
  same_caller: 'magenta',
  same_place: 'orange',
  similar_text: 'cyan',
};
