import { inputTokens, vectorise, type TFeatureSpace } from './routing-features';
import type { TRouterModel, TRoutingExample, TRoutingInput, TRoutingPrediction } from './routing.types';

type TCompiledRouter = TFeatureSpace & { offsets: Int32Array; weightLabel: Int32Array; weight: Float64Array };

// A model is plain data, treated as immutable: its lookup structures are built once per model
// object and kept beside it.
const compiled = new WeakMap<TRouterModel, TCompiledRouter>();

function compile(model: TRouterModel): TCompiledRouter {
  let c = compiled.get(model);
  if (!c) {
    const offsets = new Int32Array(model.terms.length + 1);
    for (let f = 0; f < model.terms.length; f++) offsets[f + 1] = offsets[f]! + model.weightCount[f]!;
    c = {
      termIndex: new Map(model.terms.map((t, i) => [t, i])),
      idf: Float64Array.from(model.idf),
      categoricalWeight: model.categoricalWeight,
      offsets,
      weightLabel: Int32Array.from(model.weightLabel),
      weight: Float64Array.from(model.weight),
    };
    compiled.set(model, c);
  }
  return c;
}

/** Each label's margin for the input (higher: more likely), in model.labels order. */
export function routerScores(model: TRouterModel, input: TRoutingInput): Float64Array {
  const c = compile(model);
  const x = vectorise(inputTokens(input), c);
  const scores = Float64Array.from(model.bias);
  for (let j = 0; j < x.index.length; j++) {
    const f = x.index[j]!;
    const value = x.value[j]!;
    for (let at = c.offsets[f]!; at < c.offsets[f + 1]!; at++)
      scores[c.weightLabel[at]!]! += c.weight[at]! * value;
  }
  return scores;
}

/** The k most likely labels, best first; confidence is the softmax probability over all labels. */
export function predictRouter(model: TRouterModel, input: TRoutingInput, k = 3): TRoutingPrediction[] {
  const scores = routerScores(model, input);
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  const p = scores.map((s) => {
    const e = Math.exp((s - max) / model.temperature);
    sum += e;
    return e;
  });
  const order = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]! || a - b);
  return order.slice(0, Math.max(0, k)).map((i) => ({ label: model.labels[i]!, confidence: p[i]! / sum }));
}

/** Share of the test examples whose label is the first suggestion / among the first three. */
export function evaluateRouter(
  model: TRouterModel,
  test: TRoutingExample[],
): { top1: number; top3: number; n: number } {
  let top1 = 0;
  let top3 = 0;
  for (const example of test) {
    const best = predictRouter(model, example, 3);
    if (best[0]?.label === example.label) top1++;
    if (best.some((p) => p.label === example.label)) top3++;
  }
  const n = test.length;
  return { top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, n };
}
