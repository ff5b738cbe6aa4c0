import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertPositive, assertWorkSize } from '../../core/validate.js';
import { checkWeights } from './srmTest.js';

export interface TestDurationOptions {
  /** Units needed per arm: one number for all arms, or one per arm. */
  sampleSizePerArm: number | number[];
  /** Eligible units (users) arriving per day. */
  dailyTraffic: number;
  /** Fraction of traffic enrolled in the experiment, in (0, 1]; default 1. */
  allocation?: number;
  /** Number of equally weighted arms (default 2), when `weights` is not given. */
  arms?: number;
  /** Split of enrolled traffic across arms, positive and summing to 1. */
  weights?: number[];
}

export interface TestDurationResult {
  /** Whole days to run, ⌈exactDays⌉. */
  days: number;
  exactDays: number;
  /** Units each arm receives per day. */
  dailyUnitsPerArm: number[];
}

/**
 * Days until every arm reaches its sample size: arm i receives dailyTraffic·allocation·wᵢ units
 * a day, so the duration is maxᵢ nᵢ/(dailyTraffic·allocation·wᵢ). Round up to whole weeks in
 * practice to average out weekday effects (Kohavi, Tang & Xu 2020, ch. 2).
 * @throws {InvalidArgumentError} for non-positive sizes or traffic, allocation outside (0, 1],
 * weights that are not positive or do not sum to 1, or per-arm sizes not matching the arms.
 * @example
 * testDuration({ sampleSizePerArm: 3841, dailyTraffic: 1000, allocation: 0.5 }).days; // 16
 */
export function testDuration(options: TestDurationOptions): TestDurationResult {
  assertPositive('options.dailyTraffic', options?.dailyTraffic);
  const allocation = options.allocation ?? 1;
  if (typeof allocation !== 'number' || !(allocation > 0 && allocation <= 1)) {
    throw new InvalidArgumentError('options.allocation', allocation, 'expected a fraction in (0, 1]');
  }
  let weights: number[];
  if (options.weights !== undefined) {
    weights = checkWeights('options.weights', options.weights);
  } else {
    const arms = options.arms ?? 2;
    assertWorkSize('options.arms', arms, 2, 10_000);
    weights = new Array<number>(arms).fill(1 / arms);
  }
  const sizes = Array.isArray(options.sampleSizePerArm) ? options.sampleSizePerArm : weights.map(() => options.sampleSizePerArm as number);
  if (sizes.length !== weights.length) {
    throw new InvalidArgumentError('options.sampleSizePerArm', options.sampleSizePerArm, `expected one size per arm (${weights.length})`);
  }
  sizes.forEach((n, i) => assertPositive(Array.isArray(options.sampleSizePerArm) ? `options.sampleSizePerArm[${i}]` : 'options.sampleSizePerArm', n));
  const dailyUnitsPerArm = weights.map((w) => options.dailyTraffic * allocation * w);
  const exactDays = Math.max(...sizes.map((n, i) => n / dailyUnitsPerArm[i]));
  return { days: Math.ceil(exactDays * (1 - 1e-12)), exactDays, dailyUnitsPerArm };
}
