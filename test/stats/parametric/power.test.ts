import { expect } from 'chai';
import {
  InvalidArgumentError, solveTTestPower, tTestPower, tTestPowerCurve, tTestSampleSize, type TTestDesign,
} from '../../../src/index.js';
import type { Alternative } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { fixtures } from './fixtures.js';

interface PowerCase {
  effectSize: number; n: number; alpha: number; alternative: Alternative; design: TTestDesign; power: number; rPower?: number;
}
interface SolveCase {
  solveFor: 'n' | 'effectSize' | 'alpha'; effectSize?: number; n?: number; power: number; alpha?: number;
  alternative: Alternative; design: TTestDesign; value: number;
}

describe('tTestPower', () => {
  const cases: PowerCase[] = fixtures.power;
  // Beyond |δ| = 50 the noncentral t goes through the chi-mixture integral of its smaller tail: the
  // Poisson series needed O(δ) terms (minutes at n = 1e16) and drifted (n = 1e10 gave 0.99999926).
  it('is monotone in n and returns promptly up to n = 1e20', () => {
    for (const design of ['two-sample', 'paired'] as const) {
      for (const effectSize of [0.5, 0.05, 0.002]) {
        let previous = 0;
        for (let n = 2; n <= 1e20; n *= 1.7) {
          const power = tTestPower({ effectSize, n, design });
          expect(power, `d = ${effectSize}, n = ${n}`).to.be.at.least(previous).and.at.most(1);
          previous = power;
        }
        expect(previous).to.equal(1);
      }
    }
    for (const n of [1e9, 1e10, 1e12, 1e16]) expect(tTestPower({ effectSize: 0.5, n }), `n = ${n}`).to.equal(1);
    // d = 0.001, n = 1e7: δ = 2.236, ν ≈ 2e7, power = Φ(δ − z) + Φ(−δ − z) to ~1e-7 (normal limit; scipy.stats.norm).
    expect(tTestPower({ effectSize: 0.001, n: 1e7 })).to.be.closeTo(0.6087795, 1e-6);
  });

  // R 4.2 power.t.test(strict = TRUE): pt with ncp is AS 243 (errmax 1e-12).
  it('matches R power.t.test(strict = TRUE) to 1e-10', () => {
    const withR = cases.filter((c) => c.rPower !== undefined);
    expect(withR.length).to.be.greaterThan(20);
    for (const c of withR) expectClose(tTestPower(c), c.rPower!, 1e-10, 0, JSON.stringify(c));
  });
  // statsmodels 0.13 TTestPower / TTestIndPower(ratio=1); it is itself ~3e-9 off R in places
  // (e.g. power 0.050000000125 at effect size 0), hence the looser tolerance.
  it('matches statsmodels (incl. alternative "less", n = 2e5) to 1e-8', () => {
    for (const c of cases) expectClose(tTestPower(c), c.power, 1e-8, 0, JSON.stringify(c));
  });
  it('equals alpha at effect size 0 and grows with n', () => {
    expectClose(tTestPower({ effectSize: 0, n: 30, alpha: 0.05 }), 0.05, 1e-13);
    const powers = [5, 10, 20, 40].map((n) => tTestPower({ effectSize: 0.4, n, design: 'paired' }));
    for (let i = 1; i < powers.length; i++) expect(powers[i]).to.be.greaterThan(powers[i - 1]);
  });
  it('rejects bad options', () => {
    const good = { effectSize: 0.5, n: 20 };
    const bad = [{ effectSize: NaN }, { effectSize: Infinity }, { n: 1 }, { n: 0.5 }, { n: NaN }, { alpha: 0 }, { alpha: 1.2 },
      { alternative: 'larger' }, { design: 'independent' }];
    for (const b of bad) expect(() => tTestPower({ ...good, ...b } as never), JSON.stringify(b)).to.throw(InvalidArgumentError, /options\./);
  });
});

// R 4.2 power.t.test(..., strict = TRUE, tol = 1e-12) solving for n, delta or sig.level.
describe('solveTTestPower and tTestSampleSize vs R', () => {
  const cases: SolveCase[] = fixtures.solves;
  it(`solves ${cases.length} cases for n, effect size and alpha`, () => {
    for (const c of cases) {
      const { solveFor, value, ...given } = c;
      const options = solveFor === 'alpha' ? { ...given, alpha: null } : given;
      const solved = solveTTestPower(options);
      expectClose(solved[solveFor], value, 1e-8, 0, JSON.stringify(c));
      expectClose(tTestPower(solved), solved.power, 1e-10, 0, `consistency ${JSON.stringify(c)}`);
    }
  });
  it('returns the smallest integer n reaching the power, the achieved power and the fractional n', () => {
    for (const c of (fixtures.solves as SolveCase[]).filter((k) => k.solveFor === 'n')) {
      const r = tTestSampleSize({ effectSize: c.effectSize!, power: c.power, alpha: c.alpha, alternative: c.alternative, design: c.design });
      expectClose(r.fractionalN, c.value, 1e-8, 0, JSON.stringify(c));
      expect(r.n).to.equal(Math.max(2, Math.ceil(c.value)));
      expect(r.power).to.be.at.least(c.power);
      if (r.n > 2) expect(tTestPower({ ...r, n: r.n - 1 })).to.be.lessThan(c.power);
    }
  });
  it('solves a negative effect size for alternative "less"', () => {
    const r = solveTTestPower({ n: 20, power: 0.8, alternative: 'less', design: 'paired' });
    const greater = solveTTestPower({ n: 20, power: 0.8, alternative: 'greater', design: 'paired' });
    expectClose(r.effectSize, -greater.effectSize, 1e-10);
  });
  it('explains unreachable targets and ambiguous requests', () => {
    expect(() => tTestSampleSize({ effectSize: 0, power: 0.8 })).to.throw(InvalidArgumentError, /out of reach/);
    expect(() => tTestSampleSize({ effectSize: -0.5, power: 0.8, alternative: 'greater' })).to.throw(InvalidArgumentError, /out of reach/);
    expect(() => tTestSampleSize({ effectSize: 0.5, power: 1 })).to.throw(InvalidArgumentError, /options.power/);
    expect(() => solveTTestPower({ n: 20, power: 0.04 })).to.throw(InvalidArgumentError, /above alpha/);
    expect(() => solveTTestPower({ n: 20 })).to.throw(InvalidArgumentError, /exactly one/);
    expect(() => solveTTestPower({ n: 20, effectSize: 0.5, power: 0.8 })).to.throw(InvalidArgumentError, /exactly one/);
    expect(() => solveTTestPower({ n: 1, power: 0.8 })).to.throw(InvalidArgumentError, /options.n/);
  });
  it('returns n = 2 when two observations per group already suffice (R searches n in [2, 1e7])', () => {
    const r = tTestSampleSize({ effectSize: 50, power: 0.8, design: 'one-sample' });
    expect(r.n).to.equal(2);
    expect(r.fractionalN).to.equal(2);
  });
});

describe('tTestPowerCurve', () => {
  it('gives one row per (effect size, n), equal to tTestPower', () => {
    const rows = tTestPowerCurve({ effectSizes: [0.2, 0.5], ns: [10, 50, 100], alpha: 0.05, alternative: 'greater', design: 'paired' });
    expect(rows).to.have.length(6);
    expect(rows.map((r) => [r.effectSize, r.n])).to.deep.equal([[0.2, 10], [0.2, 50], [0.2, 100], [0.5, 10], [0.5, 50], [0.5, 100]]);
    for (const r of rows) {
      expect(r.power).to.equal(tTestPower({ effectSize: r.effectSize, n: r.n, alternative: 'greater', design: 'paired' }));
    }
  });
  it('rejects empty or invalid grids', () => {
    const bad = [{ effectSizes: [] }, { ns: [] }, { effectSizes: [0.2, NaN] }, { ns: [10, 1] }, { ns: 'abc' }, { effectSizes: undefined }];
    for (const b of bad) {
      expect(() => tTestPowerCurve({ effectSizes: [0.5], ns: [20], ...b } as never), JSON.stringify(b)).to.throw(InvalidArgumentError, /options\./);
    }
  });
});
