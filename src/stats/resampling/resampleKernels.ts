import { InvalidArgumentError } from '../../core/errors.js';
import { pairwiseSum } from './pairwiseSum.js';

/** Named statistics with allocation-free resampling paths. */
export type NamedStatistic = 'mean' | 'median' | 'meanDifference';
export const NAMED_STATISTICS: readonly NamedStatistic[] = ['mean', 'median', 'meanDifference'];

/**
 * A user statistic: receives the (resampled) samples in the order given, returns a finite number.
 * The arrays are reused between calls: copy one if you need to keep it.
 */
export type StatisticFunction = (...samples: Float64Array[]) => number;

/**
 * A statistic prepared for resampling. Each "index space" is resampled independently: one for a
 * single sample or for paired samples (pairs stay together), one per sample otherwise.
 */
export interface ResampleKernel {
  readonly spaceSizes: readonly number[];
  /** Statistic on the original data. */
  readonly estimate: number;
  /** Statistic on the resample selecting `indices[s]` from index space s. */
  evaluate(indices: readonly Int32Array[]): number;
  /** Leave-one-out statistics, one array per index space. */
  jackknife(): Float64Array[];
}

/** Kernel for one sample (one index space). */
interface SampleKernel {
  readonly size: number;
  readonly estimate: number;
  evaluate(indices: Int32Array): number;
  jackknife(): Float64Array;
}

/** Mean: Σ x[idx] / n per resample (numpy's summation order); leave-one-out means (Σx − x_i)/(n − 1). */
function meanKernel(x: Float64Array): SampleKernel {
  const n = x.length;
  const total = pairwiseSum(x, Int32Array.from(x.keys()), 0, n);
  return {
    size: n,
    estimate: total / n,
    evaluate: (indices) => pairwiseSum(x, indices, 0, n) / n,
    jackknife: () => x.map((xi) => (total - xi) / (n - 1)),
  };
}

/**
 * Median without sorting each resample: the resample is a multiset of the original values, so
 * count how often each sorted position is drawn and walk the counts to the middle (O(n)).
 */
function medianKernel(x: Float64Array): SampleKernel {
  const n = x.length;
  const order = Array.from(x.keys()).sort((i, j) => x[i] - x[j]);
  const sorted = Float64Array.from(order, (i) => x[i]);
  const rankOf = new Int32Array(n);
  order.forEach((original, rank) => { rankOf[original] = rank; });
  const counts = new Int32Array(n);
  const middleOf = (m: number, orderStatistic: (k: number) => number): number =>
    (orderStatistic((m - 1) >> 1) + orderStatistic(m >> 1)) / 2;
  return {
    size: n,
    estimate: middleOf(n, (k) => sorted[k]),
    evaluate(indices) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[rankOf[indices[i]]]++;
      const low = (n - 1) >> 1;
      const high = n >> 1;
      let rank = 0;
      let seen = counts[0];
      while (seen <= low) seen += counts[++rank];
      const lowValue = sorted[rank];
      while (seen <= high) seen += counts[++rank];
      return (lowValue + sorted[rank]) / 2;
    },
    // Dropping sorted position p shifts every later order statistic down by one.
    jackknife: () => Float64Array.from(rankOf, (p) => middleOf(n - 1, (k) => sorted[k < p ? k : k + 1])),
  };
}

/** Wraps a one-sample kernel as a one-space resampling kernel. */
function singleSpace(kernel: SampleKernel): ResampleKernel {
  return {
    spaceSizes: [kernel.size],
    estimate: kernel.estimate,
    evaluate: (indices) => kernel.evaluate(indices[0]),
    jackknife: () => [kernel.jackknife()],
  };
}

/** Difference of two independently resampled one-sample kernels (e.g. mean(a) − mean(b)). */
function differenceOf(first: SampleKernel, second: SampleKernel): ResampleKernel {
  return {
    spaceSizes: [first.size, second.size],
    estimate: first.estimate - second.estimate,
    evaluate: (indices) => first.evaluate(indices[0]) - second.evaluate(indices[1]),
    jackknife: () => [
      first.jackknife().map((value) => value - second.estimate),
      second.jackknife().map((value) => first.estimate - value),
    ],
  };
}

/** Kernel calling a user statistic on resampled copies of the samples (paired: one shared index space). */
function functionKernel(statistic: StatisticFunction, samples: readonly Float64Array[], paired: boolean): ResampleKernel {
  const checked = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError('statistic', value, 'the statistic function must return a finite number on every resample');
    }
    return value;
  };
  const spaceOf = (sample: number): number => (paired ? 0 : sample);
  const buffers = samples.map((sample) => new Float64Array(sample.length));
  const spaceSizes = paired ? [samples[0].length] : samples.map((sample) => sample.length);
  return {
    spaceSizes,
    estimate: checked(statistic(...samples.map((sample) => sample.slice()))),
    evaluate(indices) {
      samples.forEach((sample, s) => {
        const chosen = indices[spaceOf(s)];
        const buffer = buffers[s];
        for (let i = 0; i < buffer.length; i++) buffer[i] = sample[chosen[i]];
      });
      return checked(statistic(...buffers));
    },
    jackknife: () => spaceSizes.map((size, space) => Float64Array.from({ length: size }, (_, left) =>
      checked(statistic(...samples.map((sample, s) =>
        (spaceOf(s) === space ? dropIndex(sample, left) : sample.slice())))))),
  };
}

function dropIndex(sample: Float64Array, index: number): Float64Array {
  const out = new Float64Array(sample.length - 1);
  out.set(sample.subarray(0, index));
  out.set(sample.subarray(index + 1), index);
  return out;
}

/**
 * Builds the kernel for `statistic` on one sample or on two samples [a, b].
 * 'mean' and 'median' take one sample; 'meanDifference' takes two: mean(a) − mean(b), resampled as
 * the mean of the differences a − b when paired.
 */
export function makeKernel(statistic: NamedStatistic | StatisticFunction, samples: readonly Float64Array[], paired: boolean): ResampleKernel {
  if (typeof statistic === 'function') return functionKernel(statistic, samples, paired);
  const wanted = statistic === 'meanDifference' ? 2 : 1;
  if (samples.length !== wanted) {
    throw new InvalidArgumentError('statistic', statistic,
      `'${statistic}' needs ${wanted === 2 ? 'two samples [a, b]' : 'one sample'}, got ${samples.length}`);
  }
  if (statistic === 'mean') return singleSpace(meanKernel(samples[0]));
  if (statistic === 'median') return singleSpace(medianKernel(samples[0]));
  const [a, b] = samples;
  return paired ? singleSpace(meanKernel(a.map((ai, i) => ai - b[i]))) : differenceOf(meanKernel(a), meanKernel(b));
}
