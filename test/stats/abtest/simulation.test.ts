import { expect } from 'chai';
import { chiSquareSf, InvalidArgumentError, logGamma, Random, simulateAATests, srmTest, twoProportionZTest } from '../../../src/index.js';
import { BinomialSampler } from '../../../src/stats/abtest/binomialSampler.js';
import { expectWithinBinomialBand } from '../../support/close.js';

/** Pearson goodness-of-fit p-value of binomial draws against the exact pmf (tail cells merged). */
function binomialFitPValue(draws: number[], n: number, p: number): number {
  const logPmf = (k: number): number => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  const counts = new Map<number, number>();
  for (const d of draws) counts.set(d, (counts.get(d) ?? 0) + 1);
  // Cells with expected count ≥ 5, the rest pooled into one.
  let statistic = 0;
  let cells = 0;
  let restObserved = draws.length;
  let restExpected = draws.length;
  for (let k = 0; k <= n; k++) {
    const expected = draws.length * Math.exp(logPmf(k));
    if (expected < 5) continue;
    const observed = counts.get(k) ?? 0;
    statistic += (observed - expected) ** 2 / expected;
    restObserved -= observed;
    restExpected -= expected;
    cells++;
  }
  if (restExpected > 1e-9) {
    statistic += (restObserved - restExpected) ** 2 / restExpected;
    cells++;
  }
  return chiSquareSf(statistic, cells - 1);
}

describe('online simulations (seeded)', () => {
  it('BinomialSampler draws follow Binomial(n, p) in the inversion and BTPE regimes', () => {
    // Designs: inversion (np ≤ 30), BTPE (np > 30), p > 0.5 (reflected) and a huge n.
    const rng = new Random(2024);
    for (const [n, p] of [[20, 0.3], [1000, 0.1], [500, 0.8], [1_000_000, 0.4]] as const) {
      const sampler = new BinomialSampler(n, p);
      const draws = Array.from({ length: 20000 }, () => sampler.sample(rng));
      expect(Math.min(...draws)).to.be.at.least(0);
      expect(Math.max(...draws)).to.be.at.most(n);
      expect(binomialFitPValue(draws, n, p), `n=${n}, p=${p}`).to.be.above(1e-4);
    }
    expect(new BinomialSampler(10, 0).sample(rng)).to.equal(0);
    expect(new BinomialSampler(10, 1).sample(rng)).to.equal(10);
  });

  it('A/A: the pooled z test rejects at about alpha = 0.05', () => {
    // 2000 experiments × 2 arms of 400 Bernoulli(0.2) units through the public twoProportionZTest.
    const rng = new Random(99);
    const sampler = new BinomialSampler(400, 0.2);
    let rejections = 0;
    for (let i = 0; i < 2000; i++) {
      if (twoProportionZTest(sampler.sample(rng), 400, sampler.sample(rng), 400).pValue < 0.05) rejections++;
    }
    expectWithinBinomialBand(rejections, 2000, 0.05, 4, 'A/A z test');
  });

  it('simulateAATests agrees with the band and with the per-experiment z test', () => {
    const r = simulateAATests({ nExperiments: 20000, nPerArm: 1000, baseline: 0.1, seed: 5 });
    expectWithinBinomialBand(r.rejections, r.nExperiments, 0.05, 4, 'simulateAATests');
    expect(r.rejectionRate).to.equal(r.rejections / 20000);
    // Its vectorized rejection rule is exactly p < alpha of twoProportionZTest on the same counts.
    let direct = 0; // an arm pair with no conversions at all cannot reject (0/0), as in simulateAATests
    for (let i = 0; i < 2000; i++) {
      const a = r.successesA[i];
      const b = r.successesB[i];
      if (a + b > 0 && twoProportionZTest(a, 1000, b, 1000).pValue < 0.05) direct++;
    }
    // The same seed replays the same stream, so the first 2000 experiments coincide.
    expect(simulateAATests({ nExperiments: 2000, nPerArm: 1000, baseline: 0.1, seed: 5 }).rejections).to.equal(direct);
    expect(simulateAATests({ nExperiments: 10, nPerArm: 10, baseline: 0.5, seed: 5 })).to.deep.equal(simulateAATests({ nExperiments: 10, nPerArm: 10, baseline: 0.5, seed: 5 }));
    for (const [options, argument] of [
      [{ nExperiments: 0, nPerArm: 10, baseline: 0.1 }, 'options.nExperiments'],
      [{ nExperiments: 10, nPerArm: 1.5, baseline: 0.1 }, 'options.nPerArm'],
      [{ nExperiments: 10, nPerArm: 10, baseline: 1 }, 'options.baseline'],
      [{ nExperiments: 10, nPerArm: 10, baseline: 0.1, alpha: 0 }, 'options.alpha'],
      [{ nExperiments: 10, nPerArm: 10, baseline: 0.1, seed: -1 }, 'options.seed'],
    ] as const) {
      expect(() => simulateAATests(options), argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
  });

  it('SRM test rejects at about 0.05 under a correct 3-arm unequal split', () => {
    // Multinomial(10000; 0.2, 0.3, 0.5) drawn as sequential binomials.
    const rng = new Random(7);
    const weights = [0.2, 0.3, 0.5];
    const first = new BinomialSampler(10000, 0.2);
    let rejections = 0;
    for (let i = 0; i < 2000; i++) {
      const a = first.sample(rng);
      const b = new BinomialSampler(10000 - a, 0.3 / 0.8).sample(rng);
      if (srmTest([a, b, 10000 - a - b], weights).pValue < 0.05) rejections++;
    }
    expectWithinBinomialBand(rejections, 2000, 0.05, 4, 'SRM');
  });
});
