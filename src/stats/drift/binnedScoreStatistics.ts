/**
 * Mergeable unit-level sums of binned scores: what a clustered (delta-method) covariance of an
 * arm's bin proportions needs, O(bins²) numbers whatever the number of requests.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertWorkSize, toFiniteArray } from '../../core/validate.js';

/**
 * Sums over the units of an arm, for K score bins. Unit i has mᵢ scored requests, cᵢₖ of them in
 * bin k (Σₖ cᵢₖ = mᵢ). Every field is a plain sum, so statistics of disjoint unit sets add.
 */
export interface BinnedScoreStatistics {
  /** n: units with a scored request. */
  units: number;
  /** M = Σmᵢ and Σmᵢ². */
  requests: number;
  requestsSquares: number;
  /** Sₖ = Σᵢcᵢₖ (the arm's count in bin k). */
  counts: number[];
  /** Σᵢcᵢₖmᵢ. */
  countsRequests: number[];
  /** Σᵢcᵢⱼcᵢₖ (symmetric K × K). */
  countsCross: number[][];
}

/**
 * The sums of per-unit bin counts (one row of K counts per unit).
 * @throws {InvalidArgumentError} on rows of different lengths or counts that are not integers ≥ 0.
 * @example binnedScoreStatisticsOfUnits([[2, 1], [0, 3]]).countsCross // [[4, 2], [2, 10]]
 */
export function binnedScoreStatisticsOfUnits(units: readonly (readonly number[])[]): BinnedScoreStatistics {
  if (!Array.isArray(units) || units.length === 0 || !Array.isArray(units[0])) throw new InvalidArgumentError('units', units, 'expected rows of per-bin counts, one per unit');
  const bins = units[0].length;
  if (bins === 0) throw new InvalidArgumentError('units[0]', units[0], 'expected at least 1 bin count');
  const statistics = emptyBinnedScoreStatistics(bins);
  units.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== bins) throw new InvalidArgumentError(`units[${i}]`, row, `expected ${bins} bin counts`);
    row.forEach((c, k) => assertInteger(`units[${i}][${k}]`, c, 0));
    const m = row.reduce((s, c) => s + c, 0);
    statistics.units++;
    statistics.requests += m;
    statistics.requestsSquares += m * m;
    for (let j = 0; j < bins; j++) {
      statistics.counts[j] += row[j];
      statistics.countsRequests[j] += row[j] * m;
      for (let k = 0; k < bins; k++) statistics.countsCross[j][k] += row[j] * row[k];
    }
  });
  return statistics;
}

/** Most score bins an arm's statistics may have: the K × K cross sums must stay small. */
export const MAX_SCORE_BINS = 10_000;

/**
 * Zero sums for K bins (an arm without scored traffic).
 * @throws {InvalidArgumentError} unless bins is an integer in [1, MAX_SCORE_BINS].
 * @example emptyBinnedScoreStatistics(2).countsCross // [[0, 0], [0, 0]]
 */
export function emptyBinnedScoreStatistics(bins: number): BinnedScoreStatistics {
  assertWorkSize('bins', bins, 1, MAX_SCORE_BINS);
  return {
    units: 0, requests: 0, requestsSquares: 0, counts: new Array<number>(bins).fill(0), countsRequests: new Array<number>(bins).fill(0),
    countsCross: Array.from({ length: bins }, () => new Array<number>(bins).fill(0)),
  };
}

/**
 * The arm's bin proportions p̂ₖ = Sₖ/M with their unit-clustered (delta-method) covariance
 * Cov(p̂ⱼ, p̂ₖ) = n/(n − 1) · Σᵢ rᵢⱼrᵢₖ / M², rᵢₖ = cᵢₖ − p̂ₖmᵢ, expanded in the sums as
 * (Σcⱼcₖ − p̂ₖΣcⱼm − p̂ⱼΣcₖm + p̂ⱼp̂ₖΣm²)·n/((n − 1)M²). Each diagonal entry is the delta-method
 * variance of the ratio metric Σcₖ/Σm over units (ratioEstimate), so a unit sending many
 * correlated requests counts as one unit. Reference: Deng, Knoblich & Lu (2018), "Applying the
 * delta method in metric analytics", KDD; Liang & Zeger (1986), Biometrika 73(1) (cluster-robust covariance).
 * @throws {InvalidArgumentError} on statistics that are not consistent sums over units ({@link checkBinnedScoreStatistics}).
 * @throws {InsufficientDataError} with fewer than 2 units or no scored request (argument `name`).
 * @example binProportionCovariance('arm', binnedScoreStatisticsOfUnits([[2, 1], [0, 3], [1, 1]])).proportions // [0.375, 0.625]
 */
export function binProportionCovariance(name: string, statistics: BinnedScoreStatistics): { proportions: number[]; covariance: number[][] } {
  checkBinnedScoreStatistics(name, statistics);
  const { units: n, requests: total, requestsSquares, counts, countsRequests, countsCross } = statistics;
  if (!(n >= 2) || !(total > 0)) throw new InsufficientDataError(`${name}.units`, n, 'expected at least 2 units with scored requests');
  const p = counts.map((c) => c / total);
  const scale = n / ((n - 1) * total * total);
  const covariance = p.map((pj, j) => p.map((pk, k) => scale
    * (countsCross[j][k] - pk * countsRequests[j] - pj * countsRequests[k] + pj * pk * requestsSquares)));
  return { proportions: p, covariance };
}

/** Whether two sums agree up to floating-point rounding (the sums may come from scaled or floating-point data). */
function sumsAgree(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A finite number ≥ 0 (a sum of counts or of their products). */
function assertNonNegativeSum(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value < 0) throw new InvalidArgumentError(name, value, 'expected a sum >= 0');
}

/** A list of `length` finite sums ≥ 0. */
function nonNegativeSums(name: string, value: unknown, length: number, lengthOf: string): number[] {
  const sums = toFiniteArray(name, value, 0);
  if (sums.length !== length) throw new InvalidArgumentError(name, value, `expected ${length} entries, one per bin of ${lengthOf}`);
  sums.forEach((x, k) => assertNonNegativeSum(`${name}[${k}]`, x));
  return sums;
}

/**
 * Checks that `statistics` (argument `name`, e.g. 'options.control') are sums over units as
 * {@link BinnedScoreStatistics} defines them, naming the bad field as `name.field`: units an
 * integer ≥ 0; every other sum finite and ≥ 0; K = counts.length ≥ 1 bins (the same as
 * `bins` when given), countsRequests of length K and countsCross K × K and symmetric; and the
 * identities that Σₖcᵢₖ = mᵢ implies: Σₖ Sₖ = M, Σₖ Σᵢcᵢₖmᵢ = Σmᵢ², Σₖ Σᵢcᵢⱼcᵢₖ = Σᵢcᵢⱼmᵢ, and
 * M² ≤ n·Σmᵢ² (Cauchy–Schwarz). Sums that break them are not from any units, and would give a
 * covariance that is NaN or not positive semi-definite.
 * @throws {InvalidArgumentError} naming the first field that breaks a rule.
 * @example checkBinnedScoreStatistics('control', binnedScoreStatisticsOfUnits([[2, 1], [0, 3]])) // no error
 */
export function checkBinnedScoreStatistics(name: string, statistics: unknown, bins?: number): asserts statistics is BinnedScoreStatistics {
  if (typeof statistics !== 'object' || statistics === null || Array.isArray(statistics)) {
    throw new InvalidArgumentError(name, statistics, 'expected binned score statistics {units, requests, requestsSquares, counts, countsRequests, countsCross}');
  }
  const { units, requests, requestsSquares, counts: rawCounts, countsRequests: rawCountsRequests, countsCross } = statistics as Record<string, unknown>;
  assertInteger(`${name}.units`, units, 0);
  assertNonNegativeSum(`${name}.requests`, requests);
  assertNonNegativeSum(`${name}.requestsSquares`, requestsSquares);
  const counts = toFiniteArray(`${name}.counts`, rawCounts, 1);
  counts.forEach((x, k) => assertNonNegativeSum(`${name}.counts[${k}]`, x));
  const k = counts.length;
  if (bins !== undefined && k !== bins) throw new InvalidArgumentError(`${name}.counts`, rawCounts, `expected ${bins} bins like the other arm`);
  const countsRequests = nonNegativeSums(`${name}.countsRequests`, rawCountsRequests, k, `${name}.counts`);
  if (!Array.isArray(countsCross) || countsCross.length !== k) {
    throw new InvalidArgumentError(`${name}.countsCross`, countsCross, `expected a ${k} × ${k} matrix, one row per bin of ${name}.counts`);
  }
  const cross = countsCross.map((row, j) => nonNegativeSums(`${name}.countsCross[${j}]`, row, k, `${name}.counts`));
  cross.forEach((row, j) => row.forEach((x, l) => {
    if (l > j && !sumsAgree(x, cross[l][j])) throw new InvalidArgumentError(`${name}.countsCross[${j}][${l}]`, x, `expected a symmetric matrix (${name}.countsCross[${l}][${j}] = ${cross[l][j]})`);
  }));
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  if (!sumsAgree(sum(counts), requests)) {
    throw new InvalidArgumentError(`${name}.requests`, requests, `expected the sum of ${name}.counts (${sum(counts)})`);
  }
  if (!sumsAgree(sum(countsRequests), requestsSquares)) {
    throw new InvalidArgumentError(`${name}.requestsSquares`, requestsSquares, `expected the sum of ${name}.countsRequests (${sum(countsRequests)})`);
  }
  cross.forEach((row, j) => {
    if (!sumsAgree(sum(row), countsRequests[j])) {
      throw new InvalidArgumentError(`${name}.countsRequests[${j}]`, countsRequests[j], `expected the sum of row ${j} of ${name}.countsCross (${sum(row)})`);
    }
  });
  if (requests * requests > units * requestsSquares * (1 + 1e-9)) {
    throw new InvalidArgumentError(`${name}.requestsSquares`, requestsSquares, `expected at least ${name}.requests² / ${name}.units (Cauchy–Schwarz over units)`);
  }
}
