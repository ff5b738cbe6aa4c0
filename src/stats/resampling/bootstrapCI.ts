import type { Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { ConfidenceInterval } from '../core/htest.js';
import {
  assertInteger, assertSameLength, checkAlternative, checkChoice, checkConfidenceLevel, toFiniteArray, checkOptions, type Alternative,
} from '../../core/validate.js';
import { BOOTSTRAP_METHODS, bootstrapInterval, type BootstrapMethod } from './bootstrapInterval.js';
import { IndexStream } from './indexStream.js';
import { makeKernel, NAMED_STATISTICS, type NamedStatistic, type ResampleKernel, type StatisticFunction } from './resampleKernels.js';
import {
  checkBoolean, checkResampleCount, randomFromSeed, standardError, type ResamplingOptions,
} from './resamplingOptions.js';

/** One sample, or two samples `[a, b]` (paired or independent). */
export type BootstrapData = ArrayLike<number> | readonly [ArrayLike<number>, ArrayLike<number>];

/** Options of {@link bootstrapCI}. */
export interface BootstrapOptions extends ResamplingOptions {
  /** Interval construction (default 'bca', as scipy). */
  method?: BootstrapMethod;
  /** 'two-sided' (default), or a one-sided bound: 'less' gives (−∞, upper], 'greater' gives [lower, ∞). */
  alternative?: Alternative;
  /** Two samples: resample pairs (a_i, b_i) together (default false, as scipy). */
  paired?: boolean;
  /** Stratum label of each observation (or pair): resample within each stratum, keeping its size. */
  strata?: ArrayLike<number>;
  /** Called after every batch with the number of resamples done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Resamples per batch between progress reports / event-loop yields (default: about 10^6 draws). */
  batch?: number;
  /** Return the bootstrap distribution (in resample order) as `bootstrapDistribution` (default false). */
  keepDistribution?: boolean;
}

/** Options of {@link bootstrapCIAsync}: those of {@link bootstrapCI} plus an abort signal. */
export interface BootstrapAsyncOptions extends BootstrapOptions {
  /** Aborting rejects the promise at the next batch boundary with the signal's reason. */
  signal?: AbortSignal;
}

/** A bootstrap confidence interval with its point estimate and bootstrap standard error. */
export interface BootstrapResult extends ConfidenceInterval {
  /** Statistic on the original data. */
  estimate: number;
  /** Standard deviation (n − 1) of the bootstrap distribution. */
  standardError: number;
  method: BootstrapMethod;
  alternative: Alternative;
  nResamples: number;
  /** The statistic on every resample, when `keepDistribution` is set. */
  bootstrapDistribution?: Float64Array;
}

/** Draws index arrays for index space `space` into `out`. */
type IndexSource = (space: number, out: Int32Array) => void;

interface BootstrapPlan {
  kernel: ResampleKernel;
  nResamples: number;
  batch: number;
  confidenceLevel: number;
  method: BootstrapMethod;
  alternative: Alternative;
  keepDistribution: boolean;
  onProgress?: (done: number, total: number) => void;
  strata?: Int32Array[];
  rng: Random;
}

/** About this many index draws per batch: a few milliseconds between progress reports. */
const DRAWS_PER_BATCH = 2 ** 20;

/**
 * Bootstrap confidence interval for a statistic of one sample or of two samples (Efron 1979).
 *
 * Draws `nResamples` resamples with replacement (pairs kept together when `paired`; within each
 * stratum when `strata` is given), evaluates the statistic on each, and turns that bootstrap
 * distribution into an interval: 'percentile' (its α and 1 − α quantiles), 'basic' (2θ̂ minus those,
 * swapped) or 'bca' (bias-corrected and accelerated: quantile levels shifted by z0 = Φ⁻¹(share of
 * resamples below θ̂) and the jackknife acceleration a; Efron 1987). The formulas are those of
 * scipy.stats.bootstrap; only the random stream differs, so intervals agree within Monte Carlo error.
 *
 * 'mean', 'median' (one sample) and 'meanDifference' (two samples: mean(a) − mean(b)) run
 * allocation-free loops; a function statistic gets resampled copies of the samples.
 *
 * Reference: B. Efron (1987), "Better bootstrap confidence intervals", JASA 82(397), 171–185;
 * Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13–14.
 *
 * @param data one sample, or `[a, b]`.
 * @param statistic 'mean' | 'median' | 'meanDifference' or a function of the sample(s).
 * @throws {InvalidArgumentError} NaN/Infinity in data, mismatched paired lengths, unknown statistic or
 *   option, nResamples < 2, confidenceLevel outside (0, 1), bad strata or seed.
 * @throws {InsufficientDataError} a sample with fewer than 2 values, or BCa on a degenerate distribution.
 * @example
 * const ci = bootstrapCI([0.81, 0.79, 0.84, 0.8, 0.83, 0.78, 0.86, 0.82], 'mean', { seed: 1, nResamples: 2000 });
 * [ci.lower.toFixed(3), ci.upper.toFixed(3)]; // ['0.801', '0.835']
 */
export function bootstrapCI(data: BootstrapData, statistic: NamedStatistic | StatisticFunction, options?: BootstrapOptions): BootstrapResult {
  const plan = planBootstrap(data, statistic, options);
  const steps = resampleInBatches(plan, randomIndexSource(plan));
  let step = steps.next();
  while (!step.done) step = steps.next();
  return finishBootstrap(plan, step.value);
}

/**
 * {@link bootstrapCI} that yields to the event loop between batches, so a long bootstrap keeps a
 * notebook or server responsive, reports progress, and can be cancelled with `options.signal`.
 * Same seed, same result as the synchronous version.
 *
 * @throws the same errors as {@link bootstrapCI} (as a rejected promise), or the abort reason.
 * @example
 * const ci = await bootstrapCIAsync([[0.9, 0.8, 0.85, 0.7], [0.8, 0.8, 0.75, 0.7]], 'meanDifference',
 *   { paired: true, method: 'percentile', seed: 3, onProgress: (done, total) => {} });
 * ci.estimate.toFixed(3); // '0.050'
 */
export async function bootstrapCIAsync(data: BootstrapData, statistic: NamedStatistic | StatisticFunction, options?: BootstrapAsyncOptions): Promise<BootstrapResult> {
  const plan = planBootstrap(data, statistic, options);
  const signal = options?.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new InvalidArgumentError('options.signal', signal, 'expected an AbortSignal (e.g. new AbortController().signal)');
  const steps = resampleInBatches(plan, randomIndexSource(plan));
  signal?.throwIfAborted();
  let step = steps.next();
  while (!step.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    step = steps.next();
  }
  return finishBootstrap(plan, step.value);
}

/**
 * {@link bootstrapCI} on given resamples instead of random ones: `resamples[b][s]` holds the indices
 * drawn from index space s (the one sample or the pairs; else each sample) in resample b.
 * Internal: lets tests replay scipy's resamples and compare to scipy exactly.
 */
export function bootstrapFromResamples(data: BootstrapData, statistic: NamedStatistic | StatisticFunction,
  resamples: readonly (readonly ArrayLike<number>[])[], options?: BootstrapOptions): BootstrapResult {
  const plan = planBootstrap(data, statistic, { ...options, nResamples: resamples.length });
  let next = 0;
  const replay: IndexSource = (space, out) => {
    out.set(resamples[Math.floor(next / plan.kernel.spaceSizes.length)][space]);
    next++;
  };
  const steps = resampleInBatches(plan, replay);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return finishBootstrap(plan, step.value);
}

function planBootstrap(data: BootstrapData, statistic: unknown, rawOptions: BootstrapOptions | undefined): BootstrapPlan {
  const options = checkOptions('options', rawOptions);
  if (typeof statistic !== 'function' && !NAMED_STATISTICS.includes(statistic as NamedStatistic)) {
    throw new InvalidArgumentError('statistic', statistic,
      `expected a function or one of ${NAMED_STATISTICS.map((name) => `'${name}'`).join(', ')}`);
  }
  const paired = checkBoolean('options.paired', options.paired, false);
  const samples = toSamples(data, paired);
  const kernel = makeKernel(statistic as NamedStatistic | StatisticFunction, samples, paired);
  const nResamples = checkResampleCount(options.nResamples, 2);
  const totalSize = kernel.spaceSizes.reduce((sum, size) => sum + size, 0);
  const batch = options.batch ?? Math.max(1, Math.ceil(DRAWS_PER_BATCH / totalSize));
  assertInteger('options.batch', batch, 1);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidArgumentError('options.onProgress', options.onProgress, 'expected a function (done, total) => void');
  }
  return {
    kernel,
    nResamples,
    batch,
    confidenceLevel: checkConfidenceLevel(options.confidenceLevel),
    method: checkChoice('options.method', options.method, BOOTSTRAP_METHODS, 'bca'),
    alternative: checkAlternative(options.alternative),
    keepDistribution: checkBoolean('options.keepDistribution', options.keepDistribution, false),
    onProgress: options.onProgress,
    strata: options.strata === undefined ? undefined : groupStrata(options.strata, kernel),
    rng: randomFromSeed(options.seed),
  };
}

/** Validates `data` as one sample or a pair [a, b]; each needs ≥ 2 finite values, as in scipy. */
function toSamples(data: BootstrapData, paired: boolean): Float64Array[] {
  const isPair = Array.isArray(data) && data.length > 0 && typeof data[0] === 'object' && data[0] !== null;
  if (!isPair) return [Float64Array.from(toFiniteArray('data', data, 2))];
  if (data.length !== 2) {
    throw new InvalidArgumentError('data', data, `expected one sample or two samples [a, b], got ${data.length} samples`);
  }
  const [a, b] = (data as readonly unknown[]).map((sample, i) => Float64Array.from(toFiniteArray(`data[${i}]`, sample, 2)));
  if (paired) assertSameLength('data[0]', a, 'data[1]', b);
  return [a, b];
}

/** Members (original indices) of each stratum, in order of first appearance. */
function groupStrata(strata: ArrayLike<number>, kernel: ResampleKernel): Int32Array[] {
  const labels = toFiniteArray('options.strata', strata);
  if (kernel.spaceSizes.length !== 1) {
    throw new InvalidArgumentError('options.strata', strata, 'strata apply to one sample or to paired samples only');
  }
  if (labels.length !== kernel.spaceSizes[0]) {
    throw new InvalidArgumentError('options.strata', strata, `expected one label per observation (${kernel.spaceSizes[0]}), got ${labels.length}`);
  }
  const groups = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const members = groups.get(label);
    if (members) members.push(i);
    else groups.set(label, [i]);
  });
  return Array.from(groups.values(), (members) => Int32Array.from(members));
}

function randomIndexSource(plan: BootstrapPlan): IndexSource {
  const stream = new IndexStream(plan.rng);
  const strata = plan.strata;
  return (space, out) => {
    if (!strata || space > 0) {
      stream.fill(out.length, out);
      return;
    }
    let offset = 0;
    for (const members of strata) {
      stream.fill(members.length, out, offset, members.length, members);
      offset += members.length;
    }
  };
}

/** Fills the bootstrap distribution batch by batch, pausing (yield) after each reported batch. */
function* resampleInBatches(plan: BootstrapPlan, source: IndexSource): Generator<void, Float64Array, void> {
  const { kernel, nResamples, batch, onProgress } = plan;
  const distribution = new Float64Array(nResamples);
  const indices = kernel.spaceSizes.map((size) => new Int32Array(size));
  let done = 0;
  while (done < nResamples) {
    const stop = Math.min(nResamples, done + batch);
    for (; done < stop; done++) {
      for (let space = 0; space < indices.length; space++) source(space, indices[space]);
      distribution[done] = kernel.evaluate(indices);
    }
    onProgress?.(done, nResamples);
    if (done < nResamples) yield;
  }
  return distribution;
}

function finishBootstrap(plan: BootstrapPlan, distribution: Float64Array): BootstrapResult {
  const { kernel, method, alternative, confidenceLevel } = plan;
  const { lower, upper } = bootstrapInterval({
    distribution,
    estimate: kernel.estimate,
    method,
    confidenceLevel,
    alternative,
    jackknife: method === 'bca' ? kernel.jackknife() : undefined,
  });
  return {
    lower,
    upper,
    level: confidenceLevel,
    estimate: kernel.estimate,
    standardError: standardError(distribution),
    method,
    alternative,
    nResamples: plan.nResamples,
    ...(plan.keepDistribution ? { bootstrapDistribution: distribution } : {}),
  };
}
