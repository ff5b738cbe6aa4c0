import { toLabelPairs } from './metricInputs.js';

/**
 * Fraction of samples whose predicted class equals the true class.
 * @throws InvalidArgumentError for non-integer labels or different lengths; InsufficientDataError when empty.
 * @example
 * accuracy([0, 1, 2, 2], [0, 2, 2, 2]); // 0.75
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [truth, predicted] = toLabelPairs(yTrue, yPred);
  return truth.reduce((hits, t, i) => hits + (t === predicted[i] ? 1 : 0), 0) / truth.length;
}
