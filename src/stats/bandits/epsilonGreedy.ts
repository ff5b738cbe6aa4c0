import type { Random } from '../../core/random.js';
import { assertProbability } from '../../core/validate.js';
import { CountingPolicy, type BanditPolicy } from './policy.js';

export interface EpsilonGreedyOptions {
  nArms: number;
  /** Exploration probability (default 0.1). */
  epsilon?: number;
}

class EpsilonGreedy extends CountingPolicy implements BanditPolicy {
  readonly name = 'epsilonGreedy';
  readonly epsilon: number;

  constructor(nArms: number, epsilon: number) {
    super(nArms);
    assertProbability('options.epsilon', epsilon);
    this.epsilon = epsilon;
  }

  /** Arm with the best mean reward; arms never pulled count as best so each is tried. */
  private greedyArm(): number {
    let best = 0;
    let bestMean = -Infinity;
    for (let i = 0; i < this.nArms; i++) {
      const mean = this.pulls[i] === 0 ? Infinity : this.rewardSums[i] / this.pulls[i];
      if (mean > bestMean) {
        bestMean = mean;
        best = i;
      }
    }
    return best;
  }

  selectArm(rng: Random): number {
    return rng.uniform() < this.epsilon ? rng.int(this.nArms) : this.greedyArm();
  }

  /** ε/k on every arm plus 1 − ε on the greedy arm. */
  weights(): number[] {
    const greedy = this.greedyArm();
    return this.spread((i) => i === greedy, 1 - this.epsilon, this.epsilon / this.nArms);
  }
}

/**
 * ε-greedy policy (Sutton & Barto 2018, Reinforcement Learning, §2.2): with probability ε pull an
 * arm uniformly at random, otherwise the arm with the highest mean reward so far (untried arms
 * first, ties to the lowest index). Constant ε gives linear regret ε·(mean gap) per step.
 *
 * @throws {InvalidArgumentError} when nArms is not an integer ≥ 2 or epsilon is not in [0, 1];
 *   update() throws for an arm index out of range or a reward outside [0, 1].
 * @example
 * const policy = epsilonGreedy({ nArms: 3, epsilon: 0.3 });
 * policy.update(0, 0); policy.update(1, 0); policy.update(2, 1);
 * policy.weights(); // [0.09999999999999999, 0.09999999999999999, 0.7999999999999999]
 */
export function epsilonGreedy(options: EpsilonGreedyOptions): BanditPolicy & { readonly epsilon: number } {
  return new EpsilonGreedy(options?.nArms, options?.epsilon ?? 0.1);
}
