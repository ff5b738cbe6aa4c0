/**
 * Staged rollout of a challenger model: the experiment's allocation ramps through stages, each
 * advanced only when every guardrail holds, and is rolled back to 0 as soon as one fails.
 */
import { Random } from '../../core/random.js';
import { AblabError, InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, checkOptions } from '../../core/validate.js';
import type { Splitter } from '../splitter/splitter.js';
import type { EventStore } from '../store/eventStore.js';
import type { ArmMonitoring } from '../store/monitoring.js';
import { defaultGuardrails, guardrailCheck, type Guardrail, type GuardrailCheck } from './guardrails.js';

/** What the controller did after one evaluation. */
export type RolloutAction = 'advance' | 'hold' | 'rollback';

/** One entry of the decision log. */
export interface RolloutDecision {
  /** 0-based index of the stage evaluated. */
  stage: number;
  /** Allocation during the evaluated stage. */
  allocation: number;
  checks: GuardrailCheck[];
  decision: RolloutAction;
  reason: string;
  /** Allocation after the decision (0 after a rollback). */
  nextAllocation: number;
}

/** Options of {@link createRolloutController}. */
export interface RolloutOptions {
  splitter: Splitter;
  store: EventStore;
  /** Increasing allocations in (0, 1], ending at 1. Default [0.05, 0.2, 0.5, 1]. */
  stages?: readonly number[];
  /** Default {@link defaultGuardrails}(). */
  guardrails?: readonly Guardrail[];
  /** A stage advances only once every arm has this many units. Default 200. */
  minUnitsPerArm?: number;
  /** Consecutive holds after which a stage is rolled back instead. Default: no limit. */
  maxHoldsPerStage?: number;
  /** Seed of the resampling guardrails. Default 1. */
  seed?: number;
}

/** A running rollout. */
export interface RolloutController {
  /** `'running'` until the last stage advances (`'completed'`) or a rollback (`'rolledBack'`). */
  readonly status: 'running' | 'completed' | 'rolledBack';
  readonly stage: number;
  /** Every decision so far, oldest first. */
  readonly log: readonly RolloutDecision[];
  /**
   * Runs all guardrails on the data so far, decides, applies the new allocation to the splitter
   * and logs the decision. @throws {AblabError} once the rollout has finished.
   */
  evaluate(): Promise<RolloutDecision>;
}

/**
 * Creates a staged-rollout controller and sets the splitter to the first stage. Each
 * `evaluate()` reads per-arm monitoring data from the store (cumulative: units keep their arm
 * across stages), runs the guardrails and decides, in this order:
 * 1. any check `fail` → rollback (allocation 0, every unit back on the control model);
 * 2. fewer than `minUnitsPerArm` units in an arm, or any check `inconclusive` → hold
 *    (or rollback after `maxHoldsPerStage` consecutive holds);
 * 3. otherwise advance to the next stage; at the last stage the rollout completes.
 * A guardrail that throws InsufficientDataError counts as inconclusive. Decisions are taken on
 * repeated looks at accumulating data, so the guardrails' error rates are per look, not overall.
 * Reference: Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments" (2020), ch. 15 and 21.
 * @throws {InvalidArgumentError} on stages that are not increasing in (0, 1] ending at 1, an
 *   empty guardrail list, or bad counts.
 * @example
 * const rollout = createRolloutController({ splitter, store });
 * // …serve traffic for a while…
 * const { decision, reason } = await rollout.evaluate(); // e.g. 'hold', 'waiting for 200 units per arm (fewest: 37)'
 */
export function createRolloutController(options: RolloutOptions): RolloutController {
  options = checkOptions('options', options);
  const { splitter, store } = options;
  if (typeof splitter?.setAllocation !== 'function') throw new InvalidArgumentError('options.splitter', splitter, 'expected a splitter (createSplitter)');
  if (typeof store?.armMonitoring !== 'function') throw new InvalidArgumentError('options.store', store, 'expected an event store (openEventStore)');
  const stages = checkStages(options.stages ?? [0.05, 0.2, 0.5, 1]);
  const guardrails = options.guardrails ?? defaultGuardrails();
  if (!Array.isArray(guardrails) || guardrails.length === 0 || guardrails.some((g) => typeof g !== 'function')) {
    throw new InvalidArgumentError('options.guardrails', guardrails, 'expected a non-empty array of guardrail functions');
  }
  const minUnitsPerArm = options.minUnitsPerArm ?? 200;
  assertInteger('options.minUnitsPerArm', minUnitsPerArm, 1);
  const maxHolds = options.maxHoldsPerStage ?? Infinity;
  if (maxHolds !== Infinity) assertInteger('options.maxHoldsPerStage', maxHolds, 1);
  const random = new Random(options.seed ?? 1);

  const log: RolloutDecision[] = [];
  let stage = 0;
  let holds = 0;
  let status: RolloutController['status'] = 'running';
  splitter.setAllocation(stages[0]);

  return {
    get status() {
      return status;
    },
    get stage() {
      return stage;
    },
    log,
    async evaluate() {
      if (status !== 'running') throw new AblabError(`The rollout of ${splitter.experiment} has finished (${status}); create a new controller to start again.`);
      const monitoring = alignToArms(splitter.arms, await store.armMonitoring(splitter.experiment));
      const context = { experiment: splitter.experiment, arms: splitter.arms, weights: splitter.weights, monitoring, allocation: stages[stage], random: random.fork() };
      const checks: GuardrailCheck[] = [];
      for (const [i, guardrail] of guardrails.entries()) {
        try {
          checks.push(await guardrail(context));
        } catch (error) {
          if (!(error instanceof InsufficientDataError)) throw error;
          checks.push(guardrailCheck(`guardrail ${i + 1}`, 'inconclusive', NaN, NaN, error.message));
        }
      }
      const fewest = Math.min(...monitoring.map((m) => m.units));
      const failed = checks.filter((c) => c.verdict === 'fail');
      const open = checks.filter((c) => c.verdict === 'inconclusive');
      let decision: RolloutAction;
      let reason: string;
      if (failed.length > 0) {
        [decision, reason] = ['rollback', `failed: ${failed.map((c) => c.name).join(', ')}`];
      } else if (fewest < minUnitsPerArm || open.length > 0) {
        holds++;
        const waiting = fewest < minUnitsPerArm
          ? `waiting for ${minUnitsPerArm} units per arm (fewest: ${fewest})`
          : `inconclusive: ${open.map((c) => c.name).join(', ')}`;
        [decision, reason] = holds >= maxHolds
          ? ['rollback', `${waiting} after ${holds} evaluations at this stage`]
          : ['hold', waiting];
      } else if (stage === stages.length - 1) {
        [decision, reason] = ['advance', 'all guardrails hold at the final stage: rollout complete'];
        status = 'completed';
      } else {
        [decision, reason] = ['advance', `all guardrails hold: ${formatPercent(stages[stage])} → ${formatPercent(stages[stage + 1])}`];
      }
      const entry: RolloutDecision = { stage, allocation: stages[stage], checks, decision, reason, nextAllocation: stages[stage] };
      if (decision === 'rollback') {
        status = 'rolledBack';
        entry.nextAllocation = 0;
      } else if (decision === 'advance' && status === 'running') {
        stage++;
        holds = 0;
        entry.nextAllocation = stages[stage];
      }
      splitter.setAllocation(entry.nextAllocation);
      log.push(entry);
      return entry;
    },
  };
}

function formatPercent(allocation: number): string {
  return `${Number((allocation * 100).toPrecision(4))}%`;
}

function checkStages(stages: unknown): readonly number[] {
  if (!Array.isArray(stages) || stages.length === 0) throw new InvalidArgumentError('options.stages', stages, 'expected a non-empty array of allocations');
  stages.forEach((s, i) => {
    if (typeof s !== 'number' || !(s > 0 && s <= 1) || (i > 0 && s <= stages[i - 1])) {
      throw new InvalidArgumentError(`options.stages[${i}]`, s, 'expected increasing allocations in (0, 1]');
    }
  });
  if (stages[stages.length - 1] !== 1) throw new InvalidArgumentError('options.stages', stages, 'the last stage must be 1 (full traffic)');
  return [...stages];
}

/** Monitoring rows in splitter arm order, with empty rows for arms that have no traffic yet. */
function alignToArms(arms: readonly string[], rows: ArmMonitoring[]): ArmMonitoring[] {
  return arms.map((arm) => rows.find((r) => r.arm === arm) ?? { arm, units: 0, requests: 0, errors: 0, latenciesMs: [], scores: [] });
}
