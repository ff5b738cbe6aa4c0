/**
 * ROC-AUC as the Mann–Whitney statistic: the probability that a random positive scores above a
 * random negative, ties counting one half (average ranks) — equal to the trapezoidal area under
 * the ROC curve that sklearn computes.
 */
import { assertSameLength, toBinaryArray, toFiniteArray } from '../../core/validate.js';
import { assertBothClassesPresent, toLabelsAndProbabilities } from './metricInputs.js';

/** AUC of validated 0/1 labels and scores. */
function aucFromRanks(isPositive: ArrayLike<number>, scores: ArrayLike<number>, label: string): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (isPositive[order[k]]) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  assertBothClassesPresent(positives, n, label);
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * (n - positives));
}

/**
 * Binary ROC-AUC of 0/1 (or boolean) labels against scores (higher = more likely positive).
 * @throws InvalidArgumentError for bad inputs; InsufficientDataError when only one class is present.
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(yTrue: ArrayLike<number | boolean>, scores: ArrayLike<number>): number {
  const labels = toBinaryArray('yTrue', yTrue);
  const values = toFiniteArray('scores', scores);
  assertSameLength('yTrue', labels, 'scores', values);
  return aucFromRanks(labels, values, 'the binary labels');
}

/**
 * Multi-class ROC-AUC, one-vs-rest, macro average: the mean over classes c of the binary AUC of
 * (yTrue = c) against probabilities[·][c] — sklearn's roc_auc_score(multi_class='ovr', average='macro').
 * @throws InvalidArgumentError for bad inputs; InsufficientDataError when some class has no (or only)
 *   samples in yTrue.
 * @example
 * rocAucOvr([0, 1, 2, 2], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]); // 1
 */
export function rocAucOvr(yTrue: ArrayLike<number>, probabilities: ArrayLike<ArrayLike<number>>): number {
  const { labels, rows, numClasses } = toLabelsAndProbabilities(yTrue, probabilities);
  let sum = 0;
  for (let c = 0; c < numClasses; c++) {
    sum += aucFromRanks(labels.map((t) => (t === c ? 1 : 0)), rows.map((row) => row[c]), `class ${c} vs rest`);
  }
  return sum / numClasses;
}
