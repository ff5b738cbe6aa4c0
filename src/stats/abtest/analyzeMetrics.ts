import { InvalidArgumentError } from '../../core/errors.js';
import type { ConfidenceInterval, TestResult } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { assertOpenUnitInterval, checkChoice } from '../../core/validate.js';
import type { PAdjustMethod } from '../multiple/index.js';
import { P_ADJUST_METHODS, pAdjust } from '../multiple/index.js';
import { meanDifferenceTest } from './meanDifferenceTest.js';
import { nonInferiorityTest } from './nonInferiorityTest.js';
import { ProportionStats } from './proportionStats.js';
import { twoProportionZTest } from './twoProportionZTest.js';

/** One metric of an experiment: sufficient statistics of control A and treatment B. */
export interface MetricInput {
  name: string;
  /** Control arm A: ProportionStats for binary metrics, MeanStats (or {n, mean, variance}) otherwise. */
  control: SampleSummary;
  /** Treatment arm B, same kind as `control`. */
  treatment: SampleSummary;
  /** Direction of improvement, default true. */
  higherIsBetter?: boolean;
}

/** A guardrail: B must be shown not worse than A by more than `margin`. */
export interface GuardrailInput extends MetricInput {
  margin: number;
  marginType?: 'absolute' | 'relative';
}

export interface MetricsInput {
  /** Decision metrics (at least one), each tested two-sided at alpha. */
  primary: MetricInput[];
  /** Informational metrics, p-values adjusted together with `correction`. */
  secondary?: MetricInput[];
  /** Metrics that must not degrade, tested for non-inferiority at alpha. */
  guardrails?: GuardrailInput[];
}

export interface AnalyzeMetricsOptions {
  /** Default 0.05. */
  alpha?: number;
  /** pAdjust method for secondary metrics, default 'holm'. */
  correction?: PAdjustMethod;
  /** Test for mean metrics (proportions always use the pooled z test), default 'welch'. */
  meanTest?: 'welch' | 'z';
}

export type MetricRole = 'primary' | 'secondary' | 'guardrail';

/** One table row per metric. */
export interface MetricRow {
  role: MetricRole;
  name: string;
  meanA: number;
  meanB: number;
  /** meanB − meanA. */
  difference: number;
  /** meanB/meanA − 1, or null when meanA = 0. */
  relativeLift: number | null;
  /**
   * Interval of the test's estimate (difference, or relative lift for a relative guardrail margin):
   * two-sided at the tests' default 95% for primary and secondary metrics, one-sided 1 − alpha for guardrails.
   */
  ci: ConfidenceInterval;
  pValue: number;
  /** Secondary metrics: corrected p-value; otherwise equal to pValue. */
  adjustedPValue: number;
  /** Primary/secondary: adjusted p < alpha; guardrail: non-inferiority shown. */
  significant: boolean;
  verdict: 'better' | 'worse' | 'no significant difference' | 'non-inferior' | 'non-inferiority not shown';
}

export interface MetricsAnalysis {
  rows: MetricRow[];
  /**
   * 'ship' when every primary metric is significantly better and every guardrail non-inferior;
   * 'no-ship' when a primary metric is significantly worse or a guardrail's non-inferiority is not
   * shown; 'inconclusive' otherwise. Secondary metrics never decide.
   */
  decision: 'ship' | 'no-ship' | 'inconclusive';
  reasons: string[];
}

function checkMetric(name: string, metric: MetricInput): boolean {
  if (typeof metric !== 'object' || metric === null || typeof metric.name !== 'string') {
    throw new InvalidArgumentError(name, metric, 'expected {name, control, treatment}');
  }
  const higherIsBetter = metric.higherIsBetter ?? true;
  if (typeof higherIsBetter !== 'boolean') throw new InvalidArgumentError(`${name}.higherIsBetter`, higherIsBetter, 'expected a boolean');
  return higherIsBetter;
}

function compare(metric: MetricInput, meanTest: 'welch' | 'z'): TestResult {
  const { control: a, treatment: b } = metric;
  if (a instanceof ProportionStats && b instanceof ProportionStats) return twoProportionZTest(a.successes, a.n, b.successes, b.n);
  return meanDifferenceTest(a, b, { test: meanTest });
}

function row(role: MetricRole, metric: MetricInput, test: TestResult, adjustedPValue: number, significant: boolean, verdict: MetricRow['verdict']): MetricRow {
  const meanA = metric.control.mean;
  const meanB = metric.treatment.mean;
  return {
    role, name: metric.name, meanA, meanB,
    difference: meanB - meanA,
    relativeLift: meanA === 0 ? null : meanB / meanA - 1,
    // Every test used here reports an interval; the whole line (level 1) only satisfies the type.
    ci: test.ci ?? { lower: -Infinity, upper: Infinity, level: 1 },
    pValue: test.pValue,
    adjustedPValue,
    significant,
    verdict,
  };
}

/**
 * Analyses an experiment's metric set the way a launch review does: primary metrics with
 * two-sided tests at alpha (proportions: pooled z test; means: Welch or z), secondary metrics with
 * their p-values corrected as a family by `pAdjust` (Holm by default, controlling the
 * family-wise error rate), and guardrails with one-sided {@link nonInferiorityTest}s at alpha.
 * Returns table-ready rows and a decision with its reasons.
 *
 * References: Kohavi, Tang & Xu (2020) ch. 7 (metrics taxonomy) and ch. 21 (guardrails);
 * Holm (1979) Scand. J. Statist. 6.
 *
 * @throws {InvalidArgumentError} for an empty primary list, malformed metrics, bad alpha or
 * correction, and whatever the underlying tests throw for bad statistics.
 * @example
 * const result = analyzeMetrics({
 *   primary: [{ name: 'conversion', control: new ProportionStats(10000, 1000), treatment: new ProportionStats(10000, 1100) }],
 *   guardrails: [{ name: 'error rate', control: new ProportionStats(10000, 50), treatment: new ProportionStats(10000, 48),
 *     higherIsBetter: false, margin: 0.002 }],
 * });
 * result.decision; // 'ship'
 */
export function analyzeMetrics(metrics: MetricsInput, options: AnalyzeMetricsOptions = {}): MetricsAnalysis {
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const correction = checkChoice('options.correction', options.correction, P_ADJUST_METHODS, 'holm');
  const meanTest = checkChoice('options.meanTest', options.meanTest, ['welch', 'z'] as const, 'welch');
  const primary = metrics?.primary;
  if (!Array.isArray(primary) || primary.length === 0) throw new InvalidArgumentError('metrics.primary', primary, 'expected at least one primary metric');
  const secondary = metrics.secondary ?? [];
  const guardrails = metrics.guardrails ?? [];
  for (const [name, list] of [['metrics.secondary', secondary], ['metrics.guardrails', guardrails]] as const) {
    if (!Array.isArray(list)) throw new InvalidArgumentError(name, list, 'expected an array of metrics');
  }

  const rows: MetricRow[] = [];
  const reasons: string[] = [];
  const directional = (role: MetricRole, list: MetricInput[], adjust: (p: number[]) => number[]): MetricRow[] => {
    const directions = list.map((m, i) => checkMetric(`metrics.${role}[${i}]`, m));
    const tests = list.map((m) => compare(m, meanTest));
    const adjusted = adjust(tests.map((t) => t.pValue));
    return list.map((m, i) => {
      const significant = adjusted[i] < alpha;
      const improved = (tests[i].estimate ?? 0) > 0 === directions[i];
      return row(role, m, tests[i], adjusted[i], significant, significant ? (improved ? 'better' : 'worse') : 'no significant difference');
    });
  };
  const primaryRows = directional('primary', primary, (p) => p);
  rows.push(...primaryRows, ...directional('secondary', secondary, (p) => (p.length ? pAdjust(p, correction) : p)));
  guardrails.forEach((g, i) => {
    const higherIsBetter = checkMetric(`metrics.guardrails[${i}]`, g);
    const test = nonInferiorityTest(g.control, g.treatment, { margin: g.margin, marginType: g.marginType, higherIsBetter, alpha });
    rows.push(row('guardrail', g, test, test.pValue, test.nonInferior, test.nonInferior ? 'non-inferior' : 'non-inferiority not shown'));
    if (!test.nonInferior) reasons.push(`guardrail '${g.name}': non-inferiority within margin ${g.margin} not shown (p = ${test.pValue.toPrecision(3)})`);
  });
  for (const r of primaryRows) {
    if (r.verdict === 'worse') reasons.unshift(`primary '${r.name}' is significantly worse (p = ${r.pValue.toPrecision(3)})`);
    else if (r.verdict !== 'better') reasons.push(`primary '${r.name}' shows no significant difference (p = ${r.pValue.toPrecision(3)})`);
  }
  const blocked = primaryRows.some((r) => r.verdict === 'worse') || rows.some((r) => r.role === 'guardrail' && !r.significant);
  const decision = blocked ? 'no-ship' : primaryRows.every((r) => r.verdict === 'better') ? 'ship' : 'inconclusive';
  if (decision === 'ship') reasons.push('every primary metric improved significantly and every guardrail is non-inferior');
  return { rows, decision, reasons };
}
