import { AppError } from '../common/errors';
import { trainBinarySvm, type TBinarySvmProblem } from './linear-svm';
import { createRandom } from './prng';
import { buildVocabulary, inputTokens, vectorise } from './routing-features';
import type { TRouterModel, TRouterOptions, TRoutingExample } from './routing.types';

const WEIGHT_STEPS = 32767;

export const DEFAULT_ROUTER_OPTIONS: Required<TRouterOptions> = {
  c: 1,
  classBalance: 0.5,
  minDf: 1,
  maxTerms: 300_000,
  categoricalWeight: 0.5,
  temperature: 0.16,
  maxEpochs: 50,
  tolerance: 0.1,
  weightDensity: 0.2,
  seed: 1,
};

function resolveOptions(options: TRouterOptions): Required<TRouterOptions> {
  const resolved = { ...DEFAULT_ROUTER_OPTIONS, ...options };
  const positive = [
    'c',
    'temperature',
    'tolerance',
    'weightDensity',
    'minDf',
    'maxTerms',
    'maxEpochs',
  ] as const;
  for (const key of positive) {
    if (!(resolved[key] > 0))
      throw new AppError('VALIDATION_FAILED', `Router option ${key} must be positive`);
  }
  for (const key of ['classBalance', 'categoricalWeight'] as const) {
    if (!(resolved[key] >= 0))
      throw new AppError('VALIDATION_FAILED', `Router option ${key} must not be negative`);
  }
  if (resolved.weightDensity > 1) throw new AppError('VALIDATION_FAILED', 'weightDensity is a share (0..1]');
  return resolved;
}

/** The largest `density` share of the non-zero weights, by magnitude. */
function keptWeights(
  w: Float64Array,
  termCount: number,
  density: number,
): { term: number[]; weight: number[] } {
  const magnitudes: number[] = [];
  for (let f = 0; f < termCount; f++) if (w[f] !== 0) magnitudes.push(Math.abs(w[f]!));
  const sorted = Float64Array.from(magnitudes).sort();
  const threshold = sorted[Math.floor(sorted.length * (1 - density))] ?? Infinity;
  const term: number[] = [];
  const weight: number[] = [];
  for (let f = 0; f < termCount; f++) {
    if (w[f] !== 0 && Math.abs(w[f]!) >= threshold) {
      term.push(f);
      weight.push(w[f]!);
    }
  }
  return { term, weight };
}

/**
 * Learns to route: TF-IDF over words and character n-grams plus the context codes, then one
 * linear SVM per label (one against the rest). Deterministic for a given data order and seed.
 */
export function trainRouter(examples: TRoutingExample[], options: TRouterOptions = {}): TRouterModel {
  if (!examples.length)
    throw new AppError('VALIDATION_FAILED', 'The router needs at least one example to learn from');
  const opts = resolveOptions(options);
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const docs = examples.map(inputTokens);
  const { terms, idf } = buildVocabulary(docs, opts.minDf, opts.maxTerms);
  const space = {
    termIndex: new Map(terms.map((t, i) => [t, i])),
    idf,
    categoricalWeight: opts.categoricalWeight,
  };
  const vectors = docs.map((doc) => vectorise(doc, space));
  const problem: TBinarySvmProblem = {
    vectors,
    squaredNorms: Float64Array.from(vectors, (v) => v.value.reduce((sum, x) => sum + x * x, 1)),
    termCount: terms.length,
  };
  const y = Int32Array.from(examples, (e) => labelIndex.get(e.label)!);
  const random = createRandom(opts.seed);
  const w = new Float64Array(terms.length + 1);
  const bias: number[] = [];
  const perLabel: { term: number[]; weight: number[] }[] = [];
  // With one label there is nothing to tell apart: it gets every ticket, with full confidence.
  const trainable = labels.length > 1;
  for (let k = 0; k < labels.length; k++) {
    if (trainable) {
      const positive = Uint8Array.from(y, (label) => (label === k ? 1 : 0));
      const own = positive.reduce((sum, p) => sum + p, 0);
      trainBinarySvm(
        problem,
        {
          positive,
          costPositive: opts.c * ((examples.length - own) / own) ** opts.classBalance,
          costNegative: opts.c,
          maxEpochs: opts.maxEpochs,
          tolerance: opts.tolerance,
          random,
        },
        w,
      );
    }
    bias.push(Math.fround(trainable ? w[terms.length]! : 0));
    perLabel.push(trainable ? keptWeights(w, terms.length, opts.weightDensity) : { term: [], weight: [] });
  }
  // Regroup by term, the order prediction reads them in (a text touches few terms, all labels).
  const weightCount = new Array<number>(terms.length).fill(0);
  for (const { term } of perLabel) for (const f of term) weightCount[f]!++;
  const offsets = new Array<number>(terms.length + 1).fill(0);
  for (let f = 0; f < terms.length; f++) offsets[f + 1] = offsets[f]! + weightCount[f]!;
  const total = offsets[terms.length]!;
  const weightLabel = new Array<number>(total);
  const weight = new Array<number>(total);
  const cursor = offsets.slice(0, terms.length);
  perLabel.forEach((kept, k) => {
    kept.term.forEach((f, j) => {
      const at = cursor[f]!++;
      weightLabel[at] = k;
      weight[at] = kept.weight[j]!;
    });
  });
  // Weights are kept as multiples of one step (int16 in storage, a 1/32767 of the largest): half
  // the bytes of float32, and the stored model predicts exactly what the trained one does.
  const weightScale = weight.reduce((max, v) => Math.max(max, Math.abs(v)), 0) / WEIGHT_STEPS || 1;
  const model: TRouterModel = {
    version: 1,
    labels,
    terms,
    idf,
    bias,
    weightCount,
    weightLabel,
    weight: weight.map((v) => Math.round(v / weightScale) * weightScale),
    weightScale,
    temperature: opts.temperature,
    categoricalWeight: opts.categoricalWeight,
  };
  return withoutUnusedTerms(model);
}

/**
 * Terms left without a weight cannot move a score; dropping them only changes how an input is
 * scaled, which cross-validation showed does not matter, and it keeps the model small.
 */
function withoutUnusedTerms(model: TRouterModel): TRouterModel {
  const keep = model.terms.map((_, f) => model.weightCount[f]! > 0);
  return {
    ...model,
    terms: model.terms.filter((_, f) => keep[f]),
    idf: model.idf.filter((_, f) => keep[f]),
    weightCount: model.weightCount.filter((_, f) => keep[f]),
  };
}
