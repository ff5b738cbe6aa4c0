/**
 * Seeded simulation of a bandit steering live traffic: visits go through the real model server
 * (with an adaptive allocation) and event store, each new unit converts or not by its arm's rate
 * at that moment, and the regret and the true average rates are kept to judge the bandit and the
 * analyses against.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { assertFiniteNumber, assertFunction, assertPositive, assertProbability, assertWorkSize, checkOptions } from '../../core/validate.js';
import { createModelServer, type ModelServer, type ServedPrediction } from '../server/modelServer.js';
import { assertNonEmptyString } from '../store/events.js';
import type { AdaptiveAllocation } from '../splitter/adaptiveAllocation.js';
import type { EventStore } from '../store/eventStore.js';
import { createVirtualClock } from './virtualClock.js';

/** Options of {@link simulateLiveBandit}. */
export interface LiveBanditSimulationOptions {
  /** The adaptive allocation (over the splitter) that the model server assigns units through. */
  allocation: AdaptiveAllocation;
  store: EventStore;
  /** New units (each converts at most once, at its first visit). */
  units: number;
  /**
   * Conversion probability of `arm` for a unit arriving at `progress` ∈ [0, 1) of the run (its
   * index / units): a constant per arm, or varying over time (seasonality).
   */
  conversionRate: (arm: string, progress: number) => number;
  seed: number;
  /** Share of visits that are returns of an earlier unit (served again, no new outcome). Default 0. */
  returningShare?: number;
  /** Virtual milliseconds between visits. Default 1000. */
  msBetweenVisits?: number;
  /** Outcome metric recorded (value 1 for a conversion). Default `'conversion'`. */
  metric?: string;
  /** Epoch ms of the first visit. Default the allocation's first period start. */
  startTime?: number;
  /**
   * Requests in flight at once (default 1): visits arrive in waves of this many, served concurrently
   * (so the store group-commits them), then the wave's outcomes are recorded. A returning visit is of
   * a unit assigned in an earlier wave. Keep the allocation's `updateEveryEvents` a multiple of it
   * (and no time trigger) for reproducible weights: an update inside a wave would count however many
   * of the wave's exposures had committed by then.
   */
  concurrency?: number;
}

/** What a live bandit simulation did (the events are in the store). */
export interface LiveBanditSimulation {
  visits: number;
  /** New units, and new units per arm. */
  units: number;
  unitsPerArm: Record<string, number>;
  conversions: number;
  /** Σ over new units of (best arm's rate − the unit's arm's rate) at its arrival: pseudo-regret. */
  regret: number;
  /** Per arm, the mean over all new units of the arm's rate at their arrival: the estimand of the arm means (every unit, had it got that arm). */
  averageRates: Record<string, number>;
  /** Returning visits whose arm differed from the unit's first arm (0 when assignment is sticky). */
  armChanges: number;
  /** Epoch ms after the last visit. */
  endTime: number;
  server: ModelServer;
}

/**
 * Runs `units` new units (plus returning visits) one at a time through a model server built on
 * the allocation's splitter and `store`, on a virtual clock; each new unit's outcome (1 with the
 * probability `conversionRate(arm, progress)`, else no event) is recorded right after its
 * prediction (its wave's, with `concurrency` > 1), so the allocation's next update sees it.
 * Deterministic given the seed (and concurrency).
 * @throws {InvalidArgumentError} on bad sizes or rates (a rate outside [0, 1] names the arm).
 * @example
 * const store = await openEventStore();
 * const splitter = createSplitter({ experiment: 'banner', arms: ['a', 'b'] });
 * const allocation = await openAdaptiveAllocation({ splitter, store, metric: 'conversion', floor: 0.05, updateEveryEvents: 100, now: 0 });
 * const run = await simulateLiveBandit({ allocation, store, units: 500, seed: 1, conversionRate: (arm) => (arm === 'a' ? 0.1 : 0.2) });
 * run.unitsPerArm // { a: 137, b: 363 }
 */
export async function simulateLiveBandit(options: LiveBanditSimulationOptions): Promise<LiveBanditSimulation> {
  options = checkOptions('options', options);
  const { allocation, store, units, conversionRate, seed, returningShare = 0, msBetweenVisits = 1000, metric = 'conversion', concurrency = 1 } = options;
  if (typeof allocation?.assign !== 'function') throw new InvalidArgumentError('options.allocation', allocation, 'expected an adaptive allocation (openAdaptiveAllocation)');
  assertWorkSize('options.units', units, 1, 10_000_000);
  assertFunction('options.conversionRate', conversionRate);
  const rng = new Random(seed, 'options.seed');
  assertProbability('options.returningShare', returningShare);
  if (returningShare === 1) throw new InvalidArgumentError('options.returningShare', returningShare, 'expected a share < 1 (new units must arrive)');
  assertPositive('options.msBetweenVisits', msBetweenVisits);
  assertWorkSize('options.concurrency', concurrency, 1, 10_000);
  assertNonEmptyString('options.metric', metric);
  if (options.startTime !== undefined) assertFiniteNumber('options.startTime', options.startTime);
  const { splitter } = allocation;
  const clock = createVirtualClock(options.startTime ?? allocation.periods[0].startedAt);
  const models = Object.fromEntries(splitter.arms.map((arm) => [arm, { version: `${arm}-sim`, predict: () => null }]));
  const server = createModelServer({ splitter, store, models, clock, allocation });
  const rate = (arm: string, progress: number): number => {
    const p = conversionRate(arm, progress);
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new InvalidArgumentError(`options.conversionRate('${arm}', ${progress})`, p, 'expected a probability in [0, 1]');
    return p;
  };
  const firstArms: string[] = [];
  const unitsPerArm = Object.fromEntries(splitter.arms.map((arm) => [arm, 0]));
  const rateSums = Object.fromEntries(splitter.arms.map((arm) => [arm, 0]));
  let visits = 0;
  let conversions = 0;
  let regret = 0;
  let armChanges = 0;
  while (firstArms.length < units) {
    // Plan and send one wave; each request reads the clock as it is sent.
    const known = firstArms.length;
    const wave: { index: number; returning: boolean; served: Promise<ServedPrediction> }[] = [];
    for (let next = known; wave.length < concurrency && next < units;) {
      clock.setTime(clock.now() + msBetweenVisits);
      visits++;
      const returning = known > 0 && rng.uniform() < returningShare;
      const index = returning ? rng.int(known) : next++;
      wave.push({ index, returning, served: server.predict(`unit-${index}`, null) });
    }
    const outcomes: Promise<void>[] = [];
    for (const { index, returning, served } of wave) {
      const { arm: servedArm } = await served;
      const arm = servedArm ?? splitter.arms[0];
      if (returning) {
        if (arm !== firstArms[index]) armChanges++;
        continue;
      }
      firstArms[index] = arm;
      unitsPerArm[arm]++;
      const progress = index / units;
      const rates = splitter.arms.map((a) => rate(a, progress));
      splitter.arms.forEach((a, i) => (rateSums[a] += rates[i]));
      const own = rates[splitter.arms.indexOf(arm)];
      regret += Math.max(...rates) - own;
      if (rng.uniform() < own) {
        conversions++;
        outcomes.push(server.recordOutcome(`unit-${index}`, { metric, value: 1, timestamp: clock.now() }));
      }
    }
    await Promise.all(outcomes);
  }
  const averageRates = Object.fromEntries(splitter.arms.map((arm) => [arm, rateSums[arm] / units]));
  return { visits, units, unitsPerArm, conversions, regret, averageRates, armChanges, endTime: clock.now(), server };
}
