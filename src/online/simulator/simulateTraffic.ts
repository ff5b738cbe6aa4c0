/**
 * Seeded simulation of an online experiment's traffic, run through the real model server and
 * event store: segmented users, day-of-week seasonality, returning visitors, a decaying novelty
 * effect, delayed (and censored) conversions, per-model latency, errors and score distributions.
 */
import { Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertPositive, assertProbability, checkOptions, assertWorkSize } from '../../core/validate.js';
import { createModelServer, ModelPredictionError, type ModelServer } from '../server/modelServer.js';
import type { Splitter } from '../splitter/splitter.js';
import type { EventStore } from '../store/eventStore.js';
import { createVirtualClock } from './virtualClock.js';

/** How the model of one arm behaves and what it does to users. */
export interface SimulatedArm {
  /** Relative change of the conversion probability, e.g. 0.05 for +5%. Default 0. */
  lift?: number;
  /**
   * Extra relative lift for users whose segment has a given level, e.g. `{ IN: -0.3 }`: the model
   * helps on average but hurts one group. Added to `lift`. Default none.
   */
  segmentLifts?: Record<string, number>;
  /** Extra relative lift on a user's first exposure, halving every `halfLifeDays` after it. */
  novelty?: { lift: number; halfLifeDays: number };
  /** Log-normal model latency: median in ms and sd of log latency. Default {medianMs: 20, sigma: 0.4}. */
  latency?: { medianMs: number; sigma: number };
  /** Probability that a request fails. Default 0. */
  errorRate?: number;
  /** Shift of the model's logit score (simulates prediction drift). Default 0. */
  scoreShift?: number;
}

/** One segment dimension level: its share of new users and its conversion multiplier. */
export interface SegmentLevel {
  share: number;
  conversionMultiplier: number;
}

/** Options of {@link simulateTraffic}. */
export interface SimulationOptions {
  splitter: Splitter;
  store: EventStore;
  seed: number;
  days: number;
  /** Mean visits per day, before day-of-week traffic multipliers. */
  usersPerDay: number;
  /** Behaviour per arm; arms left out behave like the defaults. */
  arms?: Record<string, SimulatedArm>;
  /** Conversion probability of an average visit. Default 0.1. */
  baseConversionRate?: number;
  /** Segment dimensions (e.g. device, country); a user's segment joins the levels with '/'. */
  segments?: Record<string, Record<string, SegmentLevel>>;
  /** Traffic multipliers Monday..Sunday. Default weekdays 1, weekend 0.7. */
  dayOfWeekTraffic?: readonly number[];
  /** Conversion multipliers Monday..Sunday. Default weekdays 1, weekend 1.2. */
  dayOfWeekConversion?: readonly number[];
  /** Share of visits by already-seen users. Default 0.3. */
  returningShare?: number;
  /** Mean conversion delay in hours (exponential). Conversions after the last day are censored. Default 12. */
  meanConversionDelayHours?: number;
  /** Epoch ms of the first day's midnight. Default 2024-01-01T00:00Z (a Monday). */
  startTime?: number;
  /**
   * Awaited after each simulated day (0-based), e.g. to let a rollout controller ramp the
   * splitter; returning `false` ends the simulation after that day (e.g. once a rollout is decided;
   * `endTime` then is that day's end and conversions still due count as censored).
   */
  onDayEnd?: (day: number) => Promise<void | boolean> | void | boolean;
}

/** Counts describing what a simulation did (everything else is in the store). */
export interface SimulationSummary {
  visits: number;
  users: number;
  /** Requests whose model failed (recorded as errors). */
  errors: number;
  /** Conversions recorded before the end of the window. */
  conversions: number;
  /** Conversions that would have happened after the window (not recorded). */
  censoredConversions: number;
  /** Epoch ms at the end of the last day. */
  endTime: number;
  /** The model server the traffic went through (running on the simulation's virtual clock). */
  server: ModelServer;
}

const DAY_MS = 86_400_000;
const DEFAULT_SEGMENTS: Record<string, Record<string, SegmentLevel>> = {
  device: { mobile: { share: 0.6, conversionMultiplier: 0.8 }, desktop: { share: 0.4, conversionMultiplier: 1.3 } },
  country: { US: { share: 0.5, conversionMultiplier: 1.1 }, DE: { share: 0.3, conversionMultiplier: 1 }, IN: { share: 0.2, conversionMultiplier: 0.7 } },
};

interface SimulatedUser {
  id: string;
  segment: string;
  /** Individual conversion propensity (mean 1), also drives the pre-period covariate. */
  propensity: number;
  segmentMultiplier: number;
  firstExposure: number | null;
}

/**
 * Simulates `days` of traffic through a model server built on `splitter` and `store`, on a
 * virtual clock, so the same seed always writes the same events. Each new user gets a segment,
 * a log-normal propensity (mean 1) and a pre-period metric `pre_activity` ~ Poisson(3 ×
 * propensity) recorded before their first visit (a CUPED covariate). Each visit converts with
 * probability `base × segment × day-of-week × propensity × (1 + lift + novelty·2^(−days since
 * first exposure / half-life))`, capped at 1; a conversion is recorded as metric `conversion`
 * (value 1) after an exponential delay, unless that falls after the window. Units outside the
 * experiment are served, and behave, like the control (first) arm. Writes are committed in
 * batches (the store's group commit), not one transaction per event; every event of a day is
 * committed before `onDayEnd` runs, and all of them before the returned promise resolves.
 * @throws {InvalidArgumentError} on bad sizes, rates, multipliers or an unknown arm name.
 * @example
 * const store = await openEventStore();
 * const summary = await simulateTraffic({ splitter: createSplitter({ experiment: 'demo' }), store, seed: 1, days: 7, usersPerDay: 100 });
 * summary.visits // 640
 */
export async function simulateTraffic(options: SimulationOptions): Promise<SimulationSummary> {
  options = checkOptions('options', options);
  const { splitter, store, seed, days, usersPerDay } = options;
  assertWorkSize('options.days', days, 1, 36_500);
  assertPositive('options.usersPerDay', usersPerDay);
  if (usersPerDay > 10_000_000) throw new InvalidArgumentError('options.usersPerDay', usersPerDay, 'expected at most 10000000 (a limit on requested work)');
  if (typeof splitter !== 'object' || splitter === null || typeof splitter.assign !== 'function' || !Array.isArray(splitter.arms)) {
    throw new InvalidArgumentError('options.splitter', splitter, 'expected a splitter from createSplitter');
  }
  if (typeof store !== 'object' || store === null) throw new InvalidArgumentError('options.store', store, 'expected an event store (openEventStore)');
  const base = options.baseConversionRate ?? 0.1;
  assertProbability('options.baseConversionRate', base);
  const returningShare = options.returningShare ?? 0.3;
  assertProbability('options.returningShare', returningShare);
  const meanDelayMs = (options.meanConversionDelayHours ?? 12) * 3_600_000;
  assertPositive('options.meanConversionDelayHours', meanDelayMs);
  const trafficByDay = checkWeekly('options.dayOfWeekTraffic', options.dayOfWeekTraffic ?? [1, 1, 1, 1, 1, 0.7, 0.7]);
  const conversionByDay = checkWeekly('options.dayOfWeekConversion', options.dayOfWeekConversion ?? [1, 1, 1, 1, 1, 1.2, 1.2]);
  const startTime = options.startTime ?? Date.UTC(2024, 0, 1);
  assertFiniteNumber('options.startTime', startTime);
  const segments = checkSegments(options.segments ?? DEFAULT_SEGMENTS);
  const arms = checkArms(splitter, options.arms ?? {});
  if (options.onDayEnd !== undefined && typeof options.onDayEnd !== 'function') {
    throw new InvalidArgumentError('options.onDayEnd', options.onDayEnd, 'expected a function');
  }

  const rng = new Random(seed, 'options.seed');
  const clock = createVirtualClock(startTime);
  const models = Object.fromEntries(splitter.arms.map((arm) => [arm, {
    version: `${arm}-sim`,
    predict: (features: unknown) => {
      const behaviour = arms[arm];
      clock.elapse(Math.exp(Math.log(behaviour.latency.medianMs) + behaviour.latency.sigma * rng.normal()));
      if (rng.bernoulli(behaviour.errorRate)) throw new Error('simulated model failure');
      const logit = (features as number[])[0] + behaviour.scoreShift + 0.5 * rng.normal();
      return 1 / (1 + Math.exp(-logit));
    },
  }]));
  // The simulation's server gets its writes acknowledged at once; each day's are committed before the
  // day-end hook, which now always runs, so all are committed before the simulation returns.
  const writes = deferCommits(store);
  const server = createModelServer({ splitter, store: writes.store, models, clock });
  const dayEndHook = options.onDayEnd;
  options = { ...options, onDayEnd: async (day) => { await writes.settle(); return dayEndHook?.(day); } };
  const endTime = startTime + days * DAY_MS;
  const users: SimulatedUser[] = [];
  const pending: { unitId: string; timestamp: number }[] = [];
  const summary = { visits: 0, users: 0, errors: 0, conversions: 0, censoredConversions: 0, endTime, server: createModelServer({ splitter, store, models, clock }) };

  const recordConversionsUntil = async (time: number) => {
    pending.sort((a, b) => a.timestamp - b.timestamp || a.unitId.localeCompare(b.unitId));
    while (pending.length > 0 && pending[0].timestamp <= time) {
      const { unitId, timestamp } = pending.shift()!;
      clock.setTime(timestamp);
      await server.recordOutcome(unitId, { metric: 'conversion', value: 1, timestamp });
      summary.conversions++;
    }
  };

  for (let day = 0; day < days; day++) {
    const weekday = (new Date(startTime + day * DAY_MS).getUTCDay() + 6) % 7;
    const visits = Math.round(usersPerDay * trafficByDay[weekday]);
    const times = Array.from({ length: visits }, () => startTime + (day + rng.uniform()) * DAY_MS).sort((a, b) => a - b);
    for (const time of times) {
      await recordConversionsUntil(time);
      clock.setTime(time);
      const user = users.length > 0 && rng.bernoulli(returningShare) ? users[rng.int(users.length)] : await newUser();
      summary.visits++;
      let arm: string;
      try {
        const served = await server.predict(user.id, [Math.log(user.propensity)], { segment: user.segment });
        arm = served.arm ?? splitter.arms[0];
      } catch (error) {
        if (!(error instanceof ModelPredictionError)) throw error;
        summary.errors++;
        continue;
      }
      if (writes.pending() >= SETTLE_AFTER_WRITES) await writes.settle();
      user.firstExposure ??= time;
      const behaviour = arms[arm];
      const novelty = behaviour.novelty.lift * 2 ** (-(time - user.firstExposure) / (behaviour.novelty.halfLifeDays * DAY_MS));
      const segmentLift = user.segment.split('/').reduce((sum, level) => sum + (behaviour.segmentLifts[level] ?? 0), 0);
      const p = Math.min(1, base * user.segmentMultiplier * conversionByDay[weekday] * user.propensity * Math.max(0, 1 + behaviour.lift + segmentLift + novelty));
      if (!rng.bernoulli(p)) continue;
      const timestamp = time - meanDelayMs * Math.log(1 - rng.uniform());
      if (timestamp < endTime) pending.push({ unitId: user.id, timestamp });
      else summary.censoredConversions++;
    }
    await recordConversionsUntil(startTime + (day + 1) * DAY_MS);
    if ((await options.onDayEnd?.(day)) === false) {
      // Stopped early: the window ends here, and conversions still due are censored.
      summary.endTime = startTime + (day + 1) * DAY_MS;
      summary.censoredConversions += pending.length;
      break;
    }
  }
  return summary;

  async function newUser(): Promise<SimulatedUser> {
    const levels = Object.values(segments).map((dimension) => pickLevel(rng, dimension));
    const sigma = 0.5;
    const propensity = Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
    const user: SimulatedUser = {
      id: `user-${users.length + 1}`,
      segment: levels.map(([name]) => name).join('/'),
      propensity,
      segmentMultiplier: levels.reduce((m, [, level]) => m * level.conversionMultiplier, 1),
      firstExposure: null,
    };
    users.push(user);
    summary.users++;
    await server.recordOutcome(user.id, { metric: 'pre_activity', value: poisson(rng, 3 * propensity), timestamp: startTime - DAY_MS });
    return user;
  }
}

/** Writes queued before the simulation waits for their commits: several store batches, bounded memory. */
const SETTLE_AFTER_WRITES = 16_384;

/**
 * The store as the simulation's model server sees it: a write is acknowledged at once (so the
 * server answers without waiting for a commit) and its commit is awaited by `settle()`, in bulk,
 * so the store's group commit writes hundreds of events per transaction instead of one. Writes
 * still reach the store in the same order.
 */
function deferCommits(store: EventStore) {
  let queued: Promise<void>[] = [];
  const defer = (write: Promise<void>): Promise<void> => {
    write.catch(() => undefined); // the error is rethrown by settle(), not reported as unhandled meanwhile
    queued.push(write);
    return Promise.resolve();
  };
  const deferringStore: EventStore = Object.assign(Object.create(store) as EventStore, {
    recordPrediction: (event: Parameters<EventStore['recordPrediction']>[0]) => defer(store.recordPrediction(event)),
    recordOutcome: (event: Parameters<EventStore['recordOutcome']>[0]) => defer(store.recordOutcome(event)),
  });
  return {
    store: deferringStore,
    pending: () => queued.length,
    /** Resolves once every write so far has committed; rejects with the first failure. */
    async settle(): Promise<void> {
      const writes = queued;
      queued = [];
      await Promise.all(writes);
    },
  };
}

type ArmBehaviour = Required<SimulatedArm>;

function checkArms(splitter: Splitter, given: Record<string, SimulatedArm>): Record<string, ArmBehaviour> {
  for (const name of Object.keys(given)) {
    if (!splitter.arms.includes(name)) throw new InvalidArgumentError('options.arms', name, `unknown arm; the splitter has ${splitter.arms.join(', ')}`);
  }
  return Object.fromEntries(splitter.arms.map((arm) => {
    const spec = given[arm] ?? {};
    const behaviour: ArmBehaviour = {
      lift: spec.lift ?? 0,
      segmentLifts: spec.segmentLifts ?? {},
      novelty: spec.novelty ?? { lift: 0, halfLifeDays: 1 },
      latency: spec.latency ?? { medianMs: 20, sigma: 0.4 },
      errorRate: spec.errorRate ?? 0,
      scoreShift: spec.scoreShift ?? 0,
    };
    const name = `options.arms.${arm}`;
    assertFiniteNumber(`${name}.lift`, behaviour.lift);
    if (behaviour.lift <= -1) throw new InvalidArgumentError(`${name}.lift`, behaviour.lift, 'expected a relative lift > -1');
    for (const [level, lift] of Object.entries(behaviour.segmentLifts)) assertFiniteNumber(`${name}.segmentLifts.${level}`, lift);
    assertFiniteNumber(`${name}.novelty.lift`, behaviour.novelty.lift);
    assertPositive(`${name}.novelty.halfLifeDays`, behaviour.novelty.halfLifeDays);
    assertPositive(`${name}.latency.medianMs`, behaviour.latency.medianMs);
    assertFiniteNumber(`${name}.latency.sigma`, behaviour.latency.sigma);
    assertProbability(`${name}.errorRate`, behaviour.errorRate);
    assertFiniteNumber(`${name}.scoreShift`, behaviour.scoreShift);
    return [arm, behaviour];
  }));
}

function checkWeekly(name: string, values: readonly number[]): readonly number[] {
  if (!Array.isArray(values) || values.length !== 7) throw new InvalidArgumentError(name, values, 'expected 7 multipliers, Monday to Sunday');
  values.forEach((v, i) => {
    assertFiniteNumber(`${name}[${i}]`, v);
    if (v < 0) throw new InvalidArgumentError(`${name}[${i}]`, v, 'expected a multiplier >= 0');
  });
  return values;
}

function checkSegments(segments: Record<string, Record<string, SegmentLevel>>): Record<string, Record<string, SegmentLevel>> {
  if (typeof segments !== 'object' || segments === null || Array.isArray(segments) || Object.keys(segments).length === 0) {
    throw new InvalidArgumentError('options.segments', segments, 'expected { dimension: { level: { share, conversionMultiplier } } } with at least one dimension');
  }
  for (const [dimension, levels] of Object.entries(segments)) {
    if (typeof levels !== 'object' || levels === null || Array.isArray(levels)) throw new InvalidArgumentError(`options.segments.${dimension}`, levels, 'expected { level: { share, conversionMultiplier } }');
    const entries = Object.entries(levels ?? {});
    if (entries.length === 0) throw new InvalidArgumentError(`options.segments.${dimension}`, levels, 'expected at least one level');
    for (const [level, spec] of entries) {
      if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError(`options.segments.${dimension}.${level}`, spec, 'expected { share, conversionMultiplier }');
      assertPositive(`options.segments.${dimension}.${level}.share`, spec.share);
      assertPositive(`options.segments.${dimension}.${level}.conversionMultiplier`, spec.conversionMultiplier);
    }
  }
  return segments;
}

function pickLevel(rng: Random, levels: Record<string, SegmentLevel>): [string, SegmentLevel] {
  const entries = Object.entries(levels);
  const total = entries.reduce((s, [, level]) => s + level.share, 0);
  let u = rng.uniform() * total;
  for (const entry of entries) {
    if ((u -= entry[1].share) < 0) return entry;
  }
  return entries[entries.length - 1];
}

/** Poisson deviate by inversion (Knuth); adequate for the small means used here. */
export function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let product = rng.uniform(); product > limit; product *= rng.uniform()) k++;
  return k;
}
