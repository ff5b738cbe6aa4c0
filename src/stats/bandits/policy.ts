/** The interface every bandit policy implements, so simulators and traffic splitters can swap them. */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, assertWorkSize } from '../../core/validate.js';
import type { Random } from '../../core/random.js';

export interface BanditPolicy {
  /** Policy name, e.g. 'thompson'. */
  readonly name: string;
  readonly nArms: number;
  /** Pulls per arm so far. */
  readonly pulls: Float64Array;
  /** Sum of rewards per arm so far. */
  readonly rewardSums: Float64Array;
  /** Chooses the arm for the next unit of traffic, drawing any randomness from `rng`. */
  selectArm(rng: Random): number;
  /** Records the reward observed after pulling `arm`. */
  update(arm: number, reward: number): void;
  /** Allocation probabilities per arm (summing to 1) that a traffic splitter can use. */
  weights(): number[];
  /** Forgets all observations. */
  reset(): void;
}

/** Base class holding the per-arm counts and validating updates. */
export abstract class CountingPolicy {
  readonly nArms: number;
  readonly pulls: Float64Array;
  readonly rewardSums: Float64Array;

  constructor(nArms: number) {
    assertWorkSize('options.nArms', nArms, 2, 100_000);
    this.nArms = nArms;
    this.pulls = new Float64Array(nArms);
    this.rewardSums = new Float64Array(nArms);
  }

  /** Validates and records a reward; subclasses with extra state override {@link record}. */
  update(arm: number, reward: number): void {
    if (!Number.isInteger(arm) || arm < 0 || arm >= this.nArms) {
      throw new InvalidArgumentError('arm', arm, `expected an integer arm index in [0, ${this.nArms - 1}]`);
    }
    this.checkReward(reward);
    this.record(arm, reward);
  }

  /** Unchecked update used by the simulator's hot loop. */
  record(arm: number, reward: number): void {
    this.pulls[arm]++;
    this.rewardSums[arm] += reward;
  }

  reset(): void {
    this.pulls.fill(0);
    this.rewardSums.fill(0);
  }

  protected checkReward(reward: number): void {
    if (typeof reward !== 'number' || !(reward >= 0 && reward <= 1)) {
      throw new InvalidArgumentError('reward', reward, 'expected a reward in [0, 1]');
    }
  }

  /** Index of the largest entry, ties to the lowest index. */
  protected static argmax(values: ArrayLike<number>): number {
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return best;
  }

  /** Uniform weights over the arms where `isChosen` holds. */
  protected spread(isChosen: (arm: number) => boolean, mass = 1, base = 0): number[] {
    const chosen = Array.from({ length: this.nArms }, (_, i) => isChosen(i));
    const count = chosen.filter(Boolean).length;
    return chosen.map((c) => base + (c ? mass / count : 0));
  }
}
