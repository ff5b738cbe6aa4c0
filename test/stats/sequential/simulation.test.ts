import { expect } from 'chai';
import { InvalidArgumentError, simulatePeeking, type PeekingSimulationOptions } from '../../../src/index.js';
import { expectWithinBinomialBand } from '../../support/close.js';
import { binomialMonteCarloSe } from '../../support/monteCarlo.js';

// A/A experiments (effect 0): the always-valid methods keep the type I error at or below alpha under
// peeking, the group sequential design spends exactly alpha, and naive repeated t-tests do not.
describe('simulatePeeking', () => {
  const alpha = 0.05;
  // Peeking after every 5 observations per arm from n = 20 up to 500.
  const frequentPeeks = Array.from({ length: 97 }, (_, k) => 20 + 5 * k);

  for (const method of ['msprt', 'confidenceSequence'] as const) {
    it(`${method}: false-positive rate ≤ alpha under continual peeking`, () => {
      const r = simulatePeeking({ method, nExperiments: 4000, nPerArm: 500, peeks: frequentPeeks, alpha, seed: 101 });
      expect(r.falsePositiveRate).to.be.at.most(alpha + 4 * binomialMonteCarloSe(alpha, r.nExperiments));
      expect(r.cumulativeRejectionRate).to.have.length(frequentPeeks.length);
      expect(r.cumulativeRejectionRate[frequentPeeks.length - 1]).to.equal(r.falsePositiveRate);
    });
  }

  it("group sequential O'Brien–Fleming: false-positive rate within the binomial band of alpha", () => {
    const r = simulatePeeking({ method: 'groupSequential', nExperiments: 20000, nPerArm: 1000, peeks: 10, alpha, seed: 7 });
    expectWithinBinomialBand(r.rejections, r.nExperiments, alpha, 4, 'OBF');
  });

  it('naive t-tests at every peek inflate the false-positive rate far above alpha', () => {
    const r = simulatePeeking({ method: 'naive', nExperiments: 4000, nPerArm: 500, peeks: frequentPeeks, alpha, seed: 3 });
    expect(r.falsePositiveRate).to.be.greaterThan(4 * alpha);
    // A single look is a plain t-test: its rate sits in the band around alpha.
    const single = simulatePeeking({ method: 'naive', nExperiments: 20000, nPerArm: 50, peeks: 1, alpha, seed: 4 });
    expectWithinBinomialBand(single.rejections, single.nExperiments, alpha, 4, 'single look');
  });

  it('has power against a real effect, is reproducible by seed, and reports stopping sizes', () => {
    const options: PeekingSimulationOptions = { method: 'msprt', nExperiments: 500, nPerArm: 400, peeks: 8, effect: 0.4, seed: 9 };
    const r = simulatePeeking(options);
    expect(r.falsePositiveRate).to.be.greaterThan(0.8);
    expect(r.meanSampleSize).to.be.below(400);
    expect(simulatePeeking(options)).to.deep.equal(r);
    expect(simulatePeeking({ ...options, seed: 10 }).rejections).to.not.equal(-1);
    expect(r.peekSizes).to.deep.equal([50, 100, 150, 200, 250, 300, 350, 400]);
  });

  it('rejects bad options', () => {
    const ok: PeekingSimulationOptions = { method: 'naive', nExperiments: 10, nPerArm: 20, peeks: 2 };
    const bad: [Partial<PeekingSimulationOptions>, string][] = [
      [{ method: undefined as never }, 'options.method'],
      [{ method: 'bayes' as never }, 'options.method'],
      [{ nExperiments: 0 }, 'options.nExperiments'],
      [{ nPerArm: 1 }, 'options.nPerArm'],
      [{ peeks: 0 }, 'options.peeks'],
      [{ peeks: 15 }, 'options.peeks'],
      [{ peeks: [5, 4, 20] }, 'options.peeks[1]'],
      [{ peeks: [1, 20] }, 'options.peeks[0]'],
      [{ peeks: [5, 10] }, 'options.peeks'],
      [{ alpha: 0 }, 'options.alpha'],
      [{ effect: NaN }, 'options.effect'],
      [{ sd: 0 }, 'options.sd'],
      [{ method: 'msprt', mixingVariance: -1 }, 'options.mixingVariance'],
      [{ method: 'confidenceSequence', rho: 0 }, 'options.rho'],
      [{ method: 'groupSequential', spending: 'bad' as never }, 'options.spending'],
    ];
    for (const [change, argument] of bad) {
      expect(() => simulatePeeking({ ...ok, ...change }), argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
  });
});
