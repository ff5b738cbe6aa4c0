/**
 * Monte Carlo of whole staged rollouts with user-correlated errors and latencies: how often a
 * rollout controller rolls back (or promotes) a new model, with Monte Carlo standard errors.
 */
import { Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertPositive, assertProbability } from '../../core/validate.js';
import { createRolloutController, type GuardrailStatisticsSource, type RolloutOptions } from '../rollout/rolloutController.js';
import { createSplitter } from '../splitter/splitter.js';
import { armStatisticsOfUnits, type ArmGuardrailStatistics, type GuardrailStatisticsOptions } from '../store/guardrailStatistics.js';

/** How one model behaves for an average user. */
export interface RolloutModelBehaviour {
  /** Mean probability that a request fails. */
  errorRate: number;
  /** Median request latency in ms. */
  medianLatencyMs: number;
}

/** Options of {@link simulateRollouts}. */
export interface SimulateRolloutsOptions {
  /** Number of independent rollouts. */
  replications: number;
  seed: number;
  /** Users in the population. */
  users: number;
  /** Evaluation periods simulated at most; the controller evaluates after each. */
  periods: number;
  /** Probability that a user visits in a period. Default 0.3. */
  visitProbability?: number;
  /** Mean requests per visit (1 + Poisson). Default 3. */
  requestsPerVisit?: number;
  /** The current model and the new one. */
  control: RolloutModelBehaviour;
  treatment: RolloutModelBehaviour;
  /**
   * User correlation: a user's error probability is errorRate × g with ln g ~ N(−s²/2, s²)
   * (capped at 1), the same g under both models; its latencies are median × exp(u + 0.3·ε) with
   * u ~ N(0, t²) per user. Default { errorSd: 1.5, latencySd: 0.5 }: a few users fail often, some
   * are always slow.
   */
  heterogeneity?: { errorSd: number; latencySd: number };
  /** Controller settings (stages, alpha, guardrails, minimums); splitter, store and clock are the simulation's. Periods are 1 h on its clock. */
  controller?: Omit<RolloutOptions, 'splitter' | 'store' | 'clock'>;
}

/** What the rollouts did. */
export interface RolloutSimulation {
  replications: number;
  rolledBack: number;
  promoted: number;
  /** Neither within `periods`. */
  running: number;
  /** rolledBack / replications and its Monte Carlo standard error √(p(1 − p)/R). */
  rollbackRate: number;
  rollbackStandardError: number;
  promotionRate: number;
  /** Rollbacks by the guardrail(s) named in the reason. */
  rollbackReasons: Record<string, number>;
  /** Mean number of periods until the rollout finished (or `periods`). */
  meanPeriods: number;
}

const PERIOD_MS = 3_600_000;

interface UnitWindow {
  arm: string;
  latencies: number[];
  errors: number;
}

/**
 * Runs `replications` staged rollouts of `treatment` against `control` through the real splitter
 * and rollout controller. Traffic is generated in memory and aggregated with the same
 * per-unit code as the store's guardrail SQL (armStatisticsOfUnits), so thousands of rollouts
 * take seconds; each replication uses its own experiment name (independent assignments). With
 * equal behaviours it measures the false-rollback probability, with a harmful treatment the
 * power to roll back. Same seed, same results.
 * @throws {InvalidArgumentError} on bad counts, probabilities or behaviours.
 * @example
 * const aa = await simulateRollouts({ replications: 20, seed: 1, users: 2000, periods: 24,
 *   control: { errorRate: 0.01, medianLatencyMs: 20 }, treatment: { errorRate: 0.01, medianLatencyMs: 20 } });
 * aa.rolledBack // 0
 */
export async function simulateRollouts(options: SimulateRolloutsOptions): Promise<RolloutSimulation> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected an options object');
  const { replications, seed, users, periods } = options;
  assertInteger('options.replications', replications, 1);
  assertInteger('options.users', users, 2);
  assertInteger('options.periods', periods, 1);
  const visitProbability = options.visitProbability ?? 0.3;
  assertProbability('options.visitProbability', visitProbability);
  const requestsPerVisit = options.requestsPerVisit ?? 3;
  assertPositive('options.requestsPerVisit', requestsPerVisit);
  const behaviours = { control: checkBehaviour('options.control', options.control), treatment: checkBehaviour('options.treatment', options.treatment) };
  const heterogeneity = options.heterogeneity ?? { errorSd: 1.5, latencySd: 0.5 };
  if (typeof heterogeneity !== 'object' || heterogeneity === null || !(heterogeneity.errorSd >= 0) || !(heterogeneity.latencySd >= 0)) {
    throw new InvalidArgumentError('options.heterogeneity', heterogeneity, 'expected { errorSd >= 0, latencySd >= 0 }');
  }
  const rng = new Random(seed);
  const result: RolloutSimulation = {
    replications, rolledBack: 0, promoted: 0, running: 0, rollbackRate: 0, rollbackStandardError: 0, promotionRate: 0, rollbackReasons: {}, meanPeriods: 0,
  };
  let totalPeriods = 0;
  for (let r = 0; r < replications; r++) {
    const errorMultiplier = Float64Array.from({ length: users }, () => Math.exp(heterogeneity.errorSd * rng.normal() - heterogeneity.errorSd ** 2 / 2));
    const latencyShift = Float64Array.from({ length: users }, () => heterogeneity.latencySd * rng.normal());
    const splitter = createSplitter({ experiment: `rollout-simulation-${seed}-${r}`, arms: ['control', 'treatment'] });
    let now = 0;
    // Per-unit totals of the current stage: the controller only ever asks for the stage's window.
    let stageUnits = new Map<number, UnitWindow>();
    const store: GuardrailStatisticsSource = {
      async guardrailStatistics(query: GuardrailStatisticsOptions): Promise<ArmGuardrailStatistics[]> {
        const byArm = new Map<string, UnitWindow[]>();
        for (const unit of stageUnits.values()) (byArm.get(unit.arm) ?? byArm.set(unit.arm, []).get(unit.arm)!).push(unit);
        return [...byArm.keys()].sort().map((arm) => armStatisticsOfUnits(arm, byArm.get(arm)!, query.quantileLevel ?? 0.95));
      },
    };
    const controller = createRolloutController({ ...options.controller, splitter, store, clock: { now: () => now } });
    let period = 0;
    let armOf = new Map<number, string>(); // assignments at the current share (hashing is the costly part)
    let share = controller.treatmentShare;
    while (period < periods && controller.status === 'running') {
      if (controller.treatmentShare !== share) [armOf, share] = [new Map(), controller.treatmentShare];
      for (let user = 0; user < users; user++) {
        if (!rng.bernoulli(visitProbability)) continue;
        const arm = armOf.get(user) ?? splitter.assign(user).arm ?? 'control';
        armOf.set(user, arm);
        const behaviour = behaviours[arm as 'control' | 'treatment'];
        const pError = Math.min(1, behaviour.errorRate * errorMultiplier[user]);
        const requests = 1 + poisson(rng, requestsPerVisit - 1);
        const unit = stageUnits.get(user) ?? stageUnits.set(user, { arm, latencies: [], errors: 0 }).get(user)!;
        for (let k = 0; k < requests; k++) {
          unit.latencies.push(behaviour.medianLatencyMs * Math.exp(latencyShift[user] + 0.3 * rng.normal()));
          unit.errors += rng.bernoulli(pError);
        }
      }
      period++;
      now = period * PERIOD_MS;
      const decision = await controller.evaluate();
      if (decision.decision === 'advance') stageUnits = new Map();
      if (decision.decision === 'rollback') {
        const reason = decision.reason.replace(/^failed: /, '');
        result.rollbackReasons[reason] = (result.rollbackReasons[reason] ?? 0) + 1;
      }
    }
    totalPeriods += period;
    if (controller.status === 'rolledBack') result.rolledBack++;
    else if (controller.status === 'promoted') result.promoted++;
    else result.running++;
  }
  result.rollbackRate = result.rolledBack / replications;
  result.rollbackStandardError = Math.sqrt((result.rollbackRate * (1 - result.rollbackRate)) / replications);
  result.promotionRate = result.promoted / replications;
  result.meanPeriods = totalPeriods / replications;
  return result;
}

function checkBehaviour(name: string, behaviour: RolloutModelBehaviour): RolloutModelBehaviour {
  if (typeof behaviour !== 'object' || behaviour === null) throw new InvalidArgumentError(name, behaviour, 'expected { errorRate, medianLatencyMs }');
  assertProbability(`${name}.errorRate`, behaviour.errorRate);
  assertPositive(`${name}.medianLatencyMs`, behaviour.medianLatencyMs);
  return behaviour;
}

/** Poisson deviate by inversion (Knuth); adequate for the small means used here. */
function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let product = rng.uniform(); product > limit; product *= rng.uniform()) k++;
  return k;
}
