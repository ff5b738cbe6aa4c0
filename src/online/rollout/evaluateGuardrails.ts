/**
 * Runs guardrails on an experiment's unit-level guardrail statistics as the rollout controller
 * does — for a one-off check (a notebook, a dashboard) without building the guardrail context by hand.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertOpenUnitInterval } from '../../core/validate.js';
import type { Splitter } from '../splitter/splitter.js';
import type { ArmGuardrailStatistics, GuardrailStatisticsOptions } from '../store/guardrailStatistics.js';
import type { ArmScoreBinStatistics, ScoreBinStatisticsOptions } from '../store/scoreBinStatistics.js';
import { emptyBinnedScoreStatistics } from '../../stats/drift/binnedScoreStatistics.js';
import { ALL_TIME } from '../store/timeWindow.js';
import { defaultGuardrails, guardrailCheck, type Guardrail, type GuardrailCheck, type GuardrailContext } from './guardrails.js';

/**
 * Where guardrail statistics come from: an event store (DuckDB or PostgreSQL) or a stand-in.
 * `scoreBinStatistics` is needed only by guardrails with `scoreEdges` (prediction drift).
 */
export interface GuardrailStatisticsSource {
  guardrailStatistics(options: GuardrailStatisticsOptions): Promise<ArmGuardrailStatistics[]>;
  scoreBinStatistics?(options: ScoreBinStatisticsOptions): Promise<ArmScoreBinStatistics[]>;
}

export interface EvaluateGuardrailsOptions {
  /** A two-arm splitter (current model, new model); its weights are the expected shares. */
  splitter: Pick<Splitter, 'experiment' | 'arms' | 'weights'>;
  store: GuardrailStatisticsSource;
  /** Default {@link defaultGuardrails}(). */
  guardrails?: readonly Guardrail[];
  /** Requests in [since, until) epoch ms. Default {@link ALL_TIME}. */
  window?: { since: number; until: number };
  /** Each guardrail's false-alarm budget (the controller gives alpha / (guardrails × stages)). Default 0.05 / guardrails. */
  alpha?: number;
  /** 0-based stage index reported to the guardrails. Default 0. */
  stage?: number;
}

/** Statistics of an arm without traffic in the window. */
function emptyStatistics(arm: string, quantileLevel: number): ArmGuardrailStatistics {
  return {
    arm, units: 0, requests: 0, requestsSquares: 0, maxUnitRequests: 0, errors: 0, errorsSquares: 0, errorsRequests: 0, latency: 0, latencySquares: 0,
    latencyRequests: 0, quantileLevel, quantile: NaN, quantileLower: NaN, quantileUpper: NaN, below: 0, belowSquares: 0, belowRequests: 0,
  };
}

/**
 * Reads the per-arm unit-level guardrail statistics of the window from the store (one row per
 * arm, in the splitter's arm order; arms without traffic get zero sums), and the binned score sums
 * when a guardrail has `scoreEdges` (those of the first such guardrail), and runs each guardrail on
 * them. A guardrail that throws InsufficientDataError gives an 'inconclusive' check (not enough
 * data yet); any other error propagates.
 * @returns the checks (in guardrail order) and the context they saw.
 * @throws {InvalidArgumentError} for a missing splitter or store (or one without scoreBinStatistics when a
 *   guardrail needs binned scores), empty guardrails or alpha outside (0, 1);
 *   whatever a guardrail throws other than InsufficientDataError.
 * @example
 * const { checks } = await evaluateGuardrails({ splitter, store, guardrails: [latencyGuardrail({ quantile: 0.95, margin: 0.2 })] });
 * checks[0].verdict; // 'pass' | 'inconclusive' | 'fail'
 */
export async function evaluateGuardrails(options: EvaluateGuardrailsOptions): Promise<{ checks: GuardrailCheck[]; context: GuardrailContext }> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {splitter, store, ...}');
  const { splitter, store } = options;
  if (!Array.isArray(splitter?.arms)) throw new InvalidArgumentError('options.splitter', splitter, 'expected a splitter');
  if (typeof store?.guardrailStatistics !== 'function') throw new InvalidArgumentError('options.store', store, 'expected an event store');
  const guardrails = options.guardrails ?? defaultGuardrails();
  if (!Array.isArray(guardrails) || guardrails.length === 0 || guardrails.some((g) => typeof g !== 'function')) {
    throw new InvalidArgumentError('options.guardrails', guardrails, 'expected a non-empty array of guardrail functions');
  }
  const alpha = options.alpha ?? 0.05 / guardrails.length;
  assertOpenUnitInterval('options.alpha', alpha);
  const window = options.window ?? ALL_TIME;
  const quantileLevel = guardrails.find((g) => g.quantileLevel !== undefined)?.quantileLevel ?? 0.95;
  const rows = await store.guardrailStatistics({ experiment: splitter.experiment, ...window, quantileLevel });
  const statistics = splitter.arms.map((arm) => rows.find((r) => r.arm === arm) ?? emptyStatistics(arm, quantileLevel));
  const weights = splitter.weights;
  const context: GuardrailContext = {
    experiment: splitter.experiment, arms: splitter.arms, weights, statistics,
    stage: options.stage ?? 0, treatmentShare: weights[weights.length - 1], window, alpha,
  };
  const edges = guardrails.find((g) => g.scoreEdges !== undefined)?.scoreEdges;
  if (edges) {
    if (typeof store.scoreBinStatistics !== 'function') {
      throw new InvalidArgumentError('options.store', store, 'expected an event store with scoreBinStatistics (a guardrail needs binned scores)');
    }
    const bins = await store.scoreBinStatistics({ experiment: splitter.experiment, ...window, edges });
    context.scoreBins = splitter.arms.map((arm) => bins.find((b) => b.arm === arm) ?? { arm, ...emptyBinnedScoreStatistics(edges.length + 1) });
  }
  const checks: GuardrailCheck[] = [];
  for (const [i, guardrail] of guardrails.entries()) {
    try {
      checks.push(await guardrail(context));
    } catch (error) {
      if (!(error instanceof InsufficientDataError)) throw error;
      checks.push(guardrailCheck(`guardrail ${i + 1}`, 'inconclusive', NaN, NaN, error.message));
    }
  }
  return { checks, context };
}
