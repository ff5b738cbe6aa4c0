/**
 * Monte Carlo of whole staged rollouts with user-correlated errors and latencies: how often a
 * rollout controller rolls back (or promotes) a new model, with Monte Carlo standard errors.
 */
import { checkSeed, Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, assertPositive, assertProbability } from '../../core/validate.js';
import { normalCdf } from '../../stats/core/distributions.js';
import { normalMixturePower } from '../../stats/sequential/normalMixture.js';
import { sequentialBinnedDriftPower } from '../../stats/drift/sequentialBinnedDrift.js';
import { defaultGuardrails, type Guardrail } from '../rollout/guardrails.js';
import { createRolloutController, type GuardrailStatisticsSource, type RolloutOptions } from '../rollout/rolloutController.js';
import { createSplitter } from '../splitter/splitter.js';
import { poisson } from './simulateTraffic.js';
import { armStatisticsOfUnits, type ArmGuardrailStatistics, type GuardrailStatisticsOptions } from '../store/guardrailStatistics.js';
import { armScoreBinStatisticsOfUnits, type ArmScoreBinStatistics, type ScoreBinStatisticsOptions } from '../store/scoreBinStatistics.js';

/** How one model behaves for an average user. */
export interface RolloutModelBehaviour {
  /** Mean probability that a request fails. */
  errorRate: number;
  /** Median request latency in ms. */
  medianLatencyMs: number;
  /** Mean prediction score on the logit scale (scores are logistic(mean + user offset + noise)). Default 0. */
  scoreLogitMean?: number;
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
   * u ~ N(0, t²) per user; its scores are logistic(scoreLogitMean + v + 0.5·ε) with v ~ N(0, s²)
   * per user (the same v under both models). Default { errorSd: 1.5, latencySd: 0.5, scoreSd: 1 }:
   * a few users fail often, some are always slow, a user's scores are strongly alike.
   */
  heterogeneity?: { errorSd: number; latencySd: number; scoreSd?: number };
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
/** Offset of the score stream's seed from the simulation's. */
const SCORE_STREAM = 0x5c0e;

/** The scores' own random stream, so adding scores leaves the other draws of a seed unchanged. */
function scoreRandom(seed: number): Random {
  checkSeed('options.seed', seed);
  return new Random((seed + SCORE_STREAM) >>> 0);
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
/** Within-user sd of log latency. */
const REQUEST_LATENCY_SD = 0.3;
/** Within-user sd of the score logit. */
const REQUEST_SCORE_SD = 0.5;

interface UnitWindow {
  arm: string;
  latencies: number[];
  errors: number;
  /** Scores of successful requests (only when a guardrail reads scores). */
  scores: number[];
}

/**
 * Runs `replications` staged rollouts of `treatment` against `control` through the real splitter
 * and rollout controller. Traffic is generated in memory and aggregated with the same
 * per-unit code as the store's guardrail SQL (armStatisticsOfUnits), so thousands of rollouts
 * take seconds; each replication uses its own experiment name (independent assignments). With
 * equal behaviours it measures the false-rollback probability, with a harmful treatment the
 * power to roll back. Scores are drawn (from a stream of their own, so the other draws do not
 * change) only when a guardrail reads them (prediction drift). Same seed, same results.
 * @throws {InvalidArgumentError} on bad counts, probabilities or behaviours.
 * @example
 * const aa = await simulateRollouts({ replications: 20, seed: 1, users: 2000, periods: 24,
 *   control: { errorRate: 0.01, medianLatencyMs: 20 }, treatment: { errorRate: 0.01, medianLatencyMs: 20 } });
 * [aa.rolledBack, aa.running] // [0, 20]: none rolled back; at 5% of 2000 users none can yet pass its margins
 */
export async function simulateRollouts(options: SimulateRolloutsOptions): Promise<RolloutSimulation> {
  const { replications, seed, users, periods, visitProbability, requestsPerVisit, control, treatment, heterogeneity } = checkSimulation(options);
  assertInteger('options.replications', replications, 1);
  const behaviours = { control, treatment };
  const rng = new Random(seed, 'options.seed');
  const guardrails = options.controller?.guardrails ?? defaultGuardrails();
  const scoreEdges = guardrails.find((g) => g.scoreEdges !== undefined)?.scoreEdges;
  const scoreRng = scoreRandom(seed);
  const result: RolloutSimulation = {
    replications, rolledBack: 0, promoted: 0, running: 0, rollbackRate: 0, rollbackStandardError: 0, promotionRate: 0, rollbackReasons: {}, meanPeriods: 0,
  };
  let totalPeriods = 0;
  for (let r = 0; r < replications; r++) {
    const errorMultiplier = Float64Array.from({ length: users }, () => Math.exp(heterogeneity.errorSd * rng.normal() - heterogeneity.errorSd ** 2 / 2));
    const latencyShift = Float64Array.from({ length: users }, () => heterogeneity.latencySd * rng.normal());
    const scoreShift = scoreEdges ? Float64Array.from({ length: users }, () => heterogeneity.scoreSd * scoreRng.normal()) : null;
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
      async scoreBinStatistics(query: ScoreBinStatisticsOptions): Promise<ArmScoreBinStatistics[]> {
        return armScoreBinStatisticsOfUnits(stageUnits.values(), query.edges);
      },
    };
    const controller = createRolloutController({ ...options.controller, splitter, store, clock: { now: () => now } });
    let period = 0;
    let armOf = new Map<number, string>(); // assignments at the current share (hashing is the costly part)
    let share = controller.treatmentShare;
    while (period < periods && controller.status === 'running') {
      if (controller.treatmentShare !== share) {
        // A larger share only moves users onto the new model: keep those already there.
        armOf = new Map([...armOf].filter(([, arm]) => arm === 'treatment' && controller.treatmentShare > share));
        share = controller.treatmentShare;
      }
      for (let user = 0; user < users; user++) {
        if (!rng.bernoulli(visitProbability)) continue;
        const arm = armOf.get(user) ?? splitter.assign(user).arm ?? 'control';
        armOf.set(user, arm);
        const behaviour = behaviours[arm as 'control' | 'treatment'];
        const pError = Math.min(1, behaviour.errorRate * errorMultiplier[user]);
        const requests = 1 + poisson(rng, requestsPerVisit - 1);
        const unit = stageUnits.get(user) ?? stageUnits.set(user, { arm, latencies: [], errors: 0, scores: [] }).get(user)!;
        for (let k = 0; k < requests; k++) {
          unit.latencies.push(behaviour.medianLatencyMs * Math.exp(latencyShift[user] + REQUEST_LATENCY_SD * rng.normal()));
          const failed = rng.bernoulli(pError);
          unit.errors += failed;
          if (scoreShift && !failed) unit.scores.push(logistic((behaviour.scoreLogitMean ?? 0) + scoreShift[user] + REQUEST_SCORE_SD * scoreRng.normal()));
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

/** Validates the traffic model and fills in its defaults. */
function checkSimulation(options: SimulateRolloutsOptions): Required<Omit<SimulateRolloutsOptions, 'controller' | 'heterogeneity'>> & { heterogeneity: Required<NonNullable<SimulateRolloutsOptions['heterogeneity']>> } {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected an options object');
  const { users, periods } = options;
  assertInteger('options.users', users, 2);
  assertInteger('options.periods', periods, 1);
  const visitProbability = options.visitProbability ?? 0.3;
  assertProbability('options.visitProbability', visitProbability);
  const requestsPerVisit = options.requestsPerVisit ?? 3;
  assertPositive('options.requestsPerVisit', requestsPerVisit);
  const given = options.heterogeneity ?? { errorSd: 1.5, latencySd: 0.5 };
  const heterogeneity = { ...given, scoreSd: given?.scoreSd ?? 1 };
  if (typeof given !== 'object' || given === null || !(heterogeneity.errorSd >= 0) || !(heterogeneity.latencySd >= 0) || !(heterogeneity.scoreSd >= 0)) {
    throw new InvalidArgumentError('options.heterogeneity', given, 'expected { errorSd >= 0, latencySd >= 0, scoreSd >= 0 }');
  }
  return {
    ...options, visitProbability, requestsPerVisit, heterogeneity,
    control: checkBehaviour('options.control', options.control), treatment: checkBehaviour('options.treatment', options.treatment),
  };
}

function checkBehaviour(name: string, behaviour: RolloutModelBehaviour): RolloutModelBehaviour {
  if (typeof behaviour !== 'object' || behaviour === null) throw new InvalidArgumentError(name, behaviour, 'expected { errorRate, medianLatencyMs }');
  assertProbability(`${name}.errorRate`, behaviour.errorRate);
  assertPositive(`${name}.medianLatencyMs`, behaviour.medianLatencyMs);
  if (behaviour.scoreLogitMean !== undefined) assertFiniteNumber(`${name}.scoreLogitMean`, behaviour.scoreLogitMean);
  return behaviour;
}


/** The stated power of a rollout design against a harmful new model, per metric guardrail. */
export interface RolloutPower {
  /** Lower bounds on P(the guardrail rolls back by the end of the first stage), by guardrail metric. */
  errorRate: number | null;
  meanLatency: number | null;
  /** Prediction drift (its PSI condition aside), from a seeded pilot of 20,000 units per arm. */
  drift: number | null;
  /** The largest of them: a lower bound on the probability of a rollback. */
  rollback: number;
  /** Each guardrail's error budget per stage. */
  guardrailAlpha: number;
}

/**
 * The power a rollout design states against `options.treatment`, under {@link simulateRollouts}'
 * model, if the first stage runs for all `options.periods` periods (a harmful model cannot pass a
 * guardrail whose margin its harm exceeds, except with probability ≤ that guardrail's budget):
 * for the error-rate and mean-latency guardrails, {@link normalMixturePower} of the true harm δ
 * with the standard error √(v_c/n_c + v_t/n_t) of the delta method over units, where per arm
 * n = users·share·(1 − (1 − q)^P) units have visited, a unit's requests m have
 * E[m] = λ·E[V], E[m²] = (λ − 1)·E[V] + λ²·E[V²] for V ~ Binomial(P, q) given V ≥ 1, and
 * v = (E[m]·E[p(1 − p)] + E[m²]·Var p)/E[m]² for the error rate (p = min(1, r·g) per user,
 * lognormal moments) or v = (E[m]·E[Var(l|u)] + E[m²]·Var E[l|u])/(E[m]·mean)² for the log mean
 * latency. For the prediction-drift guardrail: {@link sequentialBinnedDriftPower} with the bin
 * proportions and per-unit covariances of a seeded pilot of 20,000 simulated units per arm (same
 * traffic model, visits given at least one). The p95 guardrail can only add to the rollback
 * probability, so `rollback` is a lower bound.
 * @throws {InvalidArgumentError} as {@link simulateRollouts}.
 * @example
 * rolloutPower({ replications: 1, seed: 1, users: 4000, periods: 12,
 *   control: { errorRate: 0.01, medianLatencyMs: 20 }, treatment: { errorRate: 0.03, medianLatencyMs: 20 } }).errorRate.toFixed(3) // '0.115'
 */
export function rolloutPower(options: SimulateRolloutsOptions): RolloutPower {
  const { users, periods, visitProbability: q, requestsPerVisit: lambda, control, treatment, heterogeneity } = checkSimulation(options);
  const { errorSd, latencySd } = heterogeneity;
  const guardrails: readonly Guardrail[] = options.controller?.guardrails ?? defaultGuardrails();
  const stages = options.controller?.stages ?? [0.05, 0.2, 0.5];
  const guardrailAlpha = (options.controller?.alpha ?? 0.05) / (guardrails.length * stages.length);
  const visited = 1 - (1 - q) ** periods;
  const units = [users * (1 - stages[0]) * visited, users * stages[0] * visited];
  const meanVisits = (periods * q) / visited;
  const meanSquareVisits = (periods * q * (1 - q) + (periods * q) ** 2) / visited;
  const m1 = lambda * meanVisits;
  const m2 = (lambda - 1) * meanVisits + lambda ** 2 * meanSquareVisits;
  const power = (metric: 'errorRate' | 'meanLatency', variance: (b: RolloutModelBehaviour) => number, harm: number): number | null => {
    const design = guardrails.find((g) => g.design?.metric === metric)?.design;
    if (!design) return null;
    const standardError = Math.sqrt(variance(control) / units[0] + variance(treatment) / units[1]);
    return normalMixturePower({ effect: Math.max(0, harm), standardError, mixingVariance: design.mixingSd ** 2, alpha: guardrailAlpha });
  };
  const errorMoments = (b: RolloutModelBehaviour) => cappedLognormalMoments(b.errorRate, errorSd);
  const errorRate = power('errorRate', (b) => {
    const [p1, p2] = errorMoments(b);
    return (m1 * (p1 - p2) + m2 * (p2 - p1 * p1)) / m1 ** 2;
  }, errorMoments(treatment)[0] - errorMoments(control)[0]);
  const within = Math.exp(REQUEST_LATENCY_SD ** 2);
  const between = Math.exp(latencySd ** 2);
  // Per unit of mean latency: E[Var(l|u)] / mean² = between·(within − 1), Var(E[l|u]) / mean² = between − 1.
  const meanLatency = power('meanLatency', () => (m1 * between * (within - 1) + m2 * (between - 1)) / m1 ** 2,
    Math.log(treatment.medianLatencyMs / control.medianLatencyMs));
  const driftGuardrail = guardrails.find((g) => g.scoreEdges !== undefined && g.driftDesign !== undefined);
  let drift: number | null = null;
  if (driftGuardrail) {
    const rng = scoreRandom(options.seed);
    const pilot = (behaviour: RolloutModelBehaviour) => armScoreBinStatisticsOfUnits(Array.from({ length: PILOT_UNITS }, () => {
      let visits = 0;
      while (visits === 0) for (let p = 0; p < periods; p++) visits += rng.bernoulli(q);
      const shift = heterogeneity.scoreSd * rng.normal();
      const pError = Math.min(1, behaviour.errorRate * Math.exp(errorSd * rng.normal() - errorSd ** 2 / 2));
      const scores: number[] = [];
      for (let v = 0; v < visits; v++) {
        for (let k = 1 + poisson(rng, lambda - 1); k > 0; k--) {
          if (!rng.bernoulli(pError)) scores.push(logistic((behaviour.scoreLogitMean ?? 0) + shift + REQUEST_SCORE_SD * rng.normal()));
        }
      }
      return { arm: 'pilot', scores };
    }), driftGuardrail.scoreEdges!)[0];
    drift = sequentialBinnedDriftPower({
      control: pilot(control), treatment: pilot(treatment), unitsControl: units[0], unitsTreatment: units[1],
      alpha: guardrailAlpha, mixingSd: driftGuardrail.driftDesign!.mixingSd,
    });
  }
  return { errorRate, meanLatency, drift, rollback: Math.max(errorRate ?? 0, meanLatency ?? 0, drift ?? 0), guardrailAlpha };
}

/** Simulated units per arm behind the stated power of the drift guardrail. */
const PILOT_UNITS = 20_000;

/** E[p] and E[p²] of p = min(1, r·g), ln g ~ N(−s²/2, s²) (lognormal partial moments). */
function cappedLognormalMoments(rate: number, sd: number): [number, number] {
  if (rate === 0) return [0, 0];
  if (sd === 0) return [Math.min(1, rate), Math.min(1, rate) ** 2];
  const mu = Math.log(rate) - (sd * sd) / 2; // ln(r·g) ~ N(mu, sd²)
  const above = 1 - normalCdf(-mu / sd); // P(r·g ≥ 1)
  const first = Math.exp(mu + (sd * sd) / 2) * normalCdf((-mu - sd * sd) / sd) + above;
  const second = Math.exp(2 * mu + 2 * sd * sd) * normalCdf((-mu - 2 * sd * sd) / sd) + above;
  return [first, second];
}
