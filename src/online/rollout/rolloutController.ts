/**
 * Staged rollout of a new model: its share of traffic ramps through stages (5% → 20% → 50%), each
 * advanced only when every guardrail holds, ending with promotion (the new model serves everyone,
 * optionally minus a holdback); it is rolled back as soon as one guardrail fails.
 */
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertOpenUnitInterval } from '../../core/validate.js';
import { systemClock, type Clock } from '../server/clock.js';
import type { Splitter } from '../splitter/splitter.js';
import { evaluateGuardrails, type GuardrailStatisticsSource } from './evaluateGuardrails.js';
import { defaultGuardrails, type Guardrail, type GuardrailCheck } from './guardrails.js';

/** What the controller did after one evaluation. */
export type RolloutAction = 'advance' | 'hold' | 'rollback';

/** One entry of the decision log. */
export interface RolloutDecision {
  /** 0-based index of the stage evaluated. */
  stage: number;
  /** The new model's share of traffic during the evaluated stage. */
  allocation: number;
  checks: GuardrailCheck[];
  decision: RolloutAction;
  reason: string;
  /** The new model's share after the decision: the next stage's, 1 − holdback after promotion, 0 after a rollback. */
  nextAllocation: number;
  /** Epoch ms of the evaluation (the controller's clock). */
  time: number;
  /** Units per arm in the stage's window, in splitter arm order. */
  units: number[];
  /** Each guardrail's error budget at this stage. */
  alpha: number;
}

export type { GuardrailStatisticsSource } from './evaluateGuardrails.js';

/** Options of {@link createRolloutController}. */
export interface RolloutOptions {
  /** A two-arm splitter: the current model first, the new model second. Its allocation is left as is (1 = all traffic). */
  splitter: Splitter;
  store: GuardrailStatisticsSource;
  /** The new model's share of traffic at each stage: increasing, in (0, 1). Default [0.05, 0.2, 0.5]. */
  stages?: readonly number[];
  /** Share of traffic that stays on the current model after promotion, in [0, 0.5). Default 0. */
  holdback?: number;
  /** Probability of ever rolling back a new model that is no worse, over the whole rollout. Default 0.05. */
  alpha?: number;
  /** Default {@link defaultGuardrails}(). */
  guardrails?: readonly Guardrail[];
  /** A stage advances only once every arm has this many units in the stage. Default 200. */
  minUnitsPerArm?: number;
  /** A stage advances only after running this long (ms). Default one day, a full daily cycle. */
  minStageDurationMs?: number;
  /** Consecutive holds after which a stage is rolled back instead. Default: no limit. */
  maxHoldsPerStage?: number;
  /** Time source for stage windows and durations. Default the system clock. */
  clock?: Pick<Clock, 'now'>;
}

/** A running rollout. */
export interface RolloutController {
  /** `'running'` until the last stage advances (`'promoted'`) or a rollback (`'rolledBack'`). */
  readonly status: 'running' | 'promoted' | 'rolledBack';
  readonly stage: number;
  /** The new model's current share of traffic. */
  readonly treatmentShare: number;
  /** Each guardrail's error budget per stage: alpha / (guardrails × stages). */
  readonly guardrailAlpha: number;
  /** Every decision so far, oldest first. */
  readonly log: readonly RolloutDecision[];
  /**
   * Runs all guardrails on the current stage's data, decides, applies the new share to the
   * splitter and logs the decision. @throws {AblabError} once the rollout has finished.
   */
  evaluate(): Promise<RolloutDecision>;
}

/**
 * Creates a staged-rollout controller and gives the new model (the splitter's second arm) the
 * first stage's share of traffic. Shares are arm weights of the splitter ([1 − s, s]), so a unit
 * that got the new model keeps it as its share grows. Each `evaluate()` reads unit-level
 * statistics of the current stage only (requests since the stage began; a stage has one design,
 * so shares never mix) from the store, runs the guardrails and decides, in this order:
 * 1. any check `fail` → rollback (share 0: everyone back on the current model);
 * 2. stage shorter than `minStageDurationMs`, fewer than `minUnitsPerArm` units in an arm, or any
 *    check `inconclusive` → hold (or rollback after `maxHoldsPerStage` consecutive holds);
 * 3. otherwise advance to the next stage; after the last, promote (share 1 − holdback).
 * A guardrail that throws InsufficientDataError counts as inconclusive.
 *
 * Error rate: each guardrail gets alpha / (G·S) per stage (G guardrails, S stages) and keeps its
 * probability of ever failing a no-worse model during a stage below that, however often
 * `evaluate()` is called (always-valid tests), so by the union bound P(any rollback of a no-worse
 * model) ≤ alpha over the whole rollout. A model worse than a guardrail's margin is promoted with
 * probability ≤ its budget as well.
 * Reference: Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments" (2020), ch. 15 and 21;
 * Johari et al., "Always valid inference" (2022).
 *
 * API history: stages were the experiment's allocation split 50/50 and ended at 1 ('completed',
 * half the users still on the old model); they are now the new model's share, ending with
 * promotion ('promoted'); `store` needs only `guardrailStatistics`; options `alpha`, `holdback`,
 * `minStageDurationMs` and `clock` are new, `seed` is gone (no resampling guardrails any more).
 * @throws {InvalidArgumentError} on a splitter without exactly two arms, stages that are not
 *   increasing in (0, 1), a bad holdback, alpha or count, an empty guardrail list, or a store
 *   without scoreBinStatistics when a guardrail needs binned scores (the default prediction drift).
 * @example
 * const rollout = createRolloutController({ splitter, store }); // new model on 5% of traffic
 * // …serve traffic for a while…
 * const { decision, reason } = await rollout.evaluate(); // e.g. 'hold', 'stage ran 2 h of at least 24 h'
 */
export function createRolloutController(options: RolloutOptions): RolloutController {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {splitter, store, ...}');
  const { splitter, store } = options;
  if (splitter?.arms?.length !== 2 || typeof splitter.setWeights !== 'function') {
    throw new InvalidArgumentError('options.splitter', splitter?.arms, 'expected a splitter with two arms: the current model, then the new one');
  }
  if (typeof store?.guardrailStatistics !== 'function') throw new InvalidArgumentError('options.store', store, 'expected an event store');
  const stages = checkStages(options.stages ?? [0.05, 0.2, 0.5]);
  const holdback = options.holdback ?? 0;
  if (typeof holdback !== 'number' || !(holdback >= 0 && holdback < 0.5)) throw new InvalidArgumentError('options.holdback', holdback, 'expected a share in [0, 0.5)');
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const guardrails = options.guardrails ?? defaultGuardrails();
  if (!Array.isArray(guardrails) || guardrails.length === 0 || guardrails.some((g) => typeof g !== 'function')) {
    throw new InvalidArgumentError('options.guardrails', guardrails, 'expected a non-empty array of guardrail functions');
  }
  if (guardrails.some((g) => g.scoreEdges !== undefined) && typeof store.scoreBinStatistics !== 'function') {
    throw new InvalidArgumentError('options.store', store, 'expected an event store with scoreBinStatistics (the prediction-drift guardrail needs binned scores)');
  }
  const minUnitsPerArm = options.minUnitsPerArm ?? 200;
  assertInteger('options.minUnitsPerArm', minUnitsPerArm, 2);
  const minStageDurationMs = options.minStageDurationMs ?? 86_400_000;
  if (typeof minStageDurationMs !== 'number' || !(minStageDurationMs >= 0) || !Number.isFinite(minStageDurationMs)) {
    throw new InvalidArgumentError('options.minStageDurationMs', minStageDurationMs, 'expected a duration >= 0 in ms');
  }
  const maxHolds = options.maxHoldsPerStage ?? Infinity;
  if (maxHolds !== Infinity) assertInteger('options.maxHoldsPerStage', maxHolds, 1);
  const clock = options.clock ?? systemClock;
  if (typeof clock?.now !== 'function') throw new InvalidArgumentError('options.clock', clock, 'expected a clock with now()');
  const quantileLevel = guardrails.find((g) => g.quantileLevel !== undefined)?.quantileLevel ?? 0.95;
  const guardrailAlpha = alpha / (guardrails.length * stages.length);

  const log: RolloutDecision[] = [];
  let stage = 0;
  let holds = 0;
  let status: RolloutController['status'] = 'running';
  let share = stages[0];
  let stageStart = clock.now();
  splitter.setWeights([1 - share, share]);

  return {
    get status() {
      return status;
    },
    get stage() {
      return stage;
    },
    get treatmentShare() {
      return share;
    },
    guardrailAlpha,
    log,
    async evaluate() {
      if (status !== 'running') throw new AblabError(`The rollout of ${splitter.experiment} has finished (${status}); create a new controller to start again.`);
      const now = clock.now();
      const { checks, context } = await evaluateGuardrails({
        splitter, store, guardrails, window: { since: stageStart, until: now + 1 }, alpha: guardrailAlpha, stage,
      });
      const units = context.statistics.map((s) => s.units);
      const fewest = Math.min(...units);
      const failed = checks.filter((c) => c.verdict === 'fail');
      const open = checks.filter((c) => c.verdict === 'inconclusive');
      const ranFor = now - stageStart;
      let decision: RolloutAction;
      let reason: string;
      if (failed.length > 0) {
        [decision, reason] = ['rollback', `failed: ${failed.map((c) => c.name).join(', ')}`];
      } else if (ranFor < minStageDurationMs || fewest < minUnitsPerArm || open.length > 0) {
        holds++;
        const waiting = ranFor < minStageDurationMs
          ? `stage ran ${formatDuration(ranFor)} of at least ${formatDuration(minStageDurationMs)}`
          : fewest < minUnitsPerArm
            ? `waiting for ${minUnitsPerArm} units per arm (fewest: ${fewest})`
            : `inconclusive: ${open.map((c) => c.name).join(', ')}`;
        [decision, reason] = holds >= maxHolds
          ? ['rollback', `${waiting} after ${holds} evaluations at this stage`]
          : ['hold', waiting];
      } else if (stage === stages.length - 1) {
        [decision, reason] = ['advance', `all guardrails hold at the last stage: promoted to ${formatPercent(1 - holdback)}${holdback > 0 ? ` (holdback ${formatPercent(holdback)})` : ''}`];
      } else {
        [decision, reason] = ['advance', `all guardrails hold: ${formatPercent(stages[stage])} → ${formatPercent(stages[stage + 1])}`];
      }
      const entry: RolloutDecision = { stage, allocation: share, checks, decision, reason, nextAllocation: share, time: now, units, alpha: guardrailAlpha };
      if (decision === 'rollback') {
        status = 'rolledBack';
        share = 0;
      } else if (decision === 'advance') {
        holds = 0;
        stageStart = now;
        if (stage === stages.length - 1) {
          status = 'promoted';
          share = 1 - holdback;
        } else {
          share = stages[++stage];
        }
      }
      entry.nextAllocation = share;
      splitter.setWeights([1 - share, share]);
      log.push(entry);
      return entry;
    },
  };
}

function formatPercent(share: number): string {
  return `${Number((share * 100).toPrecision(4))}%`;
}

function formatDuration(ms: number): string {
  return ms >= 3_600_000 ? `${Number((ms / 3_600_000).toPrecision(3))} h` : `${Number((ms / 60_000).toPrecision(3))} min`;
}

function checkStages(stages: unknown): readonly number[] {
  if (!Array.isArray(stages) || stages.length === 0) throw new InvalidArgumentError('options.stages', stages, 'expected a non-empty array of shares');
  stages.forEach((s, i) => {
    if (typeof s !== 'number' || !(s > 0 && s < 1) || (i > 0 && s <= stages[i - 1])) {
      throw new InvalidArgumentError(`options.stages[${i}]`, s, 'expected increasing shares in (0, 1) (promotion follows the last stage)');
    }
  });
  return [...stages];
}
