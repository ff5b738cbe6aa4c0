import { toTargetPairs } from './metricInputs.js';

/**
 * Mean of squared errors, mean((yTrue − yPred)²).
 * @throws InvalidArgumentError for non-finite values or different lengths; InsufficientDataError when empty.
 * @example
 * meanSquaredError([1, 2, 3], [1, 2, 5]); // 4/3
 */
export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [truth, predicted] = toTargetPairs(yTrue, yPred);
  return truth.reduce((sum, t, i) => sum + (t - predicted[i]) ** 2, 0) / truth.length;
}

/**
 * Mean of absolute errors, mean(|yTrue − yPred|).
 * @throws InvalidArgumentError for non-finite values or different lengths; InsufficientDataError when empty.
 * @example
 * meanAbsoluteError([1, 2, 3], [1, 2, 5]); // 2/3
 */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [truth, predicted] = toTargetPairs(yTrue, yPred);
  return truth.reduce((sum, t, i) => sum + Math.abs(t - predicted[i]), 0) / truth.length;
}
