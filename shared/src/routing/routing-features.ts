import { contextTokens, isTextTerm, routingTokens } from './routing-tokens';
import type { TRoutingInput } from './routing.types';

/** A feature vector: term indexes (text terms ascending, then context terms) and their values. */
export type TSparseVector = { index: Int32Array; value: Float64Array };

/** What turns an input into a vector; built by training, rebuilt from a stored model. */
export type TFeatureSpace = {
  termIndex: Map<string, number>;
  idf: ArrayLike<number>;
  categoricalWeight: number;
};

export type TInputTokens = { text: string[]; context: string[] };

/**
 * The router's text terms are routingTokens plus the leading word again as `f:`: a ticket's title
 * opens with its subject (廚餘回收…, 2018臺北藝術節…), which cross-validation rewarded.
 */
export function inputTokens(input: TRoutingInput): TInputTokens {
  const text = routingTokens(input.text);
  const lead = text.find((t) => t.startsWith('w:'));
  if (lead) text.push(`f:${lead.slice(2)}`);
  return { text, context: contextTokens(input) };
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
    idf: kept.map(([term, count]) =>
      isTextTerm(term) ? Math.fround(Math.log((1 + n) / (1 + count)) + 1) : 1,
    ),
  };
}

/**
 * Raw term frequency × idf over the known text terms, scaled to length 1, then one fixed-value
 * entry per known context term. Raw counts (not 1 + log tf) won in cross-validation: in a long
 * complaint the words repeated are the ones it is about.
 */
export function vectorise(tokens: TInputTokens, space: TFeatureSpace): TSparseVector {
  // Sorting the hit indexes groups repeats into runs: cheaper than counting in a Map.
  const hits: number[] = [];
  for (const term of tokens.text) {
    const index = space.termIndex.get(term);
    if (index !== undefined) hits.push(index);
  }
  const sorted = Int32Array.from(hits).sort();
  const index: number[] = [];
  const value: number[] = [];
  let norm = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    const v = (end - start) * space.idf[sorted[start]!]!;
    index.push(sorted[start]!);
    value.push(v);
    norm += v * v;
    start = end;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < value.length; j++) value[j]! /= norm;
  for (const term of new Set(tokens.context)) {
    const at = space.termIndex.get(term);
    if (at !== undefined) {
      index.push(at);
      value.push(space.categoricalWeight);
    }
  }
  return { index: Int32Array.from(index), value: Float64Array.from(value) };
}
