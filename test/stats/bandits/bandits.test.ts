import { expect } from 'chai';
import {
  AblabError, InsufficientDataError, epsilonGreedy, InvalidArgumentError, probabilityBest, Random, simulateBandit, thompsonSampling, ucb1, betaBinomialPosterior,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

describe('bandit policies', () => {
  it('UCB1 index matches Auer et al. (2002) x̄_j + √(2 ln n / n_j) on a hand case', () => {
    const policy = ucb1({ nArms: 3 });
    // arm 0: rewards 1, 0, 1 (n=3, mean 2/3); arm 1: 0, 1 (n=2, mean 1/2); arm 2: 1 (n=1); total n = 6
    for (const [arm, reward] of [[0, 1], [1, 0], [2, 1], [0, 0], [1, 1], [0, 1]]) policy.update(arm, reward);
    const log6 = Math.log(6);
    const expected = [2 / 3 + Math.sqrt((2 * log6) / 3), 0.5 + Math.sqrt(log6), 1 + Math.sqrt(2 * log6)];
    policy.indices().forEach((v, i) => expectClose(v, expected[i], 1e-15));
    expect(policy.selectArm(new Random(1))).to.equal(2);
    expect(policy.weights()).to.deep.equal([0, 0, 1]);
  });

  it('UCB1 pulls every arm once first, and splits weights on ties', () => {
    const policy = ucb1({ nArms: 3 });
    const rng = new Random(1);
    const first: number[] = [];
    for (let i = 0; i < 3; i++) {
      const arm = policy.selectArm(rng);
      first.push(arm);
      policy.update(arm, 0);
    }
    expect(first).to.deep.equal([0, 1, 2]);
    expect(policy.weights()).to.deep.equal([1 / 3, 1 / 3, 1 / 3]);
  });

  it('epsilon-greedy weights are ε/k plus 1 − ε on the greedy arm', () => {
    const policy = epsilonGreedy({ nArms: 4, epsilon: 0.2 });
    for (let arm = 0; arm < 4; arm++) policy.update(arm, arm === 2 ? 1 : 0);
    policy.weights().forEach((w, i) => expectClose(w, 0.05 + (i === 2 ? 0.8 : 0), 1e-15));
    // Selection frequencies follow the weights.
    const rng = new Random(4);
    let greedy = 0;
    for (let i = 0; i < 20000; i++) if (policy.selectArm(rng) === 2) greedy++;
    expect(Math.abs(greedy / 20000 - 0.85)).to.be.below(4 * Math.sqrt(0.85 * 0.15 / 20000));
  });

  it('Thompson weights estimate P(best) of the Beta posteriors', () => {
    const policy = thompsonSampling({ nArms: 3, weightDraws: 40000, weightSeed: 3 });
    const data = [[3, 40], [6, 40], [9, 40]];
    data.forEach(([s, n], arm) => { for (let i = 0; i < n; i++) policy.update(arm, i < s ? 1 : 0); });
    const weights = policy.weights();
    expect(weights.reduce((a, b) => a + b)).to.be.closeTo(1, 1e-12);
    // Independent estimate from the Bayesian module (rng.beta draws) with 200k draws.
    const reference = probabilityBest(data.map(([s, n]) => betaBinomialPosterior({ successes: s, trials: n })), { nDraws: 200000, seed: 8 });
    weights.forEach((w, i) => expect(Math.abs(w - reference[i])).to.be.below(4 * Math.sqrt(reference[i] * (1 - reference[i]) * (1 / 40000 + 1 / 200000)) + 1e-3));
    expect(policy.weights()).to.deep.equal(weights); // seeded: repeatable
  });

  it('Gaussian Thompson sampling concentrates on the arm with the larger mean', () => {
    const policy = thompsonSampling({ nArms: 2, reward: 'gaussian', noiseVariance: 1, gaussianPrior: { mean: 0, variance: 100 } });
    const rng = new Random(12);
    for (let t = 0; t < 400; t++) {
      const arm = policy.selectArm(rng);
      policy.update(arm, (arm === 1 ? 1 : 0) + rng.normal());
    }
    expect(policy.pulls[1]).to.be.above(policy.pulls[0] * 3);
    expect(policy.weights()[1]).to.be.above(0.95);
  });

  it('reset() forgets all observations', () => {
    for (const policy of [thompsonSampling({ nArms: 2 }), ucb1({ nArms: 2 }), epsilonGreedy({ nArms: 2 })]) {
      policy.update(1, 1);
      policy.reset();
      expect(Array.from(policy.pulls)).to.deep.equal([0, 0]);
      expect(Array.from(policy.rewardSums)).to.deep.equal([0, 0]);
    }
  });
});

describe('simulateBandit', () => {
  const armMeans = [0.3, 0.5, 0.4];
  const run = (policy: 'thompson' | 'ucb1' | 'epsilonGreedy' | 'fixedSplit', horizon = 2000, nRuns = 20, extra = {}) =>
    simulateBandit({ policy, armMeans, horizon, nRuns, seed: 42, ...extra });

  it('is deterministic given the seed', () => {
    for (const policy of ['thompson', 'ucb1', 'epsilonGreedy'] as const) {
      const [a, b] = [run(policy, 300, 5), run(policy, 300, 5)];
      expect(Array.from(a.cumulativeRegret)).to.deep.equal(Array.from(b.cumulativeRegret));
      expect(Array.from(a.pullsPerArm)).to.deep.equal(Array.from(b.pullsPerArm));
    }
    expect(run('thompson', 300, 5).finalRegret).to.not.equal(simulateBandit({ policy: 'thompson', armMeans, horizon: 300, nRuns: 5, seed: 43 }).finalRegret);
  });

  it('fixed split has linear regret equal to the mean gap per step', () => {
    const sim = run('fixedSplit', 3000, 2);
    expectClose(sim.finalRegret, 3000 * (0.2 + 0 + 0.1) / 3, 1e-12);
    expect(Array.from(sim.pullsPerArm)).to.deep.equal([1000, 1000, 1000]);
  });

  it('Thompson and UCB1 regret grows sublinearly and stays below the fixed split', () => {
    const fixed = run('fixedSplit').finalRegret;
    for (const policy of ['thompson', 'ucb1'] as const) {
      const sim = run(policy);
      const curve = sim.cumulativeRegret;
      expect(curve.length).to.equal(2000);
      expect(sim.finalRegret, policy).to.be.below(fixed / 2);
      // Sublinear: the second half adds much less regret than the first half.
      const firstHalf = curve[999];
      const secondHalf = curve[1999] - curve[999];
      expect(secondHalf, policy).to.be.below(0.75 * firstHalf);
      // The best arm gets most of the traffic.
      expect(sim.pullsPerArm[1], policy).to.be.above(1000);
    }
  });

  it('epsilon-greedy regret is roughly linear at rate ε·(mean gap) once the best arm is found', () => {
    const sim = run('epsilonGreedy', 2000, 40, { epsilon: 0.2 });
    const slope = (sim.cumulativeRegret[1999] - sim.cumulativeRegret[999]) / 1000;
    expect(slope).to.be.above(0.2 * 0.1 * 0.5).and.below(0.06);
  });

  it('batched feedback costs regret but still learns', () => {
    const immediate = run('thompson');
    const batched = run('thompson', 2000, 20, { batchSize: 200 });
    expect(batched.finalRegret).to.be.above(immediate.finalRegret);
    expect(batched.finalRegret).to.be.below(run('fixedSplit').finalRegret);
    expect(batched.print()).to.contain('final cumulative regret');
  });

  it('rejects bad input with typed errors', () => {
    const bad: [() => unknown, string][] = [
      [() => simulateBandit({ policy: 'softmax' as any, armMeans, horizon: 10 }), 'options.policy'],
      [() => simulateBandit({ policy: 'ucb1', armMeans: [0.5], horizon: 10 }), 'options.armMeans'],
      [() => simulateBandit({ policy: 'ucb1', armMeans: [0.5, 1.2], horizon: 10 }), 'options.armMeans[1]'],
      [() => simulateBandit({ policy: 'ucb1', armMeans: [0.5, NaN], horizon: 10 }), 'options.armMeans[1]'],
      [() => simulateBandit({ policy: 'ucb1', armMeans, horizon: 0 }), 'options.horizon'],
      [() => simulateBandit({ policy: 'ucb1', armMeans, horizon: 10, nRuns: 1.5 }), 'options.nRuns'],
      [() => simulateBandit({ policy: 'ucb1', armMeans, horizon: 10, batchSize: 0 }), 'options.batchSize'],
      [() => simulateBandit({ policy: 'epsilonGreedy', armMeans, horizon: 10, epsilon: 2 }), 'options.epsilon'],
      [() => simulateBandit({ policy: 'ucb1', armMeans, horizon: 10, seed: -3 }), 'options.seed'],
      [() => ucb1({ nArms: 1 }), 'options.nArms'],
      [() => epsilonGreedy({ nArms: 2, epsilon: -0.1 }), 'options.epsilon'],
      [() => thompsonSampling({ nArms: 2, prior: { alpha: 0, beta: 1 } }), 'options.prior.alpha'],
      [() => thompsonSampling({ nArms: 2, prior: 1 as any }), 'options.prior'],
      [() => thompsonSampling({ nArms: 2, reward: 'poisson' as any }), 'options.reward'],
      [() => thompsonSampling({ nArms: 2, noiseVariance: 0 }), 'options.noiseVariance'],
      [() => thompsonSampling({ nArms: 2 }).update(2, 1), 'arm'],
      [() => thompsonSampling({ nArms: 2 }).update(0, 0.5), 'reward'],
      [() => thompsonSampling({ nArms: 2, reward: 'gaussian' }).update(0, NaN), 'reward'],
      [() => ucb1({ nArms: 2 }).update(0, 1.5), 'reward'],
      [() => epsilonGreedy({ nArms: 2 }).update(-1, 0), 'arm'],
    ];
    for (const [call, argument] of bad) expect(call).to.throw(AblabError).with.property('argument', argument);
    expect(bad[1][0]).to.throw(InsufficientDataError);
    for (const [call] of [...bad.slice(0, 1), ...bad.slice(2)]) expect(call).to.throw(InvalidArgumentError);
  });
});
