/**
 * Adaptive allocation of a splitter's arms (a bandit that steers live traffic): the arm weights are
 * recomputed on a schedule from the outcomes so far by Thompson sampling or top-two Thompson
 * sampling, while every unit keeps the arm, probability and period of its first assignment.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertFunction, assertInteger, assertPositive, assertProbability, checkOptions } from '../../core/validate.js';
import { thompsonAllocation, type ArmRewardSums, type ThompsonAllocationOptions } from '../../stats/bandits/thompsonAllocation.js';
import { checkUnitId, type Assignment, type Splitter, type UnitId } from './splitter.js';

/** One allocation period: the weights used for new units from `startedAt` until the next update. */
export interface AllocationPeriod {
  /** Period number (the weights version logged with each exposure), from 0. */
  period: number;
  /** Server-clock epoch milliseconds at which the period began. */
  startedAt: number;
  /** Arm weights of the period, in splitter arm order, summing to 1. */
  weights: readonly number[];
  /** Posterior P(arm is best) from which the weights were computed. */
  probabilityBest: readonly number[];
  /** Units with outcomes behind the weights (sum over the arms). */
  units: number;
}

/** A unit's first assignment, kept for its later requests. */
export interface StickyAssignment {
  arm: string;
  /** P(the unit got `arm`) when it was assigned: the period's weight of the arm. */
  probability: number;
  period: number;
}

/** What {@link AdaptiveAllocation.assign} decided: the splitter's answer plus the assignment's probability and period. */
export interface AdaptiveAssignment extends Assignment {
  /** `null` outside the experiment. */
  probability: number | null;
  period: number | null;
  /** Whether the unit had been assigned before (and kept its arm). */
  returning: boolean;
}

/** Options of {@link createAdaptiveAllocation}. */
export interface AdaptiveAllocationOptions extends Omit<ThompsonAllocationOptions, 'seed'> {
  splitter: Splitter;
  /**
   * Current per-arm sums of the reward metric, in splitter arm order, e.g. from
   * `store.sufficientStatistics({ experiment, metric, arms: splitter.arms })` (see {@link openAdaptiveAllocation}).
   */
  statistics: () => Promise<readonly ArmRewardSums[]> | readonly ArmRewardSums[];
  /** Recompute the weights after this many assignments (default 1000)… */
  updateEveryEvents?: number;
  /** …or this many milliseconds of the caller's clock since the period began, whichever comes first (default: no time trigger). */
  updateEveryMs?: number;
  /** Assignments made before (a restarted server): unit id → first assignment. */
  assignments?: Iterable<readonly [string, StickyAssignment]>;
  /** Number of the first period (default 0; after a restart, one past the last logged period). */
  firstPeriod?: number;
  /** Caller's-clock epoch milliseconds at which the first period starts (default `Date.now()`). */
  now?: number;
  /** Seed of the Monte Carlo P(best) with more than two arms (default 1); period k uses seed + k. */
  seed?: number;
}

/** A running adaptive allocation. */
export interface AdaptiveAllocation {
  readonly splitter: Splitter;
  /** Every period so far, oldest first; the last is current. */
  readonly periods: readonly AllocationPeriod[];
  /** Number of units assigned so far (remembered for stickiness). */
  readonly assignedUnits: number;
  /**
   * The unit's arm: its first assignment if it has one; otherwise its arm bucket cut by the current
   * weights, remembered. Runs a due weight update first.
   * @throws {InvalidArgumentError} on a bad unit id or time.
   */
  assign(unitId: UnitId, now: number): Promise<AdaptiveAssignment>;
  /** Starts a new period now, whatever the schedule. */
  update(now: number): Promise<AllocationPeriod>;
}

/**
 * The remembered first assignments given by a caller (a Map, or any iterable of [unitId, assignment]
 * entries), checked entry by entry so that a bad memory fails at creation, naming the entry, rather
 * than giving a returning unit an arm the splitter does not have or an assignment probability of NaN.
 */
function checkAssignments(value: unknown, arms: readonly string[]): Map<string, StickyAssignment> {
  const sticky = new Map<string, StickyAssignment>();
  if (value === undefined) return sticky;
  if (typeof value !== 'object' || value === null || typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
    throw new InvalidArgumentError('options.assignments', value, 'expected a Map (or an iterable of [unitId, {arm, probability, period}] entries)');
  }
  let i = 0;
  for (const entry of value as Iterable<unknown>) {
    const name = `options.assignments[${i++}]`;
    if (!Array.isArray(entry) || entry.length !== 2) throw new InvalidArgumentError(name, entry, 'expected a [unitId, {arm, probability, period}] entry');
    const unitId = checkUnitId(entry[0], `${name}[0]`);
    const { arm, probability, period } = checkOptions(`${name}[1]`, entry[1] as StickyAssignment);
    if (typeof arm !== 'string' || !arms.includes(arm)) throw new InvalidArgumentError(`${name}[1].arm`, arm, `expected one of the splitter's arms (${arms.join(', ')})`);
    assertProbability(`${name}[1].probability`, probability);
    if (probability === 0) throw new InvalidArgumentError(`${name}[1].probability`, probability, 'expected a probability > 0 (the unit got the arm)');
    assertInteger(`${name}[1].period`, period, 0);
    sticky.set(unitId, { arm, probability, period });
  }
  return sticky;
}

/**
 * Creates an adaptive allocation over a splitter. Each period's weights come from
 * {@link thompsonAllocation} (Thompson or top-two Thompson, with a floor) on the current
 * statistics, and are set on the splitter (`setWeights`); the first period starts at creation.
 * A new period starts after `updateEveryEvents` assignments or `updateEveryMs` of the caller's
 * clock (the model server passes its clock), whichever comes first.
 *
 * Sticky assignment, by storing rather than deriving: a new unit's arm is its hash arm bucket cut
 * by the current weights (createSplitter), and the unit, its arm, the arm's weight (its assignment
 * probability) and the period are remembered; a returning unit gets all three back, whatever the
 * weights are now. Deriving the arm again from the hash would move units whenever a cut point
 * passes their bucket, and deriving it from the weights of the unit's first period needs that
 * period, i.e. a lookup per unit anyway; the event store already holds every first exposure, so
 * {@link openAdaptiveAllocation} rebuilds the memory from it after a restart. The memory is one
 * entry per unit of this process: several replicas stay sticky when units are routed to a replica
 * by unit id (or share this memory).
 * Reference: Russo, Van Roy, Kazerouni, Osband & Wen (2018), "A Tutorial on Thompson Sampling" (batched and delayed updates).
 * @throws {InvalidArgumentError} on a bad splitter, statistics source, schedule or remembered
 *   assignment (not a Map of unit id → {arm of the splitter, probability in (0, 1], period}), and as thompsonAllocation.
 * @example
 * const splitter = createSplitter({ experiment: 'banner', arms: ['a', 'b'] });
 * const sums = [{ n: 100, sum: 10, sumSquares: 10, successes: 10 }, { n: 100, sum: 15, sumSquares: 15, successes: 15 }];
 * const allocation = await createAdaptiveAllocation({ splitter, statistics: () => sums, floor: 0.05, now: 0 });
 * allocation.periods[0].weights // [0.1820445890594305, 0.8179554109405696]
 * (await allocation.assign('user-3', 0)).arm // 'b'
 */
export async function createAdaptiveAllocation(options: AdaptiveAllocationOptions): Promise<AdaptiveAllocation> {
  options = checkOptions('options', options);
  const { splitter, statistics, updateEveryEvents = 1000, updateEveryMs, firstPeriod = 0, seed = 1, ...policy } = options;
  if (typeof splitter?.assign !== 'function' || typeof splitter.setWeights !== 'function') {
    throw new InvalidArgumentError('options.splitter', splitter, 'expected a splitter (createSplitter)');
  }
  assertFunction('options.statistics', statistics);
  assertInteger('options.updateEveryEvents', updateEveryEvents, 1);
  if (updateEveryMs !== undefined) assertPositive('options.updateEveryMs', updateEveryMs);
  assertInteger('options.firstPeriod', firstPeriod, 0);
  const sticky = checkAssignments(options.assignments, splitter.arms);
  const periods: AllocationPeriod[] = [];
  let eventsInPeriod = 0;
  let pending: Promise<AllocationPeriod> | null = null;

  const startPeriod = async (now: number): Promise<AllocationPeriod> => {
    const sums = await statistics();
    if (!Array.isArray(sums) || sums.length !== splitter.arms.length) {
      throw new InvalidArgumentError('options.statistics', sums, `expected the sums of the ${splitter.arms.length} arms, in splitter order`);
    }
    const period = periods.length === 0 ? firstPeriod : periods[periods.length - 1].period + 1;
    const { weights, probabilityBest } = thompsonAllocation(sums, { ...policy, seed: seed + period });
    splitter.setWeights(weights);
    const started: AllocationPeriod = { period, startedAt: now, weights: splitter.weights, probabilityBest, units: sums.reduce((s, a) => s + a.n, 0) };
    periods.push(started);
    eventsInPeriod = 0;
    return started;
  };
  // One update at a time: concurrent requests wait for the running one.
  const update = (now: number): Promise<AllocationPeriod> => {
    pending ??= startPeriod(now).finally(() => {
      pending = null;
    });
    return pending;
  };
  const isDue = (now: number): boolean => {
    const current = periods[periods.length - 1];
    return eventsInPeriod >= updateEveryEvents || (updateEveryMs !== undefined && now - current.startedAt >= updateEveryMs);
  };

  const start = options.now ?? Date.now();
  assertFiniteNumber('options.now', start);
  await update(start);

  return {
    splitter,
    periods,
    get assignedUnits() {
      return sticky.size;
    },
    async assign(unitId, now) {
      const id = checkUnitId(unitId);
      if (typeof now !== 'number' || !Number.isFinite(now)) throw new InvalidArgumentError('now', now, 'expected epoch milliseconds');
      while (pending !== null) await pending;
      if (isDue(now)) await update(now);
      const known = sticky.get(id);
      if (known !== undefined) {
        eventsInPeriod++;
        const { bucket, armBucket } = splitter.assign(id);
        return { unitId: id, arm: known.arm, inExperiment: true, bucket, armBucket, probability: known.probability, period: known.period, returning: true };
      }
      const assignment = splitter.assign(id);
      if (assignment.arm === null) return { ...assignment, probability: null, period: null, returning: false };
      const current = periods[periods.length - 1];
      const remembered = { arm: assignment.arm, probability: current.weights[splitter.arms.indexOf(assignment.arm)], period: current.period };
      sticky.set(id, remembered);
      eventsInPeriod++;
      return { ...assignment, ...remembered, returning: false };
    },
    update,
  };
}
