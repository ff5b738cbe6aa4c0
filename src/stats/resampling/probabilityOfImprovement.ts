import { InvalidArgumentError } from '../../core/errors.js';
import { stratifiedInterval, stratifiedSettings, type AggregateInterval, type StratifiedBootstrapOptions } from './scoreAggregates.js';
import { resampleWithinTasks, toScoreMatrix } from './scoreMatrix.js';

/** {@link probabilityOfImprovement}'s interval plus the per-task probabilities. */
export interface ProbabilityOfImprovementResult extends AggregateInterval {
  /** P(X > Y) + ½P(X = Y) on each task. */
  perTask: number[];
}

/**
 * Probability of improvement of model X over model Y, as rliable: on each task,
 * P(X > Y) + ½ P(X = Y) = U / (n·m), the Mann–Whitney U statistic of X's n runs against Y's m runs
 * over all n·m pairs, averaged over tasks. The confidence interval is a stratified bootstrap that
 * resamples X's and Y's runs independently within each task (rliable's StratifiedIndependentBootstrap);
 * percentile interval by default.
 *
 * Reference: R. Agarwal et al. (2021), NeurIPS 34, §4.3; H. B. Mann & D. R. Whitney (1947),
 * Ann. Math. Statist. 18(1), 50–60.
 *
 * @param x runs × tasks scores of model X (a flat array is one task).
 * @param y runs × tasks scores of model Y (same tasks; the number of runs may differ).
 * @throws {InvalidArgumentError} ragged or non-finite tables, different task counts, bad options.
 * @throws {InsufficientDataError} no runs.
 * @example
 * probabilityOfImprovement([0.9, 0.8, 0.85], [0.8, 0.8, 0.7], { seed: 1 }).estimate.toFixed(4); // '0.8889'
 */
export function probabilityOfImprovement(x: ArrayLike<number> | readonly ArrayLike<number>[],
  y: ArrayLike<number> | readonly ArrayLike<number>[], options?: StratifiedBootstrapOptions): ProbabilityOfImprovementResult {
  const first = toScoreMatrix('x', x, true);
  const second = toScoreMatrix('y', y, true);
  if (first.tasks !== second.tasks) {
    throw new InvalidArgumentError('y', y, `expected the same number of tasks as x (${first.tasks}), got ${second.tasks}`);
  }
  const settings = stratifiedSettings(options);
  const perTask = first.byTask.map((scores, t) => improvementShare(scores, second.byTask[t]));
  const estimate = perTask.reduce((sum, p) => sum + p, 0) / perTask.length;
  const resampledX = first.byTask.map((task) => new Float64Array(task.length));
  const resampledY = second.byTask.map((task) => new Float64Array(task.length));
  const indices = new Int32Array(Math.max(first.runs, second.runs));
  const interval = stratifiedInterval(settings, estimate, () => {
    resampleWithinTasks(settings.draw, first.byTask, resampledX, indices);
    resampleWithinTasks(settings.draw, second.byTask, resampledY, indices);
    let total = 0;
    for (let t = 0; t < resampledX.length; t++) total += improvementShare(resampledX[t], resampledY[t]);
    return total / resampledX.length;
  });
  return { ...interval, perTask };
}

/** U/(n·m): share of pairs with x > y, ties counting one half. */
function improvementShare(x: Float64Array, y: Float64Array): number {
  let wins = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < y.length; j++) wins += x[i] > y[j] ? 1 : x[i] === y[j] ? 0.5 : 0;
  }
  return wins / (x.length * y.length);
}
