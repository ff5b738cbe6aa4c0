/**
 * Mergeable unit-level sums of binned scores: what a clustered (delta-method) covariance of an
 * arm's bin proportions needs, O(bins²) numbers whatever the number of requests.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';

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

/** Zero sums for K bins (an arm without scored traffic). */
export function emptyBinnedScoreStatistics(bins: number): BinnedScoreStatistics {
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
 * @throws {InsufficientDataError} with fewer than 2 units or no scored request (argument `name`).
 * @example binProportionCovariance('arm', binnedScoreStatisticsOfUnits([[2, 1], [0, 3], [1, 1]])).proportions // [0.375, 0.625]
 */
export function binProportionCovariance(name: string, statistics: BinnedScoreStatistics): { proportions: number[]; covariance: number[][] } {
  if (typeof statistics !== 'object' || statistics === null || !Array.isArray(statistics.counts)) {
    throw new InvalidArgumentError(name, statistics, 'expected binned score statistics');
  }
  const { units: n, requests: total, requestsSquares, counts, countsRequests, countsCross } = statistics;
  if (!(n >= 2) || !(total > 0)) throw new InsufficientDataError(`${name}.units`, n, 'expected at least 2 units with scored requests');
  const p = counts.map((c) => c / total);
  const scale = n / ((n - 1) * total * total);
  const covariance = p.map((pj, j) => p.map((pk, k) => scale
    * (countsCross[j][k] - pk * countsRequests[j] - pj * countsRequests[k] + pj * pk * requestsSquares)));
  return { proportions: p, covariance };
}
