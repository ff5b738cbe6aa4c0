import { InvalidArgumentError } from '../../core/errors.js';
import type { ConfidenceInterval } from '../core/htest.js';
import type { SampleSummary } from '../core/summary.js';
import { assertFiniteNumber, assertOpenUnitInterval, assertPositive, checkChoice } from '../../core/validate.js';
import { resolveRho } from './confidenceSequence.js';
import { sequentialDecision } from './decision.js';
import type { GroupSequentialBounds } from './groupSequential.js';
import { mixtureLook } from './normalMixture.js';
import { differenceEstimate } from './summaries.js';

export type SequentialMonitorOptions =
  | { method: 'msprt'; mixingVariance: number; alpha?: number; nullValue?: number }
  | { method: 'confidenceSequence'; alpha?: number; rho?: number; targetN?: number }
  | { method: 'groupSequential'; bounds: GroupSequentialBounds };

/** What the monitor reports after each update. */
export interface SequentialMonitorState {
  /** 1-based number of updates so far. */
  look: number;
  /** Difference of means b − a and its standard error √(var_a/n_a + var_b/n_b). */
  estimate: number;
  standardError: number;
  zStatistic: number;
  /** Always-valid p-value (running minimum); null for group sequential designs, which use boundaries. */
  pValue: number | null;
  /** Always-valid confidence interval (running intersection); null for group sequential designs. */
  ci: ConfidenceInterval | null;
  /** Efficacy boundary of this look (group sequential only). */
  zBoundary: number | null;
  /** Sticky once the test stops: 'rejectH0' as soon as evidence suffices, 'acceptH0' at a design's last look. */
  decision: 'continue' | 'rejectH0' | 'acceptH0';
  stoppedAt: number | null;
}

export interface SequentialMonitor {
  /** Feed the cumulative summaries of arms A and B; returns the state after this peek. */
  update(statsA: SampleSummary, statsB: SampleSummary): SequentialMonitorState;
  /** States of all peeks so far. */
  readonly history: readonly SequentialMonitorState[];
}

const METHODS = ['msprt', 'confidenceSequence', 'groupSequential'] as const;

/**
 * Streaming monitor for an A/B test that may be inspected at any time. Each `update` takes the
 * cumulative summaries {n, mean, variance} of both arms and returns the current evidence:
 * - 'msprt': always-valid p-value and interval of the mixture SPRT (Johari et al. 2022), see {@link msprt};
 * - 'confidenceSequence': asymptotic confidence sequence of Waudby-Smith et al. (2023), see
 *   {@link asymptoticConfidenceSequence}; the p-value is the smallest α whose sequence excludes 0;
 * - 'groupSequential': the k-th update is look k of a precomputed design, see {@link sequentialDecision}.
 * For the always-valid methods p-values are running minima and intervals running intersections,
 * so they never get worse; the decision is 'rejectH0' from the first peek with p ≤ α on.
 *
 * @throws {InvalidArgumentError} bad method or method options; at `update`, bad summaries or more
 *   updates than a group sequential design has looks.
 * @example
 * const monitor = createSequentialMonitor({ method: 'confidenceSequence', targetN: 1000 });
 * monitor.update({ n: 500, mean: 0, variance: 1 }, { n: 500, mean: 0.25, variance: 1 }).decision; // → 'rejectH0'
 */
export function createSequentialMonitor(options: SequentialMonitorOptions): SequentialMonitor {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected an options object');
  if (options.method === undefined) throw new InvalidArgumentError('options.method', undefined, `expected one of ${METHODS.join(', ')}`);
  const method = checkChoice('options.method', options.method, METHODS, 'msprt');
  const evaluate = method === 'groupSequential'
    ? groupSequentialLook(options as Extract<SequentialMonitorOptions, { method: 'groupSequential' }>)
    : mixtureEvaluator(options as Exclude<SequentialMonitorOptions, { method: 'groupSequential' }>);
  const history: SequentialMonitorState[] = [];
  return {
    history,
    update(statsA: SampleSummary, statsB: SampleSummary): SequentialMonitorState {
      const { estimate, squaredStandardError, unitVariance } = differenceEstimate(statsA, statsB);
      const standardError = Math.sqrt(squaredStandardError);
      const previous = history[history.length - 1];
      const evidence = evaluate(history.length + 1, estimate, standardError, unitVariance, previous);
      const stoppedAt = previous?.stoppedAt ?? (evidence.decision === 'continue' ? null : history.length + 1);
      const state: SequentialMonitorState = {
        look: history.length + 1, estimate, standardError, zStatistic: estimate / standardError, ...evidence,
        decision: previous && previous.decision !== 'continue' ? previous.decision : evidence.decision,
        stoppedAt,
      };
      history.push(state);
      return state;
    },
  };
}

type Evidence = Pick<SequentialMonitorState, 'pValue' | 'ci' | 'zBoundary' | 'decision'>;
type Evaluator = (look: number, estimate: number, standardError: number, unitVariance: number,
  previous: SequentialMonitorState | undefined) => Evidence;

/** mSPRT and confidence sequence differ only in the mixture's information ratio r: τ²/s² versus tρ². */
function mixtureEvaluator(options: Exclude<SequentialMonitorOptions, { method: 'groupSequential' }>): Evaluator {
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  let ratioOf: (standardError: number, unitVariance: number) => number;
  let nullValue = 0;
  if (options.method === 'msprt') {
    const { mixingVariance } = options;
    assertPositive('options.mixingVariance', mixingVariance);
    nullValue = options.nullValue ?? 0;
    assertFiniteNumber('options.nullValue', nullValue);
    ratioOf = (se) => mixingVariance / (se * se);
  } else {
    const rho = resolveRho(options.rho, options.targetN, alpha);
    ratioOf = (se, unitVariance) => (rho * rho * unitVariance) / (se * se);
  }
  return (_look, estimate, standardError, unitVariance, previous) => {
    const step = mixtureLook(estimate, standardError, ratioOf(standardError, unitVariance), alpha, nullValue);
    const pValue = Math.min(step.pValue, previous?.pValue ?? 1);
    const ci = {
      lower: Math.max(step.lower, previous?.ci?.lower ?? -Infinity),
      upper: Math.min(step.upper, previous?.ci?.upper ?? Infinity),
      level: 1 - alpha,
    };
    return { pValue, ci, zBoundary: null, decision: pValue <= alpha ? 'rejectH0' : 'continue' };
  };
}

function groupSequentialLook({ bounds }: { bounds: GroupSequentialBounds }): Evaluator {
  if (typeof bounds !== 'object' || bounds === null || !Array.isArray(bounds.looks)) {
    throw new InvalidArgumentError('options.bounds', bounds, 'expected the result of groupSequentialBounds');
  }
  const zHistory: number[] = [];
  return (look, estimate, standardError) => {
    if (look > bounds.looks.length) {
      throw new InvalidArgumentError('look', look, `the group sequential design has only ${bounds.looks.length} looks`);
    }
    zHistory.push(estimate / standardError);
    const { decision } = sequentialDecision(bounds, zHistory);
    return { pValue: null, ci: null, zBoundary: bounds.looks[look - 1].zBoundary, decision };
  };
}
