import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, MeanStats, msprt, priorInformedTest, simulatePeeking, type TwoArmLook } from '../../../src/index.js';
import { Random } from '../../../src/core/random.js';
import { expectClose } from '../../support/close.js';
import { binomialMonteCarloSe } from '../../support/monteCarlo.js';

/** scipy quad/brentq references: test/fixtures/offlinePrior/generate_offline_prior.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/offlinePrior/offlinePrior.json'), 'utf8'));

/** One look whose difference of means is `estimate` with standard error `se` (equal arms, n = 100). */
function lookFor(estimate: number, se: number): TwoArmLook {
  const variance = (se * se * 100) / 2;
  return { a: { n: 100, mean: 0, variance }, b: { n: 100, mean: estimate, variance } };
}

describe('msprt with a mixing distribution centred on a prior (mixingMean)', () => {
  for (const c of fx.mixture) {
    it(`matches scipy's integrated likelihood ratio and interval roots (estimate ${c.estimate}, mu ${c.mixingMean})`, () => {
      const r = msprt({ looks: [lookFor(c.estimate, c.standardError)], mixingMean: c.mixingMean, mixingVariance: c.mixingVariance, alpha: c.alpha, nullValue: c.nullValue });
      expectClose(r.likelihoodRatios[0], c.likelihoodRatio, 1e-9, 0, 'Lambda');
      expectClose(r.ci!.lower, c.lower, 1e-9, 1e-12, 'lower');
      expectClose(r.ci!.upper, c.upper, 1e-9, 1e-12, 'upper');
      expectClose(r.pValue, Math.min(1, 1 / c.likelihoodRatio), 1e-9, 0, 'p');
    });
  }

  for (const c of fx.twoComponent) {
    it(`a two-component fixed mixture matches scipy (estimate ${c.estimate})`, () => {
      const r = msprt({ looks: [lookFor(c.estimate, c.standardError)], mixture: c.mixture, alpha: c.alpha });
      expectClose(r.likelihoodRatios[0], c.likelihoodRatio, 1e-9, 0, 'Lambda');
      expectClose(r.ci!.lower, c.lower, 1e-9, 1e-12, 'lower');
      expectClose(r.ci!.upper, c.upper, 1e-9, 1e-12, 'upper');
      // the same mixture through priorInformedTest's priorWeight
      const p = priorInformedTest({ looks: [lookFor(c.estimate, c.standardError)], prior: { mean: 0.1, variance: 0.0025 }, priorWeight: 0.7 });
      expectClose(p.likelihoodRatios[0], c.likelihoodRatio, 1e-9, 0, 'Lambda via priorWeight');
    });
  }

  it('rejects a bad mixture naming the component', () => {
    const looks = [lookFor(0.1, 0.1)];
    for (const [mixture, arg] of [[[], 'options.mixture'], [[{ weight: 0.5, mean: 0, variance: 1 }], 'options.mixture'],
      [[{ weight: 1, mean: 0, variance: -1 }], 'options.mixture[0].variance'], [[{ weight: 1, mean: NaN, variance: 1 }], 'options.mixture[0].mean']] as const) {
      let error: unknown;
      try { msprt({ looks, mixture: mixture as never }); } catch (e) { error = e; }
      expect(error, arg).to.be.instanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).to.equal(arg);
    }
  });

  it('centred at the null it has the classic p-values (interval differs: fixed vs re-centred mixture)', () => {
    const looks = [lookFor(0.3, 0.14), lookFor(0.1, 0.1)];
    const classic = msprt({ looks, mixingVariance: 1 });
    const centred = msprt({ looks, mixingVariance: 1, mixingMean: 0 });
    centred.pValues.forEach((p, k) => expectClose(p, classic.pValues[k], 1e-12, 0, `p${k}`));
  });
});

describe('priorInformedTest', () => {
  const alpha = 0.05;
  const band = (rate: number, n: number) => alpha + 3 * binomialMonteCarloSe(alpha, n);

  it('reproduces its JSDoc example and reports the posterior under the same prior', () => {
    const r = priorInformedTest({ prior: { mean: 0.2, variance: 0.01 }, looks: [
      { a: { n: 100, mean: 0, variance: 1 }, b: { n: 100, mean: 0.15, variance: 1 } },
      { a: { n: 200, mean: 0, variance: 1 }, b: { n: 200, mean: 0.3, variance: 1 } },
    ] });
    expect([r.stoppedAt, r.decision, r.pValue.toFixed(4)]).to.deep.equal([2, 'treatment', '0.0202']);
    // Normal–Normal posterior at the last look: precision 1/0.01 + 1/0.01.
    expectClose(r.posterior.mean, 0.25, 1e-12, 0, 'posterior mean');
    expectClose(r.posterior.sd, Math.sqrt(0.005), 1e-12, 0, 'posterior sd');
  });

  it('rejects a bad prior naming it', () => {
    const looks = [lookFor(0.1, 0.1)];
    for (const [prior, arg, priorWeight] of [[undefined, 'options.prior', 1], [{ mean: NaN, variance: 1 }, 'options.prior.mean', 1],
      [{ mean: 0, variance: 0 }, 'options.prior.variance', 1], [{ mean: 0, variance: 1 }, 'options.priorWeight', 0], [{ mean: 0, variance: 1 }, 'options.priorWeight', 1.5]] as const) {
      let error: unknown;
      try { priorInformedTest({ looks, prior: prior as never, priorWeight }); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).to.equal(arg);
    }
  });

  // Normal observations (sd 1), 40 looks up to 4,000 per arm; the prior N(0.1, 0.05²) stands for the offline evidence.
  const design = { method: 'msprt' as const, nExperiments: 4000, nPerArm: 4000, peeks: 40, alpha };
  const prior = { mean: 0.1, variance: 0.0025 };
  it('decides sooner than the classic mSPRT when the offline evidence is right (true effect 0.1)', () => {
    const informed = simulatePeeking({ ...design, effect: 0.1, mixingMean: prior.mean, mixingVariance: prior.variance, seed: 11 });
    // Classic mSPRT with the same scale knowledge but no direction: τ² = μ² + σ₀².
    const classic = simulatePeeking({ ...design, effect: 0.1, mixingVariance: prior.mean ** 2 + prior.variance, seed: 11 });
    // Measured: 1,452 vs 1,830 per arm (seed 3); the stopping time's sd is ≈ 1,000, so the MC SE of each mean is ≈ 16.
    expect(informed.meanSampleSize).to.be.lessThan(0.9 * classic.meanSampleSize);
    expect(informed.falsePositiveRate).to.be.at.least(classic.falsePositiveRate);
  });

  it('keeps the false-positive rate ≤ alpha when the offline evidence is wrong (prior on 0.1, truth 0)', () => {
    for (const variance of [0.0025, 1e-4]) {
      const r = simulatePeeking({ ...design, effect: 0, mixingMean: prior.mean, mixingVariance: variance, seed: 12 });
      expect(r.falsePositiveRate, `prior variance ${variance}`).to.be.at.most(band(alpha, r.nExperiments));
    }
  });

  it('priorWeight 0.5 restores detection of harm the prior rules out, keeps alpha and most of the speed-up', () => {
    const robust = [{ weight: 0.5, ...prior }, { weight: 0.5, mean: 0, variance: prior.mean ** 2 + prior.variance }];
    const harmOnly = simulatePeeking({ ...design, effect: -0.1, mixingMean: prior.mean, mixingVariance: prior.variance, seed: 13 });
    const harmRobust = simulatePeeking({ ...design, effect: -0.1, mixture: robust, seed: 13 });
    const right = simulatePeeking({ ...design, effect: 0.1, mixture: robust, seed: 14 });
    const classic = simulatePeeking({ ...design, effect: 0.1, mixingVariance: prior.mean ** 2 + prior.variance, seed: 14 });
    const nullRobust = simulatePeeking({ ...design, effect: 0, mixture: robust, seed: 15 });
    // Measured (seed 11): harm detected 0.459 (prior only) vs 0.909 (w = 0.5); right: 1,587 vs 1,825 users per arm; null 0.025.
    expect(harmRobust.falsePositiveRate).to.be.greaterThan(harmOnly.falsePositiveRate + 0.3);
    expect(right.meanSampleSize).to.be.lessThan(0.95 * classic.meanSampleSize);
    expect(nullRobust.falsePositiveRate).to.be.at.most(band(alpha, nullRobust.nExperiments));
  });

  // Realistic stream through priorInformedTest itself: users with Poisson(2)+1 sessions whose clicks share a
  // per-user propensity (Beta(1, 9), mean 0.1), metric = clicks per user; looks every 250 users per arm.
  function clusteredExperiment(rng: Random, lift: number, users: number, every: number): TwoArmLook[] {
    let a = new MeanStats(), b = new MeanStats();
    const looks: TwoArmLook[] = [];
    for (let i = 1; i <= users; i++) {
      for (const arm of [0, 1]) {
        const p = Math.min(1, rng.beta(1, 9) * (arm === 1 ? 1 + lift : 1));
        let sessions = 1, u = Math.exp(-2), prod = rng.uniform();
        while (prod > u) { sessions++; prod *= rng.uniform(); }
        let clicks = 0;
        for (let s = 0; s < sessions; s++) clicks += rng.bernoulli(p);
        if (arm === 0) a = a.add(clicks); else b = b.add(clicks);
      }
      if (i % every === 0) looks.push({ a, b });
    }
    return looks;
  }

  it('clustered clicks, 16 looks: wrong prior (large lift, truth null) errs at most alpha; right prior decides sooner', () => {
    const rng = new Random(2026);
    const users = 4000, every = 250, nExperiments = 300;
    // A +20% lift on 0.3 clicks/user is +0.06; the offline evidence claims it with sd 0.02.
    const offlinePrior = { mean: 0.06, variance: 4e-4 };
    let falsePositives = 0, informedN = 0, classicN = 0;
    for (let e = 0; e < nExperiments; e++) {
      const nullLooks = clusteredExperiment(rng, 0, users, every);
      if (priorInformedTest({ looks: nullLooks, prior: offlinePrior, alpha }).decision !== 'continue') falsePositives++;
      const liftLooks = clusteredExperiment(rng, 0.2, users, every);
      informedN += (priorInformedTest({ looks: liftLooks, prior: offlinePrior, alpha }).stoppedAt ?? liftLooks.length + 1) * every;
      classicN += (msprt({ looks: liftLooks, mixingVariance: offlinePrior.mean ** 2 + offlinePrior.variance, alpha }).stoppedAt ?? liftLooks.length + 1) * every;
    }
    expect(falsePositives / nExperiments).to.be.at.most(band(alpha, nExperiments));
    // Measured: 7/300 false positives; mean users per arm at decision 1,560 (prior) vs 2,017 (classic mSPRT).
    expect(informedN).to.be.lessThan(0.9 * classicN);
  });
});
