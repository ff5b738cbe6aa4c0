import { checkChoice } from '../../core/validate.js';
import { aggregateScores, checkGamma, SCORE_AGGREGATES, stratifiedInterval, stratifiedSettings,
  type AggregateInterval, type ScoreAggregate, type StratifiedBootstrapOptions } from './scoreAggregates.js';
import { resampleWithinTasks, toScoreMatrix } from './scoreMatrix.js';

/** Options of {@link stratifiedBootstrapCI}. */
export interface StratifiedAggregateOptions extends StratifiedBootstrapOptions {
  /** Target score γ of the optimality gap (default 1). */
  gamma?: number;
}

/**
 * Stratified bootstrap confidence interval of an across-seed aggregate, as rliable's
 * get_interval_estimates with StratifiedBootstrap: each resample draws, for every task separately,
 * as many runs as there are with replacement, then computes the aggregate — 'iqm' (interquartile
 * mean of all scores), 'mean', 'median' (median over tasks of the mean score) or 'optimalityGap'
 * (γ − mean(min(score, γ))). The interval is the percentile (default) or basic bootstrap interval.
 *
 * Reference: R. Agarwal et al. (2021), "Deep reinforcement learning at the edge of the statistical
 * precipice", NeurIPS 34; Efron & Tibshirani (1993), An Introduction to the Bootstrap, §8.
 *
 * @param scoresByTask runs × tasks table (rows: seeds/runs, columns: tasks or datasets).
 * @throws {InvalidArgumentError} ragged or non-finite table, unknown aggregate or option, nResamples < 2,
 *   bad confidenceLevel/seed/gamma.
 * @throws {InsufficientDataError} no runs.
 * @example
 * const ci = stratifiedBootstrapCI([[0.8, 0.6], [0.9, 0.5], [0.7, 0.65]], 'mean', { seed: 1, nResamples: 2000 });
 * ci.estimate.toFixed(3); // '0.692'
 */
export function stratifiedBootstrapCI(scoresByTask: readonly ArrayLike<number>[], aggregate: ScoreAggregate,
  options?: StratifiedAggregateOptions): AggregateInterval {
  const scores = toScoreMatrix('scoresByTask', scoresByTask, false);
  const kind = checkChoice('aggregate', aggregate, SCORE_AGGREGATES, 'iqm');
  const settings = stratifiedSettings(options);
  const gamma = checkGamma(options?.gamma);
  const scratch = new Float64Array(scores.runs * scores.tasks);
  const resampled = scores.byTask.map((task) => new Float64Array(task.length));
  const indices = new Int32Array(scores.runs);
  return stratifiedInterval(settings, aggregateScores(kind, scores.byTask, gamma, scratch), () => {
    resampleWithinTasks(settings.draw, scores.byTask, resampled, indices);
    return aggregateScores(kind, resampled, gamma, scratch);
  });
}
