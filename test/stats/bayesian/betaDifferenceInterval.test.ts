import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { betaBinomialPosterior, betaDifferenceInterval, expectedLossAcrossArms, gaussianPosterior } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from '../abtest/support.js';

/** confidence's Monte Carlo values and scipy's exact quantiles: test/fixtures/peers/generate_peers.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const peers: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/peers/peers.json'), 'utf8'));
const c = peers.betaDifference;

describe('betaDifferenceInterval', () => {
  const a = betaBinomialPosterior({ ...c.a, prior: c.prior });
  const b = betaBinomialPosterior({ ...c.b, prior: c.prior });
  for (const level of ['0.95', '0.99', '0.999']) {
    it(`matches scipy's exact quantiles and confidence's Monte Carlo interval at ${level}`, () => {
      const ci = betaDifferenceInterval(a, b, { level: Number(level) });
      expectClose(ci.lower, c.exact[level][0], 0, 1e-8, 'lower');
      expectClose(ci.upper, c.exact[level][1], 0, 1e-8, 'upper');
      // confidence draws from the posteriors: its bounds differ from the exact ones by Monte Carlo error.
      expectClose(ci.lower, c.monteCarlo[level][0], 0, 5e-4, 'lower (Monte Carlo)');
      expectClose(ci.upper, c.monteCarlo[level][1], 0, 5e-4, 'upper (Monte Carlo)');
    });
  }

  it('has the posterior mean difference and rejects non-Beta posteriors', () => {
    const ci = betaDifferenceInterval(a, b);
    expectClose(ci.mean, b.mean - a.mean, 1e-15);
    expectClose(ci.mean, c.monteCarloMean, 0, 1e-4);
    expect(ci.level).to.equal(0.95);
    expectArgumentError(() => betaDifferenceInterval(a, gaussianPosterior({ n: 10, mean: 0.5, variance: 0.25 }) as never), 'postB.kind');
    expectArgumentError(() => betaDifferenceInterval(a, b, { level: 0 }), 'options.level');
  });
});

describe('expectedLossAcrossArms', () => {
  const k = peers.armLoss;
  const arms = k.arms.map((arm: { successes: number; trials: number }) => betaBinomialPosterior({ ...arm, prior: k.prior }));
  it('matches scipy\'s exact integrals and confidence\'s Monte Carlo joint comparison of 6 arms', () => {
    const r = expectedLossAcrossArms(arms, k.index);
    for (const key of ['probabilityBest', 'expectedDifference', 'expectedLoss', 'conditionalLoss'] as const) {
      expectClose(r[key], k.exact[key], 1e-8, 1e-10, key);
    }
    // confidence's values are means over posterior draws (Monte Carlo error ≈ 1e-3 here).
    expectClose(r.probabilityBest, k.monteCarlo.probabilityBest, 0, 2e-3);
    expectClose(r.expectedDifference, k.monteCarlo.expectedDifference, 0, 2e-4);
    expectClose(r.conditionalLoss, k.monteCarlo.conditionalLoss, 0, 1e-4);
  });
  it('rejects bad arms and indices', () => {
    expectArgumentError(() => expectedLossAcrossArms(arms.slice(0, 1), 0), 'posteriors');
    expectArgumentError(() => expectedLossAcrossArms(arms, 6), 'index');
    expectArgumentError(() => expectedLossAcrossArms([arms[0], gaussianPosterior({ n: 10, mean: 0.5, variance: 0.25 }) as never], 0), 'posteriors[1].kind');
  });
});
