import { contextTokens, isTextTerm, routingTokens } from './routing-tokens';
import type { TRoutingInput } from './routing.types';

/** A feature vector: ascending term indexes and their values. */
export type TSparseVector = { index: Int32Array; value: Float64Array };

/** What turns an input into a vector; built by training, rebuilt from a stored model. */
export type TFeatureSpace = {
  termIndex: Map<string, number>;
  idf: ArrayLike<number>;
  categoricalWeight: number;
};

export type TInputTokens = { text: string[]; context: string[] };

export function inputTokens(input: TRoutingInput): TInputTokens {
  return { text: routingTokens(input.text), context: contextTokens(input) };
}

/**
 * Terms seen in at least `minDf` documents, the `maxTerms` most frequent if there are more, sorted
 * so that the same data always numbers its features the same way.
 */
export function buildVocabulary(
  docs: TInputTokens[],
  minDf: number,
  maxTerms: number,
): { terms: string[]; idf: number[] } {
  const df = new Map<string, number>();
  for (const doc of docs) {
    for (const term of new Set([...doc.text, ...doc.context])) df.set(term, (df.get(term) ?? 0) + 1);
  }
  let kept = [...df.entries()].filter(([, count]) => count >= minDf);
  if (kept.length > maxTerms) {
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    kept = kept.slice(0, maxTerms);
  }
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const n = docs.length;
  return {
    terms: kept.map(([term]) => term),
    // Smoothed idf; context terms are not weighted by it but keep an entry so indexes line up.
    idf: kept.map(([term, count]) => (isTextTerm(term) ? Math.fround(Math.log((1 + n) / (1 + count)) + 1) : 1)),
  };
}

/**
 * Raw term frequency × idf over the known text terms, scaled to length 1, then one fixed-value
 * entry per known context term. Raw counts (not 1 + log tf) won in cross-validation: in a long
 * complaint the words repeated are the ones it is about.
 */
export function vectorise(tokens: TInputTokens, space: TFeatureSpace): TSparseVector {
  const counts = new Map<number, number>();
  for (const term of tokens.text) {
    const index = space.termIndex.get(term);
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  let norm = 0;
  for (const [index, count] of counts) {
    const value = count * space.idf[index]!;
    counts.set(index, value);
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [index, value] of counts) counts.set(index, value / norm);
  for (const term of tokens.context) {
    const index = space.termIndex.get(term);
    if (index !== undefined) counts.set(index, space.categoricalWeight);
  }
  const index = Int32Array.from(counts.keys()).sort();
  const value = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) value[i] = counts.get(index[i]!)!;
  return { index, value };
}
