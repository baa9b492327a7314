import type { TRoutingInput } from './routing.types';

// ICU's dictionary segmenter handles simplified and traditional Chinese alike.
// Made on first use: the console bundles this module, and a browser without Intl.Segmenter
// must still load (only the features that split words need it).
let words: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter => (words ??= new Intl.Segmenter('zh', { granularity: 'word' }));
const LETTER_OR_DIGIT_RUN = /[\p{L}\p{N}]+/gu;
const CHAR_NGRAM_MAX = 3;
/** Category codes of this form are hierarchical: '0103' lies under group '01'. */
const NUMERIC_CODE = /^\d{3,}$/;

/** Full-width forms to ASCII, one case: '１２３４５' and '12345', 'WiFi' and 'wifi' are the same thing. */
export function normalizeRoutingText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The text features: dictionary words as `w:<word>`, plus character 1–3-grams within runs of
 * letters and digits, bare (a run holds no ':', so they cannot collide with a namespaced term,
 * and prediction skips building a prefixed copy of each of a long complaint's ~1,000 n-grams).
 * The n-grams catch what the dictionary splits badly — place names, new compounds, typos — and
 * never straddle punctuation.
 */
export function routingTokens(text: string): string[] {
  const normalized = normalizeRoutingText(text);
  const tokens: string[] = [];
  for (const segment of segmenter().segment(normalized)) {
    if (segment.isWordLike) tokens.push(`w:${segment.segment}`);
  }
  for (const run of normalized.match(LETTER_OR_DIGIT_RUN) ?? []) {
    // Boundaries of the characters (code points, so an astral character is not cut in half).
    const at: number[] = [];
    for (let i = 0; i < run.length; i += run.codePointAt(i)! > 0xffff ? 2 : 1) at.push(i);
    at.push(run.length);
    const count = at.length - 1;
    for (let n = 1; n <= CHAR_NGRAM_MAX; n++) {
      for (let i = 0; i + n <= count; i++) tokens.push(run.slice(at[i], at[i + n]));
    }
  }
  return tokens;
}

function cleanCode(value: string | null | undefined): string | null {
  const code = value?.trim().replace(/\s+/g, ' ');
  return code ? code : null;
}

/**
 * The structured features, each in its own namespace. A category also lends its evidence to its
 * groups (`c:01` for '0103'), and category × district gets a feature of its own because the
 * dispatch catalogue routes on exactly that pair, which a linear model cannot build from the two.
 */
export function contextTokens(input: TRoutingInput): string[] {
  const category = cleanCode(input.category);
  const district = cleanCode(input.district);
  const line = cleanCode(input.line);
  const tokens: string[] = [];
  if (category) {
    tokens.push(`c:${category}`);
    if (NUMERIC_CODE.test(category)) {
      for (let n = 2; n < category.length; n += 2) tokens.push(`c:${category.slice(0, n)}`);
    }
  }
  if (district) tokens.push(`d:${district}`);
  if (category && district) tokens.push(`x:${category}|${district}`);
  if (line) tokens.push(`l:${line}`);
  return tokens;
}

/** Words, leading word and (bare) n-grams are text; `c:`, `d:`, `l:`, `x:` terms are context. */
export function isTextTerm(term: string): boolean {
  return term.startsWith('w:') || term.startsWith('f:') || !term.includes(':');
}
