import { LINE_LABELS, type TLine } from '@hotline/shared';
import type { TLang } from './context';

/** The shared package names the lines in Chinese only. */
const LINE_LABELS_EN: Record<TLine, string> = {
  '12345': '12345 Government service',
  '12315': '12315 Consumer complaints',
  '12388': '12388 Discipline reports',
  '12340': '12340 Opinion polls',
};

export function lineLabel(line: TLine, lang: TLang): string {
  return lang === 'zh' ? LINE_LABELS[line] : LINE_LABELS_EN[line];
}
