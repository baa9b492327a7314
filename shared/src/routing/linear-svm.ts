import { shuffleInPlace } from './prng';
import type { TSparseVector } from './routing-features';

export type TBinarySvmProblem = {
  vectors: TSparseVector[];
  /** Squared length of each vector plus 1 for the bias feature. */
  squaredNorms: Float64Array;
  termCount: number;
};

export type TBinarySvmParams = {
  positive: Uint8Array;
  costPositive: number;
  costNegative: number;
  maxEpochs: number;
  tolerance: number;
  random: () => number;
};

/**
 * One label against the rest: an L2-regularised, squared-hinge linear SVM solved in the dual by
 * coordinate descent with shrinking (Hsieh et al. 2008; liblinear's -s 1), with the bias as an
 * extra constant feature. A step touches one example's non-zeros only, and shrinking stops
 * visiting the many examples that are plainly someone else's (α = 0 and well outside the margin),
 * which is what makes hundreds of labels × tens of thousands of tickets affordable.
 * Writes the weights into `w` (length termCount + 1, bias last).
 */
export function trainBinarySvm(problem: TBinarySvmProblem, params: TBinarySvmParams, w: Float64Array): void {
  const { vectors, squaredNorms, termCount } = problem;
  const n = vectors.length;
  const alpha = new Float64Array(n);
  const active = Int32Array.from({ length: n }, (_, i) => i);
  let activeSize = n;
  const halfInvCost = [1 / (2 * params.costNegative), 1 / (2 * params.costPositive)] as const;
  // Projected-gradient bounds of the previous pass: an example at α = 0 whose gradient lies above
  // the largest one seen is unlikely to come back into play.
  let shrinkAbove = Infinity;
  w.fill(0);
  for (let epoch = 0; epoch < params.maxEpochs; epoch++) {
    shuffleInPlace(active.subarray(0, activeSize), params.random);
    let maxProjected = -Infinity;
    let minProjected = Infinity;
    for (let s = 0; s < activeSize; s++) {
      const i = active[s]!;
      const { index, value } = vectors[i]!;
      const isPositive = params.positive[i]!;
      const y = isPositive ? 1 : -1;
      const diag = halfInvCost[isPositive]!;
      let margin = w[termCount]!;
      for (let j = 0; j < index.length; j++) margin += w[index[j]!]! * value[j]!;
      const gradient = y * margin - 1 + alpha[i]! * diag;
      let projected = gradient;
      if (alpha[i] === 0) {
        if (gradient > shrinkAbove) {
          activeSize--;
          active[s] = active[activeSize]!;
          active[activeSize] = i;
          s--;
          continue;
        }
        projected = Math.min(gradient, 0);
      }
      maxProjected = Math.max(maxProjected, projected);
      minProjected = Math.min(minProjected, projected);
      if (projected === 0) continue;
      const previous = alpha[i]!;
      alpha[i] = Math.max(previous - gradient / (squaredNorms[i]! + diag), 0);
      const step = (alpha[i]! - previous) * y;
      for (let j = 0; j < index.length; j++) w[index[j]!]! += step * value[j]!;
      w[termCount]! += step;
    }
    if (maxProjected - minProjected <= params.tolerance) {
      if (activeSize === n) break;
      // Converged on the active examples: check every example once more before stopping.
      activeSize = n;
      shrinkAbove = Infinity;
      continue;
    }
    shrinkAbove = maxProjected > 0 ? maxProjected : Infinity;
  }
}
