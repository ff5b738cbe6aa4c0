import { CountingPolicy, type BanditPolicy } from './policy.js';

export interface Ucb1Options {
  nArms: number;
}

/** UCB1 index of an arm: empirical mean + √(2·ln t / n), t total pulls, n the arm's pulls. */
function ucbIndex(sum: number, pulls: number, logTotal: number): number {
  return sum / pulls + Math.sqrt((2 * logTotal) / pulls);
}

class Ucb1 extends CountingPolicy implements BanditPolicy {
  readonly name = 'ucb1';
  private totalPulls = 0;

  override record(arm: number, reward: number): void {
    super.record(arm, reward);
    this.totalPulls++;
  }

  override reset(): void {
    super.reset();
    this.totalPulls = 0;
  }

  /** Current UCB1 index per arm (Infinity for arms not yet pulled). */
  indices(): number[] {
    const logTotal = Math.log(this.totalPulls);
    return Array.from(this.pulls, (n, i) => (n === 0 ? Infinity : ucbIndex(this.rewardSums[i], n, logTotal)));
  }

  selectArm(): number {
    const logTotal = Math.log(this.totalPulls);
    let best = 0;
    let bestIndex = -Infinity;
    for (let i = 0; i < this.nArms; i++) {
      if (this.pulls[i] === 0) return i;
      const index = ucbIndex(this.rewardSums[i], this.pulls[i], logTotal);
      if (index > bestIndex) {
        bestIndex = index;
        best = i;
      }
    }
    return best;
  }

  /** Deterministic: all weight on the arm(s) with the highest index. */
  weights(): number[] {
    const indices = this.indices();
    const top = Math.max(...indices);
    return this.spread((i) => indices[i] === top);
  }
}

/**
 * UCB1 policy (Auer, Cesa-Bianchi & Fischer 2002, "Finite-time analysis of the multiarmed bandit
 * problem", Fig. 1): pull each arm once, then the arm maximizing x̄_j + √(2·ln n / n_j), where x̄_j
 * is the arm's mean reward, n_j its pulls and n the total pulls. Rewards must lie in [0, 1].
 * Expected regret is O(log n). `weights()` puts all traffic on the current argmax (split on ties).
 *
 * @throws {InvalidArgumentError} when nArms is not an integer ≥ 2; update() throws for an arm index
 *   out of range or a reward outside [0, 1].
 * @example
 * const policy = ucb1({ nArms: 2 });
 * policy.update(0, 1); policy.update(1, 0); policy.update(0, 0);
 * policy.indices(); // [1.5481470739682048, 1.482303807367511]
 */
export function ucb1(options: Ucb1Options): BanditPolicy & { indices(): number[] } {
  return new Ucb1(options?.nArms);
}
