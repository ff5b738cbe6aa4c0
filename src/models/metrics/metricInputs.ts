/** Validation of the array inputs of the metric functions. */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertSameLength, toFiniteArray } from '../../core/validate.js';

/** Class labels as integers >= 0. */
export function toLabels(name: string, values: unknown): number[] {
  const labels = toFiniteArray(name, values);
  labels.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`${name}[${i}]`, v, 'expected a class index (integer >= 0)');
  });
  return labels;
}

/** Paired true and predicted labels of the same length. */
export function toLabelPairs(yTrue: unknown, yPred: unknown): [number[], number[]] {
  const truth = toLabels('yTrue', yTrue);
  const predicted = toLabels('yPred', yPred);
  assertSameLength('yTrue', truth, 'yPred', predicted);
  return [truth, predicted];
}

/** Tolerance on each probability row summing to 1 (float32 softmax is exact to ~1e-7). */
const ROW_SUM_TOLERANCE = 1e-3;

/**
 * True labels and a matching n × k matrix of class probabilities (rows in [0, 1] summing to 1);
 * every label must index a column.
 */
export function toLabelsAndProbabilities(yTrue: unknown, probabilities: unknown): { labels: number[]; rows: number[][]; numClasses: number } {
  const labels = toLabels('yTrue', yTrue);
  if (!Array.isArray(probabilities) && !ArrayBuffer.isView(probabilities)) {
    throw new InvalidArgumentError('probabilities', probabilities, 'expected one row of class probabilities per sample');
  }
  const rows = Array.from(probabilities as ArrayLike<unknown>, (row, i) => toFiniteArray(`probabilities[${i}]`, row));
  assertSameLength('yTrue', labels, 'probabilities', rows);
  const numClasses = rows[0].length;
  if (numClasses < 2) throw new InvalidArgumentError('probabilities[0]', rows[0], 'expected one column per class, at least 2');
  rows.forEach((row, i) => {
    if (row.length !== numClasses) throw new InvalidArgumentError(`probabilities[${i}]`, row, `expected ${numClasses} columns like probabilities[0]`);
    const sum = row.reduce((a, b) => a + b, 0);
    if (row.some((p) => p < 0 || p > 1) || Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new InvalidArgumentError(`probabilities[${i}]`, row, 'expected probabilities in [0, 1] summing to 1 (apply softmax to logits first)');
    }
    if (labels[i] >= numClasses) throw new InvalidArgumentError(`yTrue[${i}]`, labels[i], `expected a class index below the ${numClasses} probability columns`);
  });
  return { labels, rows, numClasses };
}

/** Paired finite targets and predictions (regression). */
export function toTargetPairs(yTrue: unknown, yPred: unknown): [number[], number[]] {
  const truth = toFiniteArray('yTrue', yTrue);
  const predicted = toFiniteArray('yPred', yPred);
  assertSameLength('yTrue', truth, 'yPred', predicted);
  return [truth, predicted];
}

/** Throws when a one-vs-rest problem has no positives or no negatives for `label`. */
export function assertBothClassesPresent(positives: number, total: number, label: string): void {
  if (positives === 0 || positives === total) {
    throw new InsufficientDataError('yTrue', `${positives} of ${total} samples in ${label}`, `ROC-AUC needs both positive and negative samples for ${label}`);
  }
}
