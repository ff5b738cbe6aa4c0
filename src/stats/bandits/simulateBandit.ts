import { Random } from '../../core/random.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { formatNumber } from '../core/htest.js';
import { assertInteger, assertProbability, checkChoice, toFiniteArray, checkOptions, assertWorkSize } from '../../core/validate.js';
import { epsilonGreedy } from './epsilonGreedy.js';
import type { BanditPolicy } from './policy.js';
import { thompsonSampling } from './thompsonSampling.js';
import { ucb1 } from './ucb1.js';

export type SimulatedPolicy = 'thompson' | 'ucb1' | 'epsilonGreedy' | 'fixedSplit';

export interface SimulateBanditOptions {
  policy: SimulatedPolicy;
  /** Bernoulli success probability of each arm. */
  armMeans: readonly number[];
  /** Steps (units of traffic) per run. */
  horizon: number;
  /** Independent replications averaged (default 100). */
  nRuns?: number;
  /** Seed of the {@link Random} generator (default 1); each run uses its own forked stream. */
  seed?: number;
  /** Rewards reach the policy in batches of this many steps (default 1: immediate feedback). */
  batchSize?: number;
  /** Exploration rate of 'epsilonGreedy' (default 0.1). */
  epsilon?: number;
}

export interface BanditSimulation {
  policy: SimulatedPolicy;
  /** Mean cumulative (pseudo-)regret after each step: regret[t] = E[Σ_{s≤t} (μ* − μ_{arm_s})]. */
  cumulativeRegret: Float64Array;
  /** cumulativeRegret at the horizon, and its standard error across runs. */
  finalRegret: number;
  finalRegretSe: number;
  /** Mean number of pulls of each arm per run. */
  pullsPerArm: Float64Array;
  print(): string;
  toString(): string;
}

/** Deterministic round-robin allocation: the fixed-split A/B/n test a bandit is compared with. */
class FixedSplit {
  private step = 0;
  constructor(readonly nArms: number) {}
  selectArm(): number {
    const arm = this.step % this.nArms;
    this.step++;
    return arm;
  }
  record(): void {}
  reset(): void {
    this.step = 0;
  }
}

type Simulated = Pick<BanditPolicy, 'selectArm' | 'reset'> & { record(arm: number, reward: number): void };

function makePolicy(name: SimulatedPolicy, nArms: number, epsilon: number): Simulated {
  if (name === 'thompson') return thompsonSampling({ nArms }) as unknown as Simulated;
  if (name === 'ucb1') return ucb1({ nArms }) as unknown as Simulated;
  if (name === 'epsilonGreedy') return epsilonGreedy({ nArms, epsilon }) as unknown as Simulated;
  return new FixedSplit(nArms);
}

/**
 * Monte Carlo regret simulation of a bandit policy on Bernoulli arms. Each of `nRuns` runs starts
 * from an empty policy and serves `horizon` steps; the reward of the chosen arm is Bernoulli(μ_arm)
 * and the step's regret is μ* − μ_arm (pseudo-regret, which has less variance than realized
 * regret and the same expectation; Bubeck & Cesa-Bianchi 2012, §1). With `batchSize` b > 1 the
 * policy sees rewards only at the end of each block of b steps, as when a traffic splitter is
 * reconfigured periodically. Deterministic given the seed: run r uses the r-th fork of the seeded
 * generator.
 *
 * @throws {InvalidArgumentError} for an unknown policy, arm means outside [0, 1] or fewer than two
 *   arms, a horizon/nRuns/batchSize that is not a positive integer, or epsilon outside [0, 1].
 * @example
 * const sim = simulateBandit({ policy: 'thompson', armMeans: [0.1, 0.2], horizon: 1000, nRuns: 20, seed: 1 });
 * sim.finalRegret; // 9.659999999999991
 */
export function simulateBandit(options: SimulateBanditOptions): BanditSimulation {
  options = checkOptions('options', options);
  const policyName = checkChoice<SimulatedPolicy>('options.policy', options.policy,
    ['thompson', 'ucb1', 'epsilonGreedy', 'fixedSplit'], 'thompson');
  if (options.policy === undefined) throw new InvalidArgumentError('options.policy', undefined, 'expected a policy name');
  const means = toFiniteArray('options.armMeans', options.armMeans, 2);
  means.forEach((m, i) => assertProbability(`options.armMeans[${i}]`, m));
  const { horizon, nRuns = 100, seed = 1, batchSize = 1, epsilon = 0.1 } = options;
  assertWorkSize('options.horizon', horizon, 1, 100_000_000);
  assertWorkSize('options.nRuns', nRuns, 1, 1_000_000);
  assertWorkSize('options.batchSize', batchSize, 1, horizon);
  const k = means.length;
  const armMeans = Float64Array.from(means);
  const best = Math.max(...means);
  const gaps = Float64Array.from(means, (m) => best - m);
  const policy = makePolicy(policyName, k, epsilon);
  const root = new Random(seed, 'options.seed');
  const curve = new Float64Array(horizon);
  const pulls = new Float64Array(k);
  const pendingArms = new Int32Array(batchSize);
  const pendingRewards = new Uint8Array(batchSize);
  let sumFinal = 0;
  let sumFinalSquares = 0;
  for (let run = 0; run < nRuns; run++) {
    const rng = root.fork();
    policy.reset();
    let regret = 0;
    let pending = 0;
    for (let t = 0; t < horizon; t++) {
      const arm = policy.selectArm(rng);
      pendingArms[pending] = arm;
      pendingRewards[pending] = rng.uniform() < armMeans[arm] ? 1 : 0;
      if (++pending === batchSize) {
        for (let j = 0; j < pending; j++) policy.record(pendingArms[j], pendingRewards[j]);
        pending = 0;
      }
      pulls[arm]++;
      regret += gaps[arm];
      curve[t] += regret;
    }
    sumFinal += regret;
    sumFinalSquares += regret * regret;
  }
  for (let t = 0; t < horizon; t++) curve[t] /= nRuns;
  for (let i = 0; i < k; i++) pulls[i] /= nRuns;
  const finalRegret = sumFinal / nRuns;
  const variance = nRuns > 1 ? Math.max(0, (sumFinalSquares - nRuns * finalRegret * finalRegret) / (nRuns - 1)) : 0;
  const finalRegretSe = Math.sqrt(variance / nRuns);
  const print = (): string => [
    '',
    `\tBandit simulation: ${policyName}, ${k} Bernoulli arms, horizon ${horizon}, ${nRuns} runs`,
    '',
    `arm means: ${means.map((m) => formatNumber(m)).join(', ')}`,
    `final cumulative regret: ${formatNumber(finalRegret)} (se ${formatNumber(finalRegretSe)})`,
    `mean pulls per arm: ${Array.from(pulls, (p) => formatNumber(p)).join(', ')}`,
    '',
  ].join('\n');
  return { policy: policyName, cumulativeRegret: curve, finalRegret, finalRegretSe, pullsPerArm: pulls, print, toString: print };
}
