/**
 * Group guardrail: a rollout rolls back as soon as any protected segment is shown harmed beyond its
 * margin, with the chance of a false rollback bounded over all segments and all looks.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertOpenUnitInterval, assertPositive } from '../../core/validate.js';
import { MeanStats } from '../../stats/abtest/meanStats.js';
import { formatNumber } from '../../stats/core/htest.js';
import { asymptoticConfidenceSequence } from '../../stats/sequential/confidenceSequence.js';
import { assertNonEmptyString } from '../store/events.js';
import { ALL_TIME } from '../store/timeWindow.js';
import type { ArmStatistics, SufficientStatisticsOptions } from '../store/sufficientStatistics.js';
import { guardrailCheck, type Guardrail, type GuardrailCheck, type GuardrailVerdict } from './guardrails.js';

/** A protected segment: a recorded segment (`'mobile/IN'`) or one level of it (`'IN'`), with its harm margin. */
export interface ProtectedSegment {
  segment: string;
  /** Largest tolerated harm (in metric units per unit, ≥ 0). Default: the guardrail's `margin`. */
  margin?: number;
}

/** Where per-arm, per-segment sufficient statistics come from: the event store, or any warehouse adapter. */
export interface SegmentStatisticsSource {
  sufficientStatistics(options: SufficientStatisticsOptions): Promise<ArmStatistics[]>;
}

export interface ProtectedSegmentsOptions {
  /** The event store (or another source of `sufficientStatistics` by segment). */
  source: SegmentStatisticsSource;
  /** Outcome metric judged per unit (sum of the unit's values after first exposure). */
  metric: string;
  segments: readonly (ProtectedSegment | string)[];
  /** Default margin of the segments. Default 0 (any harm shown). */
  margin?: number;
  /** Default true: harm means the treatment's mean is lower. */
  higherIsBetter?: boolean;
  /**
   * Chance of any false rollback across all segments, treatments and looks. Default: the share of
   * the rollout's false-rollback budget that the controller gives this guardrail (`context.alpha`).
   */
  alpha?: number;
  /** Units per arm in a segment at which the confidence sequences are tightest. Default 1000. */
  targetUnitsPerArm?: number;
  /** A segment is judged only once each arm has this many units in it. Default 30. */
  minUnitsPerArm?: number;
  /**
   * Hold the rollout until every protected segment is shown not harmed beyond its margin
   * (non-inferiority), instead of only rolling back on shown harm. Default false.
   */
  requireNonInferiority?: boolean;
}

/** One segment's judgement at a look. */
interface SegmentJudgement {
  label: string;
  verdict: GuardrailVerdict;
  harm: number;
  lower: number;
  upper: number;
  margin: number;
  note: string;
}

/**
 * Guardrail over protected segments, for createRolloutController's `guardrails` list. At every
 * evaluation it reads per-arm, per-segment sufficient statistics of `metric` over the stage's
 * window, like the other guardrails (one SQL GROUP BY arm, segment:
 * `store.sufficientStatistics({ bySegment: true, since, until })`: units first exposed in the
 * stage, their outcomes until the look; changed: it read the whole experiment while getting the
 * stage's share of alpha), merges the recorded segments
 * that match each protected segment (exactly or as one '/'-separated level), and for each
 * treatment arm and protected segment builds the asymptotic confidence sequence of the harm
 * h = −(meanᵦ − meanₐ) (or +, when lower is better) at level α/K, K = segments × treatments
 * (Bonferroni). Verdict per segment: `fail` when the sequence's lower bound exceeds the margin
 * (harm beyond the margin shown); `pass` when its upper bound is below the margin, or when
 * non-inferiority is not required; otherwise `inconclusive` (hold). The worst verdict wins;
 * value = the largest estimated harm, threshold = that segment's margin.
 *
 * Error rate: each confidence sequence covers its true difference at all looks at once with
 * probability ≥ 1 − α/K (Waudby-Smith et al. 2023, asymptotically), so by Bonferroni all K cover
 * simultaneously with probability ≥ 1 − α; a segment whose true harm is ≤ its margin can only
 * fail when its sequence misses the truth. So the probability of any false rollback over every
 * protected segment and every look, however often the controller evaluates, is ≤ α. Power to
 * catch a harm: see {@link protectedSegmentPower}. Units keep their arm across stages, and each
 * unit's metric is one observation, so within-unit correlation is accounted for.
 * References: Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas (2023) "Time-uniform central limit
 * theory and asymptotic confidence sequences"; Kohavi, Tang & Xu (2020) ch. 21 (guardrails).
 *
 * @throws {InvalidArgumentError} on a missing source or metric, no segments, duplicate segments,
 *   a negative margin, alpha outside (0, 1) or bad counts.
 * @example
 * const guard = protectedSegmentsGuardrail({ source: store, metric: 'conversion', segments: ['IN', { segment: 'tablet', margin: 0.01 }] });
 * createRolloutController({ splitter, store, guardrails: [...defaultGuardrails(), guard] });
 */
export function protectedSegmentsGuardrail(options: ProtectedSegmentsOptions): Guardrail {
  if (typeof options?.source?.sufficientStatistics !== 'function') {
    throw new InvalidArgumentError('options.source', options?.source, 'expected the event store (or an object with sufficientStatistics)');
  }
  assertNonEmptyString('options.metric', options.metric);
  const defaultMargin = options.margin ?? 0;
  assertMargin('options.margin', defaultMargin);
  if (!Array.isArray(options.segments) || options.segments.length === 0) {
    throw new InvalidArgumentError('options.segments', options.segments, 'expected a non-empty list of protected segments');
  }
  const segments = options.segments.map((s, i) => {
    const spec = typeof s === 'string' ? { segment: s } : s;
    assertNonEmptyString(`options.segments[${i}].segment`, spec?.segment);
    const margin = spec.margin ?? defaultMargin;
    assertMargin(`options.segments[${i}].margin`, margin);
    return { segment: spec.segment, margin };
  });
  const duplicate = segments.find((s, i) => segments.findIndex((t) => t.segment === s.segment) !== i);
  if (duplicate) throw new InvalidArgumentError('options.segments', duplicate.segment, 'expected each protected segment once');
  if (options.alpha !== undefined) assertOpenUnitInterval('options.alpha', options.alpha);
  const targetN = options.targetUnitsPerArm ?? 1000;
  assertPositive('options.targetUnitsPerArm', targetN);
  const minUnits = options.minUnitsPerArm ?? 30;
  assertInteger('options.minUnitsPerArm', minUnits, 2);
  const harmSign = options.higherIsBetter === false ? 1 : -1;
  const requireNonInferiority = options.requireNonInferiority ?? false;

  return async (context) => {
    // The stage's window, like every guardrail (its alpha is the stage's share); an all-time bound is no bound.
    const { since, until } = context.window;
    const rows = await options.source.sufficientStatistics({
      experiment: context.experiment, metric: options.metric, bySegment: true, arms: context.arms,
      since: since > ALL_TIME.since ? since : undefined, until: until < ALL_TIME.until ? until : undefined,
    });
    const [control, ...treatments] = context.arms;
    const level = (options.alpha ?? context.alpha) / (segments.length * treatments.length);
    const judgements = treatments.flatMap((treatment) => segments.map(({ segment, margin }): SegmentJudgement => {
      const label = `${segment} (${treatment} vs ${control})`;
      const a = mergedStatistics(rows, control, segment);
      const b = mergedStatistics(rows, treatment, segment);
      const undecided = (note: string): SegmentJudgement => ({ label, verdict: requireNonInferiority ? 'inconclusive' : 'pass', harm: NaN, lower: NaN, upper: NaN, margin, note });
      if (a.n < minUnits || b.n < minUnits) return undecided(`${a.n} / ${b.n} units, judged from ${minUnits} per arm`);
      let sequence;
      try {
        sequence = asymptoticConfidenceSequence({ a, b, alpha: level, targetN });
      } catch (error) {
        if (error instanceof InsufficientDataError) return undecided('no variance yet');
        throw error;
      }
      const [lower, upper] = harmSign < 0 ? [-sequence.upper, -sequence.lower] : [sequence.lower, sequence.upper];
      const verdict: GuardrailVerdict = lower > margin ? 'fail' : upper < margin || !requireNonInferiority ? 'pass' : 'inconclusive';
      return { label, verdict, harm: harmSign * sequence.estimate, lower, upper, margin, note: `${a.n} / ${b.n} units` };
    }));
    return summarize(judgements, level);
  };
}

/** Margins are harms in metric units: finite and ≥ 0. */
function assertMargin(name: string, margin: unknown): void {
  assertFiniteNumber(name, margin);
  if (margin < 0) throw new InvalidArgumentError(name, margin, 'expected a harm margin >= 0');
}

/** Whether a recorded segment ('mobile/IN') is, or has as a level, the protected one ('IN'). */
function matchesSegment(recorded: string | null, wanted: string): boolean {
  return recorded !== null && (recorded === wanted || recorded.split('/').includes(wanted));
}

/** Mergeable statistics of an arm over the recorded segments matching a protected one. */
function mergedStatistics(rows: readonly ArmStatistics[], arm: string, segment: string): MeanStats {
  return rows.filter((r) => r.arm === arm && matchesSegment(r.segment, segment))
    .reduce((total, r) => total.merge(MeanStats.fromSums(r.n, r.sum, r.sumSquares)), new MeanStats());
}

/** One check from the per-segment judgements: worst verdict, largest estimated harm. */
function summarize(judgements: SegmentJudgement[], level: number): GuardrailCheck {
  const rank: Record<GuardrailVerdict, number> = { pass: 0, inconclusive: 1, fail: 2 };
  const worst = judgements.reduce((w, j) => (rank[j.verdict] > rank[w.verdict] ? j : w));
  const judged = judgements.filter((j) => Number.isFinite(j.harm));
  const largest = judged.length ? judged.reduce((m, j) => (j.harm > m.harm ? j : m)) : worst;
  const headline = worst.verdict === 'pass' ? largest : worst;
  const detail = judgements.map((j) => `${j.label}: ${j.verdict}${Number.isFinite(j.harm)
    ? `, harm ${formatNumber(j.harm)} [${formatNumber(j.lower)}, ${formatNumber(j.upper)}] vs margin ${formatNumber(j.margin)}`
    : ''} (${j.note})`).join('; ');
  return guardrailCheck('protected segments', worst.verdict, headline.harm, headline.margin,
    `always-valid ${formatNumber(100 * (1 - level))}% confidence sequences (Bonferroni over ${judgements.length}): ${detail}`);
}
