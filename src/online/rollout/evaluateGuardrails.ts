/**
 * Runs guardrails on an experiment's monitoring data as the rollout controller does — for a
 * one-off check (a notebook, a dashboard) without building the guardrail context by hand.
 */
import { InsufficientDataError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { Splitter } from '../splitter/splitter.js';
import type { EventStore } from '../store/eventStore.js';
import type { ArmMonitoring } from '../store/monitoring.js';
import { defaultGuardrails, guardrailCheck, type Guardrail, type GuardrailCheck, type GuardrailContext } from './guardrails.js';

export interface EvaluateGuardrailsOptions {
  splitter: Splitter;
  store: EventStore;
  /** Default {@link defaultGuardrails}(). */
  guardrails?: readonly Guardrail[];
  /** Allocation of the stage evaluated (default: the splitter's current allocation). */
  allocation?: number;
  /** Generator of the resampling guardrails, or its seed (default 1). */
  random?: Random | number;
}

/** Per-arm monitoring rows in the splitter's arm order; arms without traffic get zero counts. */
function alignToArms(arms: readonly string[], rows: ArmMonitoring[]): ArmMonitoring[] {
  return arms.map((arm) => rows.find((r) => r.arm === arm) ?? { arm, units: 0, requests: 0, errors: 0, latenciesMs: [], scores: [] });
}

/**
 * Reads the experiment's per-arm monitoring data from the store and runs each guardrail on it. A
 * guardrail that throws InsufficientDataError gives an 'inconclusive' check (not enough data yet);
 * any other error propagates.
 * @returns the checks (in guardrail order) and the context they saw.
 * @throws whatever a guardrail throws other than InsufficientDataError.
 * @example
 * const { checks } = await evaluateGuardrails({ splitter, store, guardrails: [latencyGuardrail({ quantile: 0.95, margin: 0.2 })], random: 7 });
 * checks[0].verdict; // 'pass' | 'inconclusive' | 'fail'
 */
export async function evaluateGuardrails(options: EvaluateGuardrailsOptions): Promise<{ checks: GuardrailCheck[]; context: GuardrailContext }> {
  const { splitter, store } = options;
  const monitoring = alignToArms(splitter.arms, await store.armMonitoring(splitter.experiment));
  const random = options.random instanceof Random ? options.random : new Random(options.random ?? 1);
  const context: GuardrailContext = {
    experiment: splitter.experiment, arms: splitter.arms, weights: splitter.weights, monitoring, allocation: options.allocation ?? splitter.allocation, random,
  };
  const checks: GuardrailCheck[] = [];
  for (const [i, guardrail] of (options.guardrails ?? defaultGuardrails()).entries()) {
    try {
      checks.push(await guardrail(context));
    } catch (error) {
      if (!(error instanceof InsufficientDataError)) throw error;
      checks.push(guardrailCheck(`guardrail ${i + 1}`, 'inconclusive', NaN, NaN, error.message));
    }
  }
  return { checks, context };
}
