import { toLabelPairs } from './metricInputs.js';

/**
 * Unweighted mean over classes of F1 = 2·TP / (2·TP + FP + FN), over the classes that occur in
 * yTrue or yPred — sklearn's f1_score(average='macro'), with F1 = 0 for a class never predicted
 * correctly (zero_division=0).
 * @throws InvalidArgumentError for non-integer labels or different lengths; InsufficientDataError when empty.
 * @example
 * macroF1([0, 0, 1, 1], [0, 1, 1, 1]); // (2/3 + 4/5) / 2 ≈ 0.7333
 */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const [truth, predicted] = toLabelPairs(yTrue, yPred);
  const classes = [...new Set([...truth, ...predicted])];
  const counts = new Map(classes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (t === p) counts.get(t)!.tp++;
    else {
      counts.get(p)!.fp++;
      counts.get(t)!.fn++;
    }
  });
  let sum = 0;
  for (const { tp, fp, fn } of counts.values()) sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return sum / classes.length;
}
