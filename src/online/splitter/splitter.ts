/**
 * Deterministic traffic splitting by hashing: the same experiment and unit always get the same
 * answer, on any machine, in any language that has MD5 (see test/fixtures/online-machinery/
 * generate_splitter.py for the Python twin).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertProbability, checkOptions } from '../../core/validate.js';
import { md5Prefix32 } from './md5.js';

/** Number of raw buckets: a raw bucket is an unsigned 32-bit integer in [0, 2^32). */
export const BUCKET_COUNT = 2 ** 32;

/** A unit of randomisation: user, session or request id. Integers are hashed as their decimal string. */
export type UnitId = string | number;

/**
 * Raw bucket of `unitId` under hash key `key`: the first 8 hex digits of
 * `md5(utf8(key + "_" + unitId))` as an unsigned 32-bit integer. Divide by {@link BUCKET_COUNT}
 * for a position in [0, 1), the course-material mapping `int(md5(f"{key}_{unit}")[:8], 16) / 2**32`.
 * @throws {InvalidArgumentError} when `unitId` is not a non-empty string or a safe integer.
 * @example hashBucket('checkout', 'user-1') // 3867735151
 */
export function hashBucket(key: string, unitId: UnitId): number {
  return md5Prefix32(`${key}_${checkUnitId(unitId)}`);
}

/** Validates a unit id and returns it as the string that gets hashed. */
export function checkUnitId(unitId: unknown, name = 'unitId'): string {
  if (typeof unitId === 'string' && unitId.length > 0) return unitId;
  if (typeof unitId === 'number' && Number.isSafeInteger(unitId)) return String(unitId);
  throw new InvalidArgumentError(name, unitId, 'expected a non-empty string or a safe integer');
}

/** Configuration of {@link createSplitter}. Give `weights` or `controlRatio`, not both; neither means equal weights. */
export interface SplitterOptions {
  /** Experiment name; also the hash key unless `salt` is given. */
  experiment: string;
  /**
   * Hash key (namespace). Experiments with different salts get independent assignments; give two
   * experiments the same salt only to make their assignments identical on purpose.
   */
  salt?: string;
  /** Arm names, control first. Default `['control', 'treatment']`. */
  arms?: readonly string[];
  /** Relative arm weights (positive, any scale), one per arm. */
  weights?: readonly number[];
  /** Share of experiment units in the first arm; the other arms split the rest equally. */
  controlRatio?: number;
  /** Fraction of all units that enter the experiment, in [0, 1]. Default 1. */
  allocation?: number;
}

/** What {@link Splitter.assign} decided for one unit. */
export interface Assignment {
  unitId: string;
  /** Arm name, or `null` when the unit is not in the experiment. */
  arm: string | null;
  inExperiment: boolean;
  /** Raw allocation bucket: {@link hashBucket}(salt, unitId); in the experiment iff bucket / 2^32 < allocation. */
  bucket: number;
  /** Raw arm bucket: {@link hashBucket}(salt + '_arm', unitId), or `null` when not in the experiment. */
  armBucket: number | null;
}

/** A configured experiment splitter. `allocation` and `weights` may change during an experiment (ramps, staged rollouts). */
export interface Splitter {
  readonly experiment: string;
  readonly salt: string;
  readonly arms: readonly string[];
  /** Arm weights normalised to sum to 1 (current ones, after any {@link Splitter.setWeights}). */
  readonly weights: readonly number[];
  /** Current fraction of units in the experiment. */
  readonly allocation: number;
  assign(unitId: UnitId): Assignment;
  /**
   * Ramps the experiment up or down. Raising the allocation only adds units; a unit that stays
   * in the experiment keeps its arm, because the arm comes from a hash that ignores allocation.
   */
  setAllocation(allocation: number): void;
  /**
   * Changes the arm weights (≥ 0, at least one positive, any scale), e.g. to ramp a new model's
   * share of traffic. Arms are cut left to right from the cumulative weights, so a unit moves only
   * if a cut point passes its arm bucket: with two arms, raising the second arm's share only moves
   * units from the first arm into the second, and a unit that got the second arm keeps it.
   * Analyses that pool data from before and after a change must account for it (e.g. per period).
   * @throws {InvalidArgumentError} on a wrong number of weights, a negative or non-finite weight, or all zero.
   */
  setWeights(weights: readonly number[]): void;
}

/**
 * Creates a deterministic hash splitter with traffic allocation and weighted arms.
 *
 * Two independent MD5 hashes decide for each unit (salt defaults to the experiment name):
 * 1. allocation: `bucket = hashBucket(salt, unitId)`; the unit is in the experiment iff
 *    `bucket / 2^32 < allocation`, so a larger allocation is a superset of a smaller one;
 * 2. arm: `armBucket = hashBucket(salt + '_arm', unitId)`, i.e. md5 of `${salt}_arm_${unitId}`;
 *    arm i is chosen iff `c[i-1] ≤ armBucket / 2^32 < c[i]` where `c` are the cumulative
 *    normalised weights, accumulated left to right in double precision.
 * Weights change only through `setWeights` (see there which units move).
 * Reference: Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments" (2020), ch. 4 and 14.
 * @throws {InvalidArgumentError} on an empty experiment name, duplicate or empty arm names,
 *   non-positive weights, a wrong number of weights, both `weights` and `controlRatio`, or an
 *   allocation outside [0, 1].
 * @example
 * const splitter = createSplitter({ experiment: 'checkout', allocation: 0.5, controlRatio: 0.5 });
 * splitter.assign('user-3') // { unitId: 'user-3', arm: 'control', inExperiment: true, bucket: 1234223205, armBucket: 250069045 }
 * splitter.assign('user-1') // { unitId: 'user-1', arm: null, inExperiment: false, bucket: 3867735151, armBucket: null }
 */
export function createSplitter(options: SplitterOptions): Splitter {
  options = checkOptions('options', options);
  const { experiment } = options;
  if (typeof experiment !== 'string' || experiment.length === 0) {
    throw new InvalidArgumentError('options.experiment', experiment, 'expected a non-empty string');
  }
  const salt = options.salt ?? experiment;
  if (typeof salt !== 'string' || salt.length === 0) {
    throw new InvalidArgumentError('options.salt', salt, 'expected a non-empty string');
  }
  const arms = checkArms(options.arms ?? ['control', 'treatment']);
  let weights = normaliseWeights(arms, options.weights, options.controlRatio);
  let upperBounds = cumulativeBounds(weights);
  const armKey = `${salt}_arm`;
  let allocation = checkAllocation(options.allocation ?? 1);

  return {
    experiment,
    salt,
    arms,
    get weights() {
      return weights;
    },
    get allocation() {
      return allocation;
    },
    assign(unitId: UnitId): Assignment {
      const id = checkUnitId(unitId);
      const bucket = md5Prefix32(`${salt}_${id}`);
      if (bucket / BUCKET_COUNT >= allocation) return { unitId: id, arm: null, inExperiment: false, bucket, armBucket: null };
      const armBucket = md5Prefix32(`${armKey}_${id}`);
      const position = armBucket / BUCKET_COUNT;
      let index = 0;
      while (index < arms.length - 1 && position >= upperBounds[index]) index++;
      return { unitId: id, arm: arms[index], inExperiment: true, bucket, armBucket };
    },
    setAllocation(next: number): void {
      allocation = checkAllocation(next, 'allocation');
    },
    setWeights(next: readonly number[]): void {
      weights = normaliseWeights(arms, next, undefined, 'weights', true);
      upperBounds = cumulativeBounds(weights);
    },
  };
}

/** Cumulative normalised weights, accumulated left to right in double precision. */
function cumulativeBounds(weights: readonly number[]): number[] {
  let cumulative = 0;
  return weights.map((w) => (cumulative += w));
}

function checkAllocation(allocation: unknown, name = 'options.allocation'): number {
  assertProbability(name, allocation);
  return allocation;
}

function checkArms(arms: unknown): readonly string[] {
  if (!Array.isArray(arms) || arms.length < 2) {
    throw new InvalidArgumentError('options.arms', arms, 'expected an array of at least 2 arm names');
  }
  arms.forEach((arm, i) => {
    if (typeof arm !== 'string' || arm.length === 0) {
      throw new InvalidArgumentError(`options.arms[${i}]`, arm, 'expected a non-empty string');
    }
    if (arms.indexOf(arm) !== i) throw new InvalidArgumentError(`options.arms[${i}]`, arm, 'arm names must be unique');
  });
  return Object.freeze([...arms]);
}

function normaliseWeights(arms: readonly string[], weights: unknown, controlRatio: unknown, name = 'options.weights', allowZero = false): readonly number[] {
  if (weights !== undefined && controlRatio !== undefined) {
    throw new InvalidArgumentError('options.controlRatio', controlRatio, 'give either weights or controlRatio, not both');
  }
  let raw: number[];
  if (controlRatio !== undefined) {
    if (typeof controlRatio !== 'number' || !(controlRatio > 0 && controlRatio < 1)) {
      throw new InvalidArgumentError('options.controlRatio', controlRatio, 'expected a number strictly between 0 and 1');
    }
    raw = arms.map((_, i) => (i === 0 ? controlRatio : (1 - controlRatio) / (arms.length - 1)));
  } else if (weights !== undefined) {
    if (!Array.isArray(weights) || weights.length !== arms.length) {
      throw new InvalidArgumentError(name, weights, `expected an array of ${arms.length} weights, one per arm`);
    }
    weights.forEach((w, i) => {
      assertFiniteNumber(`${name}[${i}]`, w);
      if (allowZero ? w < 0 : w <= 0) throw new InvalidArgumentError(`${name}[${i}]`, w, `expected a weight ${allowZero ? '>= 0' : '> 0'}`);
    });
    if (!weights.some((w) => w > 0)) throw new InvalidArgumentError(name, weights, 'expected at least one positive weight');
    raw = weights;
  } else {
    raw = arms.map(() => 1);
  }
  const total = raw.reduce((s, w) => s + w, 0);
  return Object.freeze(raw.map((w) => w / total));
}
