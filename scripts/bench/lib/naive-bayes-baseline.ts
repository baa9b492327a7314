/**
 * The reference the router has to beat (datasets README): multinomial naive Bayes over the
 * `Intl.Segmenter` words and the character bigrams of the text, Lidstone smoothing α = 0.1,
 * class priors from the training counts. Deliberately plain: no idf, no normalisation, no tuning.
 */
type TLabelled = { text: string; label: string };

const WORDS = new Intl.Segmenter('zh', { granularity: 'word' });
const ALPHA = 0.1;

function features(text: string): string[] {
  const out: string[] = [];
  for (const s of WORDS.segment(text)) if (s.isWordLike) out.push(`w:${s.segment}`);
  const chars = Array.from(text.replace(/\s+/g, ''));
  for (let i = 0; i + 1 < chars.length; i++) out.push(`b:${chars[i]}${chars[i + 1]}`);
  return out;
}

export type TNaiveBayes = (text: string) => string[];

/** Returns a ranker: the labels of a text, most probable first. */
export function trainNaiveBayes(train: TLabelled[]): TNaiveBayes {
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const counts = new Map(labels.map((l) => [l, new Map<string, number>()]));
  const totals = new Map(labels.map((l) => [l, 0]));
  const priors = new Map(labels.map((l) => [l, 0]));
  const vocabulary = new Set<string>();
  for (const { text, label } of train) {
    priors.set(label, priors.get(label)! + 1);
    const c = counts.get(label)!;
    for (const f of features(text)) {
      c.set(f, (c.get(f) ?? 0) + 1);
      totals.set(label, totals.get(label)! + 1);
      vocabulary.add(f);
    }
  }
  return (text) => {
    const known = features(text).filter((f) => vocabulary.has(f));
    const scored = labels.map((label) => {
      const c = counts.get(label)!;
      const denominator = Math.log(totals.get(label)! + ALPHA * vocabulary.size);
      let score = Math.log(priors.get(label)! / train.length);
      for (const f of known) score += Math.log((c.get(f) ?? 0) + ALPHA) - denominator;
      return { label, score };
    });
    return scored.sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1)).map((s) => s.label);
  };
}

export function evaluateNaiveBayes(
  rank: TNaiveBayes,
  test: TLabelled[],
): { top1: number; top3: number; n: number } {
  let top1 = 0;
  let top3 = 0;
  for (const { text, label } of test) {
    const ranked = rank(text);
    if (ranked[0] === label) top1++;
    if (ranked.slice(0, 3).includes(label)) top3++;
  }
  return { top1: top1 / test.length, top3: top3 / test.length, n: test.length };
}
