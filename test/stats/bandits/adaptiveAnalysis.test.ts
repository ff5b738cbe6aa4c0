import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InsufficientDataError, InvalidArgumentError, ipwEffectTest, stratifiedEffectTest, thompsonAllocation, type PeriodArmStatistics,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { binomialMonteCarloSe } from '../../support/monteCarlo.js';

// Reference values from unit-level rows with numpy and from scipy integration: test/fixtures/bandits/generate_adaptive.py → adaptive.json.
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bandits/adaptive.json'), 'utf8')) as {
  cells: PeriodArmStatistics[];
  horvitzThompson: { estimate: number; standardError: number };
  hajek: { estimate: number; standardError: number; controlMean: number; treatmentMean: number };
  stratifiedSize: { estimate: number; standardError: number };
  stratifiedInverseVariance: { estimate: number; standardError: number };
  allocations: { arms: { n: number; successes: number }[]; probabilityBest: number[]; topTwo: number[] }[];
};
const arms = { control: 'control', treatment: 'treatment' };
const sums = (arm: { n: number; successes: number }) => ({ n: arm.n, sum: arm.successes, sumSquares: arm.successes, successes: arm.successes });

describe('bandits: analysis under adaptive allocation', () => {
  it('Horvitz–Thompson and Hájek effects and standard errors match numpy on unit-level rows', () => {
    const ht = ipwEffectTest(fixture.cells, { ...arms, estimator: 'horvitzThompson' });
    expectClose(ht.estimate!, fixture.horvitzThompson.estimate, 1e-12);
    expectClose(ht.details.standardError, fixture.horvitzThompson.standardError, 1e-12);
    const hajek = ipwEffectTest(fixture.cells, arms);
    expectClose(hajek.estimate!, fixture.hajek.estimate, 1e-12);
    expectClose(hajek.details.standardError, fixture.hajek.standardError, 1e-12);
    expectClose(hajek.details.controlMean, fixture.hajek.controlMean, 1e-12);
    expectClose(hajek.details.treatmentMean, fixture.hajek.treatmentMean, 1e-12);
    expectClose(hajek.ci!.lower, fixture.hajek.estimate - 1.959963984540054 * fixture.hajek.standardError, 1e-12);
    expect(hajek.print()).to.contain('Inverse-propensity-weighted (Hájek) effect under adaptive allocation');
    expect(hajek.print()).to.contain('data:  220 units in 4 allocation periods');
  });

  it('period-stratified effects (size and inverse-variance weights) match numpy', () => {
    const size = stratifiedEffectTest(fixture.cells, arms);
    expectClose(size.estimate!, fixture.stratifiedSize.estimate, 1e-12);
    expectClose(size.details.standardError, fixture.stratifiedSize.standardError, 1e-12);
    const inverse = stratifiedEffectTest(fixture.cells, { ...arms, weighting: 'inverseVariance' });
    expectClose(inverse.estimate!, fixture.stratifiedInverseVariance.estimate, 1e-12);
    expectClose(inverse.details.standardError, fixture.stratifiedInverseVariance.standardError, 1e-12);
    expect(size.details).to.include({ periods: 4, periodsSkipped: 0, units: 220 });
  });

  it('skips a period where an arm has fewer than two units, and says so', () => {
    const cells = [...fixture.cells, { period: 9, arm: 'control', probability: 0.05, n: 1, sum: 1, sumSquares: 1 }, { period: 9, arm: 'treatment', probability: 0.95, n: 30, sum: 30, sumSquares: 40 }];
    const result = stratifiedEffectTest(cells, arms);
    expect(result.details).to.include({ periods: 4, periodsSkipped: 1, units: 220 });
    expectClose(result.estimate!, fixture.stratifiedSize.estimate, 1e-12);
  });

  it('P(best) is exact for two Beta arms and seeded Monte Carlo within 4 SE for more; top-two weights follow Russo (2016)', () => {
    for (const { arms: counts, probabilityBest, topTwo } of fixture.allocations) {
      const k = counts.length;
      const thompson = thompsonAllocation(counts.map(sums), { nDraws: 200_000, seed: 7 });
      const twoTop = thompsonAllocation(counts.map(sums), { nDraws: 200_000, seed: 7, policy: 'topTwoThompson' });
      thompson.probabilityBest.forEach((p, i) => {
        const tolerance = k === 2 ? 1e-10 : 4 * binomialMonteCarloSe(probabilityBest[i], 200_000);
        expect(Math.abs(p - probabilityBest[i]), `arm ${i} of ${k}`).to.be.at.most(tolerance);
      });
      expect(thompson.weights).to.deep.equal(thompson.probabilityBest);
      expect(thompson.exact).to.equal(k === 2);
      // Russo's formula applied to ablab's own P(best) gives ablab's top-two weights (the formula, not the Monte Carlo, is under test).
      const russo = thompson.probabilityBest.map((a, i) => 0.5 * a + 0.5 * thompson.probabilityBest.reduce((s, b, j) => (j === i ? s : s + (b * a) / (1 - b)), 0));
      twoTop.weights.forEach((w, i) => expectClose(w, russo[i], 1e-12));
      twoTop.weights.forEach((w, i) => expect(Math.abs(w - topTwo[i])).to.be.below(k === 2 ? 1e-12 : 0.01));
    }
  });

  it('the floor keeps every arm at or above it and is reproducible: same sums and seed, same weights', () => {
    const counts = fixture.allocations[3].arms.map(sums);
    const floored = thompsonAllocation(counts, { floor: 0.1, nDraws: 10_000, seed: 3 });
    expect(Math.min(...floored.weights)).to.be.at.least(0.1);
    expectClose(floored.weights.reduce((s, w) => s + w, 0), 1, 1e-12);
    expect(thompsonAllocation(counts, { floor: 0.1, nDraws: 10_000, seed: 3 }).weights).to.deep.equal(floored.weights);
    // A hopeless arm (0/1000 against 500/1000) keeps exactly the floor.
    expect(thompsonAllocation([sums({ n: 1000, successes: 0 }), sums({ n: 1000, successes: 500 })], { floor: 0.05 }).weights[0]).to.equal(0.05);
    // Top-two with a certain leader: the challenger gets 1 − β (before the floor).
    expect(thompsonAllocation([sums({ n: 1000, successes: 0 }), sums({ n: 1000, successes: 500 })], { policy: 'topTwoThompson' }).weights).to.deep.equal([0.5, 0.5]);
  });

  it('Gaussian rewards use Normal posteriors; equal weights until every arm has two varying values', () => {
    expect(thompsonAllocation([{ n: 1, sum: 2, sumSquares: 4, successes: 1 }, { n: 5, sum: 5, sumSquares: 7, successes: 5 }], { reward: 'gaussian' }).weights).to.deep.equal([0.5, 0.5]);
    const gaussian = thompsonAllocation([{ n: 50, sum: 50, sumSquares: 100, successes: 50 }, { n: 50, sum: 60, sumSquares: 122, successes: 50 }], { reward: 'gaussian' });
    // Means 1 and 1.2, sample variances 50/49: Normal(1, 1/49) vs Normal(1.2, 1/49), P(B > A) = Φ(0.2 / √(2/49)) (scipy.stats.norm.cdf).
    expectClose(gaussian.probabilityBest[1], 0.8389005969187093, 1e-12);
  });

  it('refuses bad input, naming the argument', () => {
    const counts = fixture.allocations[0].arms.map(sums);
    expect(() => thompsonAllocation(counts, { floor: 0.6 })).to.throw(InvalidArgumentError, 'options.floor = 0.6: expected at most 1/2');
    expect(() => thompsonAllocation([counts[0]])).to.throw(InvalidArgumentError, 'arms');
    expect(() => thompsonAllocation(counts, { prior: 1 as never })).to.throw(InvalidArgumentError, 'options.prior = 1: expected a Beta prior');
    expect(() => thompsonAllocation(counts, { prior: { alpha: 2 } as never })).to.throw(InvalidArgumentError, 'options.prior.beta = undefined');
    expect(() => thompsonAllocation([counts[0], { ...counts[1], successes: 101 }])).to.throw(InvalidArgumentError, 'successes');
    const bad = fixture.cells.map((c, i) => (i === 2 ? { ...c, probability: 0 } : c));
    expect(() => ipwEffectTest(bad, arms)).to.throw(InvalidArgumentError, 'cells[2].probability = 0: expected a probability in (0, 1]');
    expect(() => ipwEffectTest(fixture.cells, { control: 'control', treatment: 'b' })).to.throw(InvalidArgumentError, 'options.treatment');
    expect(() => stratifiedEffectTest(fixture.cells.slice(0, 1).concat({ ...fixture.cells[1], n: 1 }), arms)).to.throw(InsufficientDataError, 'no period has two units');
    expect(() => ipwEffectTest(fixture.cells.map((c) => (c.arm === 'treatment' ? { ...c, n: 0, sum: 0, sumSquares: 0 } : c)), arms))
      .to.throw(InsufficientDataError, 'the arm has no units');
  });
});
