import { assertFiniteNumber, checkChoice, checkConfidenceLevel, checkOptions } from '../../core/validate.js';
import { bootstrapInterval } from './bootstrapInterval.js';
import { IndexStream } from './indexStream.js';
import { interquartileMeanInPlace } from './interquartileMean.js';
import { linearQuantile } from '../core/quantile.js';
import { checkResampleCount, randomFromSeed, standardError, type ResamplingOptions } from './resamplingOptions.js';

/** rliable's aggregate metrics of a runs × tasks score table. */
export type ScoreAggregate = 'iqm' | 'mean' | 'median' | 'optimalityGap';
export const SCORE_AGGREGATES: readonly ScoreAggregate[] = ['iqm', 'mean', 'median', 'optimalityGap'];

/** Interval methods that need no jackknife (rliable's stratified intervals are percentile intervals). */
export type StratifiedIntervalMethod = 'percentile' | 'basic';

/** Options of the stratified bootstrap routines (rliable-style across-seed aggregates). */
export interface StratifiedBootstrapOptions extends ResamplingOptions {
  /** 'percentile' (default, as rliable) or 'basic'. */
  method?: StratifiedIntervalMethod;
}

/** A bootstrap interval for an across-seed aggregate. */
export interface AggregateInterval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  /** Standard deviation (n − 1) of the bootstrap distribution. */
  standardError: number;
  nResamples: number;
}

/**
 * rliable's aggregate of scores stored task by task (`byTask[t][r]`):
 * iqm = trim_mean(all scores, 0.25); mean = mean of all scores; median = median over tasks of the
 * per-task mean; optimalityGap = γ − mean(min(score, γ)). `scratch` holds runs·tasks values.
 */
export function aggregateScores(kind: ScoreAggregate, byTask: readonly Float64Array[], gamma: number, scratch: Float64Array): number {
  if (kind === 'median') {
    const taskMeans = Float64Array.from(byTask, (scores) => scores.reduce((sum, value) => sum + value, 0) / scores.length).sort();
    return linearQuantile(taskMeans, 0.5);
  }
  let k = 0;
  for (const scores of byTask) for (let r = 0; r < scores.length; r++) scratch[k++] = scores[r];
  if (kind === 'iqm') return interquartileMeanInPlace(scratch);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += kind === 'mean' ? scratch[i] : Math.min(scratch[i], gamma);
  return kind === 'mean' ? sum / k : gamma - sum / k;
}

/** Settings resolved from {@link StratifiedBootstrapOptions}. */
export interface StratifiedSettings {
  nResamples: number;
  confidenceLevel: number;
  method: StratifiedIntervalMethod;
  draw: (n: number, out: Int32Array) => void;
}

/** Validates the shared options of the stratified bootstrap routines. */
export function stratifiedSettings(options: StratifiedBootstrapOptions | undefined): StratifiedSettings {
  const opts = checkOptions('options', options);
  const stream = new IndexStream(randomFromSeed(opts.seed));
  return {
    nResamples: checkResampleCount(opts.nResamples, 2),
    confidenceLevel: checkConfidenceLevel(opts.confidenceLevel),
    method: checkChoice('options.method', opts.method, ['percentile', 'basic'], 'percentile'),
    draw: (n, out) => stream.fill(n, out),
  };
}

/** Runs `evaluate` once per resample and turns the values into an {@link AggregateInterval}. */
export function stratifiedInterval(settings: StratifiedSettings, estimate: number, evaluate: () => number): AggregateInterval {
  const distribution = new Float64Array(settings.nResamples);
  for (let b = 0; b < distribution.length; b++) distribution[b] = evaluate();
  const { lower, upper } = bootstrapInterval({
    distribution, estimate, method: settings.method, confidenceLevel: settings.confidenceLevel, alternative: 'two-sided',
  });
  return { estimate, lower, upper, level: settings.confidenceLevel, standardError: standardError(distribution), nResamples: settings.nResamples };
}

/** Checks γ for the optimality gap (default 1, rliable's normalised-score target). */
export function checkGamma(value: unknown): number {
  if (value === undefined) return 1;
  assertFiniteNumber('options.gamma', value);
  return value;
}
