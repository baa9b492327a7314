import { normalizeKbText } from '@hotline/shared';

export const KB_SNIPPET_MAX = 120;
/** How much text before the first match the snippet keeps, so the sentence it is in can be read. */
const LEAD = 24;

/**
 * Up to 120 characters of the body around the passage that holds the most query terms (the
 * first such passage), with … where text was cut. Without terms: the beginning of the body.
 * Normalising keeps the length of these texts (NFKC of Chinese and ASCII), so offsets carry over.
 */
export function kbSnippet(bodyText: string, terms: readonly string[] = []): string {
  const text = bodyText.trim();
  if (text.length <= KB_SNIPPET_MAX) return text;
  const hay = normalizeKbText(text);
  let start = 0;
  if (terms.length && hay.length === text.length) {
    const hits: { at: number; term: string }[] = [];
    for (const term of terms) {
      for (let at = hay.indexOf(term); at >= 0 && hits.length < 2000; at = hay.indexOf(term, at + 1)) {
        hits.push({ at, term });
      }
    }
    hits.sort((a, b) => a.at - b.at);
    let best = -1;
    for (let i = 0; i < hits.length; i++) {
      const from = hits[i]!.at;
      const inWindow = new Set<string>();
      for (let j = i; j < hits.length && hits[j]!.at < from + KB_SNIPPET_MAX - LEAD; j++) {
        inWindow.add(hits[j]!.term);
      }
      if (inWindow.size > best) {
        best = inWindow.size;
        start = Math.max(0, from - LEAD);
      }
    }
  }
  start = Math.min(start, text.length - (KB_SNIPPET_MAX - 1));
  const head = start > 0 ? '…' : '';
  const room = KB_SNIPPET_MAX - head.length;
  const body = text.slice(start, start + room);
  return start + room < text.length ? `${head}${body.slice(0, room - 1)}…` : `${head}${body}`;
}
