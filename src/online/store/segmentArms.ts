import { InvalidArgumentError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';
import type { SegmentArms } from '../../stats/abtest/segmentEffects.js';
import { rowToMeanStats, rowToProportionStats } from './armStatisticsConversions.js';
import type { ArmStatistics } from './sufficientStatistics.js';

/** Name given to units recorded without a segment. */
export const NO_SEGMENT = '(no segment)';

/**
 * Pairs the per-arm, per-segment rows of `store.sufficientStatistics({ bySegment: true })` into
 * control/treatment statistics per segment for segmentEffects: 'proportion' (default) takes the
 * units with a metric total > 0 out of n (a conversion metric), 'mean' the per-unit metric's mean
 * and variance. A segment missing in one arm gets empty statistics there (segmentEffects then
 * skips it, saying why). Segments are sorted by name; units without one are `(no segment)`.
 * @throws {InvalidArgumentError} on rows that are not an array or arms that are not strings.
 * @example
 * const rows = await store.sufficientStatistics({ experiment: 'ranker', metric: 'conversion', bySegment: true });
 * segmentEffects(segmentArmsFromRows(rows, { control: 'control', treatment: 'treatment' }), { correction: 'holm' });
 */
export function segmentArmsFromRows(rows: readonly ArmStatistics[], options: { control: string; treatment: string; kind?: 'proportion' | 'mean' }): SegmentArms[] {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', rows, 'expected the rows of sufficientStatistics({ bySegment: true })');
  for (const arm of ['control', 'treatment'] as const) {
    if (typeof options?.[arm] !== 'string') throw new InvalidArgumentError(`options.${arm}`, options?.[arm], 'expected an arm name');
  }
  const kind = checkChoice('options.kind', options.kind, ['proportion', 'mean'] as const, 'proportion');
  const convert = kind === 'proportion' ? rowToProportionStats : rowToMeanStats;
  const empty: ArmStatistics = { arm: '', segment: null, n: 0, sum: 0, sumSquares: 0, successes: 0 };
  const segments = [...new Set(rows.map((r) => r.segment ?? NO_SEGMENT))].sort();
  const find = (arm: string, segment: string) => rows.find((r) => r.arm === arm && (r.segment ?? NO_SEGMENT) === segment) ?? empty;
  return segments.map((segment) => ({ segment, control: convert(find(options.control, segment)), treatment: convert(find(options.treatment, segment)) }));
}
