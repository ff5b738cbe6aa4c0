import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bayesianABSummary, betaBinomialPosterior, expectedLoss, gaussianPosterior, InsufficientDataError, InvalidArgumentError,
  liftCredibleInterval, probabilityBBeatsA, probabilityBest,
} from '../../../src/index.js';
import type { BetaPosterior, Posterior } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { binomialMonteCarloSe } from '../../support/monteCarlo.js';

// Reference values from scipy 1.10 (test/fixtures/bayesian/generate_bayesian.py → bayesian.json):
// scipy.integrate.quad of beta pdf × cdf, scipy.stats.beta.ppf, brentq on quad-based lift CDFs.
const fixtures = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bayesian/bayesian.json'), 'utf8'));

/** A Beta(α, β) posterior: prior Beta(α, β) with no data. */
const beta = ([alpha, b]: number[]): BetaPosterior => betaBinomialPosterior({ successes: 0, trials: 0, prior: { alpha, beta: b } });
const normal = ([mean, variance]: number[]): Posterior => gaussianPosterior({ n: 1, mean, variance });

describe('Beta-Binomial posterior', () => {
  it('is Beta(α + s, β + n − s)', () => {
    const post = betaBinomialPosterior({ successes: 12, trials: 100, prior: { alpha: 2, beta: 8 } });
    expect([post.alpha, post.beta]).to.deep.equal([14, 96]);
    expectClose(post.mean, 14 / 110, 1e-15);
    expectClose(post.variance, (14 * 96) / (110 * 110 * 111), 1e-15);
    expect(betaBinomialPosterior({ successes: 3, trials: 10 }).alpha).to.equal(4);
  });

  it('credible-interval quantiles match scipy beta.ppf', () => {
    for (const c of fixtures.betaQuantile) {
      expectClose(beta([c.alpha, c.beta]).quantile(c.p), c.value, 1e-10, 1e-300, `ppf(${c.p}; ${c.alpha}, ${c.beta})`);
    }
    const ci = beta([11, 91]).credibleInterval(0.95);
    const ppf = (p: number) => fixtures.betaQuantile.find((c: any) => c.alpha === 11 && c.p === p).value;
    expectClose(ci.lower, ppf(0.025), 1e-10);
    expectClose(ci.upper, ppf(0.975), 1e-10);
  });

  it('print() reports the parameters and the interval', () => {
    expect(beta([11, 91]).print()).to.contain('alpha = 11, beta = 91').and.contain('95% credible interval');
  });
});

describe('P(B > A) and expected loss, Beta model, vs scipy quad', () => {
  for (const c of fixtures.beta) {
    it(`A = Beta(${c.a}), B = Beta(${c.b})`, () => {
      const [A, B] = [beta(c.a), beta(c.b)];
      expectClose(probabilityBBeatsA(A, B), c.pBBeatsA, 1e-9, 1e-13, 'P(B > A)');
      const loss = expectedLoss(A, B);
      expectClose(loss.chooseB, c.lossChooseB, 1e-9, 1e-13, 'loss of choosing B');
      expectClose(loss.chooseA, c.lossChooseA, 1e-9, 1e-13, 'loss of choosing A');
      if (c.lossChooseBDblquad !== undefined) expectClose(loss.chooseB, c.lossChooseBDblquad, 1e-9, 0, 'dblquad');
    });
  }

  it('is symmetric: P(B > A) + P(A > B) = 1, and loss difference equals mean difference', () => {
    for (const c of fixtures.beta) {
      const [A, B] = [beta(c.a), beta(c.b)];
      expectClose(probabilityBBeatsA(A, B) + probabilityBBeatsA(B, A), 1, 1e-12);
      const loss = expectedLoss(A, B);
      expectClose(loss.chooseA - loss.chooseB, B.mean - A.mean, 1e-9, 1e-13);
    }
  });

  it('handles large counts (long closed-form sums) without underflow', () => {
    const A = betaBinomialPosterior({ successes: 50_000, trials: 1_000_000 });
    const B = betaBinomialPosterior({ successes: 50_600, trials: 1_000_000 });
    // Normal approximation is excellent at this size: Φ(Δ/√(vA + vB)).
    const p = probabilityBBeatsA(A, B);
    expect(p).to.be.within(0.97, 0.98);
    expectClose(probabilityBBeatsA(B, A), 1 - p, 1e-10);
  });
});

describe('Gaussian model', () => {
  it('posterior follows the conjugate normal update', () => {
    const flat = gaussianPosterior({ n: 100, mean: 5, variance: 4 });
    expect([flat.mean, flat.variance]).to.deep.equal([5, 0.04]);
    const shrunk = gaussianPosterior({ n: 100, mean: 5, variance: 4 }, { mean: 0, variance: 0.04 });
    expectClose(shrunk.mean, 2.5, 1e-15);
    expectClose(shrunk.variance, 0.02, 1e-15);
  });

  for (const c of fixtures.gaussian) {
    it(`A = N(${c.a}), B = N(${c.b}) matches scipy`, () => {
      const [A, B] = [normal(c.a), normal(c.b)];
      expectClose(probabilityBBeatsA(A, B), c.pBBeatsA, 1e-10, 1e-300);
      const loss = expectedLoss(A, B);
      expectClose(loss.chooseB, c.lossChooseB, 1e-9, 1e-14);
      expectClose(loss.chooseA, c.lossChooseA, 1e-9, 1e-14);
      const ci = B.credibleInterval();
      expectClose(ci.lower, c.ciB95[0], 1e-12);
      expectClose(ci.upper, c.ciB95[1], 1e-12);
    });
  }
});

describe('Monte Carlo summaries', () => {
  it('probabilityBest agrees with ∫ f_i ∏ F_j (scipy quad) within 4 standard errors', () => {
    const { params, pBest } = fixtures.probabilityBest;
    const nDraws = 40_000;
    const estimate = probabilityBest(params.map(beta), { nDraws, seed: 11 });
    expect(estimate.reduce((s, p) => s + p, 0)).to.be.closeTo(1, 1e-12);
    estimate.forEach((p, i) => expect(Math.abs(p - pBest[i])).to.be.at.most(4 * binomialMonteCarloSe(pBest[i], nDraws) + 1e-12));
  });

  it('lift credible interval agrees with the exact lift quantiles within 5 Monte Carlo standard errors', () => {
    const nDraws = 50_000;
    for (const c of fixtures.lift) {
      const lift = liftCredibleInterval(beta(c.a), beta(c.b), { level: c.level, nDraws, seed: 5 });
      const [lo, mid, hi] = c.quantiles;
      for (const [value, q] of [[lift.lower, lo], [lift.median, mid], [lift.upper, hi]] as const) {
        const se = binomialMonteCarloSe(q.p, nDraws) / q.density;
        expect(Math.abs(value - q.quantile), `quantile ${q.p}`).to.be.at.most(5 * se);
      }
      expect(lift.level).to.equal(c.level);
    }
  });

  it('is reproducible from the seed and changes with it', () => {
    const [A, B] = [beta([101, 901]), beta([131, 871])];
    const run = (seed: number) => liftCredibleInterval(A, B, { nDraws: 2000, seed });
    expect(run(3)).to.deep.equal(run(3));
    expect(run(3).lower).to.not.equal(run(4).lower);
    expect(probabilityBest([A, B], { nDraws: 500, seed: 9 })).to.deep.equal(probabilityBest([A, B], { nDraws: 500, seed: 9 }));
  });

  it('bayesianABSummary combines the exact and Monte Carlo parts and prints them', () => {
    const A = betaBinomialPosterior({ successes: 100, trials: 1000 });
    const B = betaBinomialPosterior({ successes: 130, trials: 1000 });
    const summary = bayesianABSummary(A, B, { nDraws: 2000, seed: 1 });
    expect(summary.probabilityBBeatsA).to.equal(probabilityBBeatsA(A, B));
    expect(summary.expectedLossB).to.equal(expectedLoss(A, B).chooseB);
    expect(summary.lift).to.deep.equal(liftCredibleInterval(A, B, { nDraws: 2000, seed: 1 }));
    expect(summary.print()).to.contain('P(B > A) = 0.98').and.contain('relative lift');
  });
});

describe('Bayesian input validation', () => {
  const post = betaBinomialPosterior({ successes: 1, trials: 2 });
  const gauss = gaussianPosterior({ n: 10, mean: 1, variance: 1 });
  const bad: [string, () => unknown, string][] = [
    ['negative successes', () => betaBinomialPosterior({ successes: -1, trials: 5 }), 'input.successes'],
    ['successes > trials', () => betaBinomialPosterior({ successes: 6, trials: 5 }), 'input.successes'],
    ['fractional trials', () => betaBinomialPosterior({ successes: 1, trials: 5.5 }), 'input.trials'],
    ['NaN trials', () => betaBinomialPosterior({ successes: 1, trials: NaN }), 'input.trials'],
    ['zero prior alpha', () => betaBinomialPosterior({ successes: 1, trials: 5, prior: { alpha: 0, beta: 1 } }), 'input.prior.alpha'],
    ['negative prior beta', () => betaBinomialPosterior({ successes: 1, trials: 5, prior: { alpha: 1, beta: -2 } }), 'input.prior.beta'],
    ['infinite prior', () => betaBinomialPosterior({ successes: 1, trials: 5, prior: { alpha: Infinity, beta: 1 } }), 'input.prior.alpha'],
    ['n = 0', () => gaussianPosterior({ n: 0, mean: 1, variance: 1 }), 'summary.n'],
    ['NaN mean', () => gaussianPosterior({ n: 5, mean: NaN, variance: 1 }), 'summary.mean'],
    ['zero variance', () => gaussianPosterior({ n: 5, mean: 1, variance: 0 }), 'summary.variance'],
    ['zero prior variance', () => gaussianPosterior({ n: 5, mean: 1, variance: 1 }, { mean: 0, variance: 0 }), 'prior.variance'],
    ['unknown prior', () => gaussianPosterior({ n: 5, mean: 1, variance: 1 }, 'jeffreys' as any), 'prior'],
    ['mixed kinds', () => probabilityBBeatsA(post, gauss), 'postB.kind'],
    ['mixed kinds (loss)', () => expectedLoss(gauss, post), 'postB.kind'],
    ['level 1', () => liftCredibleInterval(post, post, { level: 1 }), 'options.level'],
    ['nDraws 0', () => liftCredibleInterval(post, post, { nDraws: 0 }), 'options.nDraws'],
    ['bad seed', () => probabilityBest([post, post], { seed: -1 }), 'options.seed'],
    ['one arm', () => probabilityBest([post]), 'posteriors'],
    ['mixed arms', () => probabilityBest([post, post, gauss]), 'posteriors[2].kind'],
    ['credible level', () => post.credibleInterval(0), 'level'],
  ];
  for (const [label, call, argument] of bad) {
    it(`rejects ${label}`, () => {
      expect(call).to.throw(InvalidArgumentError).with.property('argument', argument);
    });
  }
  it('InsufficientDataError is not used for posteriors with no data (prior = posterior)', () => {
    expect(() => betaBinomialPosterior({ successes: 0, trials: 0 })).to.not.throw(InsufficientDataError);
  });
});
