import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertOpenUnitInterval, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { formatNumber, formatPValue, type TestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { P_ADJUST_METHODS, pAdjust, type PAdjustMethod } from '../multiple/pAdjust.js';
import { armMoments } from './armMoments.js';
import { heterogeneityTest, type HeterogeneityDetails } from './heterogeneityTest.js';
import { normalPValue, waldInterval } from './normalTest.js';

/** The two arms of one segment, as sufficient statistics (MeanStats, ProportionStats, {n, mean, variance}). */
export interface SegmentArms {
  segment: string;
  control: SampleSummary;
  treatment: SampleSummary;
}

export interface SegmentEffectsOptions {
  /** Multiplicity control across segments: 'holm' (family-wise, default), 'BH' (false discovery rate), or any pAdjust method. */
  correction?: PAdjustMethod;
  /** Level of the per-segment decisions. Default 0.05. */
  alpha?: number;
  /** Level of the intervals. Default 1 − alpha. */
  confidenceLevel?: number;
  /** Also give intervals at the Bonferroni level 1 − alpha/k, which hold for all k segments at once. Default true. */
  simultaneousIntervals?: boolean;
}

/** One segment's effect (treatment − control). */
export interface SegmentEffect {
  segment: string;
  nControl: number;
  nTreatment: number;
  meanControl: number;
  meanTreatment: number;
  estimate: number;
  standardError: number;
  lower: number;
  upper: number;
  /** Interval at level 1 − alpha/k (Bonferroni), valid for all segments simultaneously. */
  simultaneousLower: number;
  simultaneousUpper: number;
  /** Two-sided z test p-value. */
  pValue: number;
  /** Adjusted across the analysed segments. */
  pAdjusted: number;
  significant: boolean;
}

export interface SegmentEffectsResult {
  correction: PAdjustMethod;
  alpha: number;
  confidenceLevel: number;
  segments: SegmentEffect[];
  /** Segments left out and why (an arm with too few units or no variance). */
  skipped: { segment: string; reason: string }[];
  /** Cochran's Q across the analysed segments (null with fewer than two). */
  heterogeneity: TestResult<HeterogeneityDetails> | null;
  print(): string;
}

/**
 * Treatment effect per segment from mergeable per-arm statistics: estimate meanᵦ − meanₐ, unpooled
 * standard error √(Var(meanₐ) + Var(meanᵦ)) (Bernoulli variance for ProportionStats, sample
 * variance otherwise, as meanDifferenceTest/twoProportionZTest with test 'z'), Wald interval,
 * two-sided z p-value, p-values adjusted across segments (`correction`: Holm keeps the
 * family-wise error ≤ alpha, BH the false discovery rate), simultaneous Bonferroni intervals, and
 * Cochran's Q (heterogeneityTest) for "does the effect differ between segments?". Looking at k
 * segments is k tests: read a single significant segment through its adjusted p-value, and the
 * question "is anyone harmed?" through the heterogeneity test and the simultaneous intervals.
 * References: Kohavi, Tang & Xu (2020) ch. 3 (segments) and 17; Holm (1979); Benjamini & Hochberg (1995).
 *
 * @throws {InvalidArgumentError} on a segment without a name or summaries, duplicate segments, bad options.
 * @throws {InsufficientDataError} when no segment can be analysed.
 * @example
 * const r = segmentEffects([
 *   { segment: 'mobile', control: new ProportionStats(1000, 100), treatment: new ProportionStats(1000, 130) },
 *   { segment: 'desktop', control: new ProportionStats(500, 60), treatment: new ProportionStats(500, 45) },
 * ]);
 * r.segments.map((s) => s.estimate); // [0.03, -0.03]
 */
export function segmentEffects(segments: readonly SegmentArms[], options: SegmentEffectsOptions = {}): SegmentEffectsResult {
  if (!Array.isArray(segments) || segments.length === 0) throw new InvalidArgumentError('segments', segments, 'expected a non-empty array of { segment, control, treatment }');
  const correction = checkChoice('options.correction', options.correction, P_ADJUST_METHODS, 'holm');
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel ?? 1 - alpha, 'options.confidenceLevel');
  checkConfidenceLevel(1 - alpha, 'options.alpha');
  const seen = new Set<string>();
  const skipped: SegmentEffectsResult['skipped'] = [];
  const analysed = segments.flatMap((s, i) => {
    if (typeof s?.segment !== 'string' || s.segment.length === 0) throw new InvalidArgumentError(`segments[${i}].segment`, s?.segment, 'expected a segment name');
    if (seen.has(s.segment)) throw new InvalidArgumentError(`segments[${i}].segment`, s.segment, 'expected each segment once');
    seen.add(s.segment);
    try {
      const a = armMoments(`segments[${i}].control`, s.control);
      const b = armMoments(`segments[${i}].treatment`, s.treatment);
      const standardError = Math.sqrt(a.varianceOfMean + b.varianceOfMean);
      if (!(standardError > 0)) throw new InsufficientDataError(`segments[${i}]`, s.segment, 'no variance in either arm');
      return [{ segment: s.segment, a, b, estimate: b.mean - a.mean, standardError }];
    } catch (error) {
      if (!(error instanceof InsufficientDataError)) throw error;
      skipped.push({ segment: s.segment, reason: error.message });
      return [];
    }
  });
  if (analysed.length === 0) throw new InsufficientDataError('segments', segments.map((s) => s.segment), 'no segment has enough data in both arms');
  const k = analysed.length;
  const pValues = analysed.map((s) => normalPValue(s.estimate / s.standardError, 'two-sided'));
  const adjusted = pAdjust(pValues, correction);
  const results: SegmentEffect[] = analysed.map((s, i) => {
    const ci = waldInterval(s.estimate, s.standardError, confidenceLevel, 'two-sided');
    const simultaneous = options.simultaneousIntervals === false ? ci : waldInterval(s.estimate, s.standardError, 1 - (1 - confidenceLevel) / k, 'two-sided');
    return {
      segment: s.segment, nControl: s.a.n, nTreatment: s.b.n, meanControl: s.a.mean, meanTreatment: s.b.mean,
      estimate: s.estimate, standardError: s.standardError, lower: ci.lower, upper: ci.upper,
      simultaneousLower: simultaneous.lower, simultaneousUpper: simultaneous.upper,
      pValue: pValues[i], pAdjusted: adjusted[i], significant: adjusted[i] <= alpha,
    };
  });
  const heterogeneity = k >= 2 ? heterogeneityTest(analysed, { confidenceLevel }) : null;
  return {
    correction, alpha, confidenceLevel, segments: results, skipped, heterogeneity,
    print: () => [
      `Effect (treatment − control) by segment, ${formatNumber(100 * confidenceLevel)}% CI, p ${correction}-adjusted across ${k} segments`,
      ...results.map((s) => `  ${s.segment.padEnd(16)} ${formatNumber(s.estimate)} [${formatNumber(s.lower)}, ${formatNumber(s.upper)}]  n = ${s.nControl} / ${s.nTreatment}, p ${formatPValue(s.pValue)}, adjusted ${formatPValue(s.pAdjusted)}${s.significant ? ' *' : ''}`),
      ...skipped.map((s) => `  ${s.segment.padEnd(16)} skipped: ${s.reason}`),
      heterogeneity
        ? `Heterogeneity: Q = ${formatNumber(heterogeneity.statistic)}, df = ${heterogeneity.df}, p ${formatPValue(heterogeneity.pValue)}, I² = ${formatNumber(100 * heterogeneity.details!.I2)}%`
        : 'Heterogeneity: fewer than two segments',
    ].join('\n'),
  };
}
