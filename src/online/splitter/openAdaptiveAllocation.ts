import { InvalidArgumentError } from '../../core/errors.js';
import { checkOptions } from '../../core/validate.js';
import type { EventStore } from '../store/eventStore.js';
import { assertNonEmptyString } from '../store/events.js';
import { createAdaptiveAllocation, type AdaptiveAllocation, type AdaptiveAllocationOptions, type StickyAssignment } from './adaptiveAllocation.js';

/** Options of {@link openAdaptiveAllocation}: those of createAdaptiveAllocation, with the store and metric in place of the statistics source and memory. */
export interface StoreAdaptiveAllocationOptions extends Omit<AdaptiveAllocationOptions, 'statistics' | 'assignments' | 'firstPeriod'> {
  store: EventStore;
  /** Reward metric: per unit, the sum of its values at or after its first exposure (a 0/1 conversion for Bernoulli rewards). */
  metric: string;
}

/** First exposure of every unit of the experiment, with its assignment probability and period. */
const FIRST_ASSIGNMENTS_SQL = `
SELECT unit_id, arm, assignment_probability, allocation_period
FROM (
  SELECT unit_id, arm, assignment_probability, allocation_period,
         ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY ts, arm) AS exposure_rank
  FROM predictions
  WHERE experiment = $experiment AND arm IS NOT NULL
) ranked
WHERE exposure_rank = 1`;

/**
 * An adaptive allocation (createAdaptiveAllocation) whose weights come from the event store's
 * sufficient statistics of `metric` (store.sufficientStatistics: per-arm sums over units, computed
 * in SQL) and whose memory of assignments is rebuilt from the store's first exposures, so a
 * restarted server keeps every unit's arm, probability and period and continues with the period
 * after the last one logged.
 * @throws {InvalidArgumentError} on a bad store or metric, or when units of the experiment were
 *   exposed without an assignment probability (a fixed split: start the bandit under a new
 *   experiment name), and as createAdaptiveAllocation.
 * @example
 * const store = await openEventStore();
 * const splitter = createSplitter({ experiment: 'banner', arms: ['a', 'b'] });
 * const allocation = await openAdaptiveAllocation({ splitter, store, metric: 'click', floor: 0.05, updateEveryEvents: 200 });
 * allocation.periods[0].weights // [0.5000000000000004, 0.49999999999999956]
 */
export async function openAdaptiveAllocation(options: StoreAdaptiveAllocationOptions): Promise<AdaptiveAllocation> {
  options = checkOptions('options', options);
  const { store, metric, ...rest } = options;
  if (typeof store?.sufficientStatistics !== 'function') throw new InvalidArgumentError('options.store', store, 'expected an event store (openEventStore)');
  assertNonEmptyString('options.metric', metric);
  const { splitter } = rest;
  if (typeof splitter?.assign !== 'function') throw new InvalidArgumentError('options.splitter', splitter, 'expected a splitter (createSplitter)');
  const rows = await store.query(FIRST_ASSIGNMENTS_SQL, { experiment: splitter.experiment });
  const unassigned = rows.filter((row) => row.assignment_probability === null).length;
  if (unassigned > 0) {
    throw new InvalidArgumentError('options.splitter.experiment', splitter.experiment,
      `an experiment whose units were not adaptively assigned (${unassigned} exposed without an assignment probability): start the bandit under a new experiment name`);
  }
  const assignments = rows.map((row): [string, StickyAssignment] => [String(row.unit_id),
    { arm: String(row.arm), probability: Number(row.assignment_probability), period: Number(row.allocation_period) }]);
  const lastPeriod = assignments.reduce((max, [, a]) => Math.max(max, a.period), -1);
  return createAdaptiveAllocation({
    ...rest,
    statistics: async () => {
      const statistics = await store.sufficientStatistics({ experiment: splitter.experiment, metric, arms: splitter.arms });
      // Arms without exposed units yet have no row.
      return splitter.arms.map((arm) => statistics.find((s) => s.arm === arm) ?? { n: 0, sum: 0, sumSquares: 0, successes: 0 });
    },
    assignments,
    firstPeriod: lastPeriod + 1,
  });
}
