import { expect } from 'chai';
import { adjustedIntervalLevel, InvalidArgumentError, P_ADJUST_METHODS, pAdjust, Random } from '../../../src/index.js';

describe('adjustedIntervalLevel', () => {
  it('gives the Bonferroni level for family-wise methods and the FCR level 1 − Rα/m for BH', () => {
    expect(adjustedIntervalLevel([0.01, 0.04, 0.03], 'holm', 0.05)).to.equal(1 - 0.05 / 3);
    expect(adjustedIntervalLevel([0.01, 0.04, 0.03], 'BH', 0.05)).to.equal(0.95);
    expect(adjustedIntervalLevel([0.01, 0.2, 0.3, 0.9], 'BH', 0.05)).to.equal(1 - 0.05 / 4);
    expect(adjustedIntervalLevel([0.5], 'BY', 0.1)).to.be.closeTo(0.9, 1e-15);
  });

  // A two-sided interval at level L excludes the null exactly when p < 1 − L: with this level that
  // happens where the adjusted decision rejects (FWER methods: only there; BH/BY: exactly there).
  it('makes "interval excludes the null" agree with the adjusted decisions (random families)', () => {
    const rng = new Random(3);
    for (let k = 0; k < 300; k++) {
      const m = 2 + rng.int(8);
      const p = Array.from({ length: m }, () => (rng.uniform() < 0.5 ? rng.uniform() * 0.02 : rng.uniform()));
      for (const method of P_ADJUST_METHODS) {
        const level = adjustedIntervalLevel(p, method, 0.05);
        const rejected = pAdjust(p, method).map((q) => q <= 0.05);
        p.forEach((pi, i) => {
          if (pi < 1 - level) expect(rejected[i], `${method} ${p}`).to.equal(true);
          if (method === 'BH' || method === 'BY') expect(pi <= 1 - level, `${method} ${p}`).to.equal(rejected[i]);
        });
      }
    }
  });

  it('rejects a bad alpha', () => {
    expect(() => adjustedIntervalLevel([0.1], 'holm', 1)).to.throw(InvalidArgumentError, /alpha/);
  });
});
