import { InvalidArgumentError } from '../../core/errors.js';
import { toLabelsAndProbabilities } from './metricInputs.js';

/**
 * Mean negative log-likelihood of the true classes, −mean(log p[i][yTrue[i]]), with p clipped to
 * [eps, 1 − eps] so a confident mistake costs log(1/eps) rather than Infinity (sklearn's log_loss
 * with eps = 1e-15).
 * @throws InvalidArgumentError for bad labels/probabilities or eps outside (0, 0.5).
 * @example
 * logLoss([0, 1], [[0.9, 0.1], [0.2, 0.8]]); // (−ln 0.9 − ln 0.8) / 2 ≈ 0.1643
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<ArrayLike<number>>, eps = 1e-15): number {
  if (typeof eps !== 'number' || !(eps > 0 && eps < 0.5)) throw new InvalidArgumentError('eps', eps, 'expected a number in (0, 0.5)');
  const { labels, rows } = toLabelsAndProbabilities(yTrue, probabilities);
  let sum = 0;
  labels.forEach((t, i) => { sum -= Math.log(Math.min(Math.max(rows[i][t], eps), 1 - eps)); });
  return sum / labels.length;
}
