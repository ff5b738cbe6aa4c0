import { expect } from 'chai';
import { InvalidArgumentError, noncentralTCdf, noncentralTSf, studentTCdf } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { fixtures } from './fixtures.js';

interface NctCase { args: [number, number, number]; value: number; scipy: number; scipyAgrees: boolean }
const cases: NctCase[] = fixtures.noncentralT;

describe('noncentralTCdf', () => {
  // Ground truth: AS 243's series summed by mpmath at 90 digits (generate_parametric.py).
  it(`matches mpmath to 2e-12 relative on ${cases.length} points (negative t, tails to 1e-106, ncp to 50, df from 0.5 to 1e6)`, () => {
    for (const c of cases) expectClose(noncentralTCdf(...c.args), c.value, 2e-12, 0, `nct.cdf(${c.args})`);
  });

  // scipy 1.10 (Boost) stats.nct.cdf, wherever scipy itself agrees with mpmath to 1e-9.
  it('matches scipy.stats.nct.cdf to 1e-9 relative', () => {
    const agreeing = cases.filter((c) => c.scipyAgrees);
    expect(agreeing.length).to.be.greaterThan(30);
    for (const c of agreeing) expectClose(noncentralTCdf(...c.args), c.scipy, 1e-9, 0, `scipy nct.cdf(${c.args})`);
  });

  it('reduces to the central t at ncp = 0 and to Φ(−ncp) at t = 0', () => {
    expectClose(noncentralTCdf(1.3, 7, 0), studentTCdf(1.3, 7), 1e-14);
    expectClose(noncentralTCdf(-8.9, 499, 0), 5.172786788077093e-18, 1e-12); // scipy.stats.t.cdf(-8.9, 499)
    expectClose(noncentralTCdf(0, 4, 1.5), 0.066807201268858057, 1e-14); // scipy.stats.norm.cdf(-1.5)
    expect(noncentralTCdf(Infinity, 3, 2)).to.equal(1);
    expect(noncentralTCdf(-Infinity, 3, 2)).to.equal(0);
  });

  it('survival function is the complement and keeps upper-tail accuracy', () => {
    for (const c of cases) {
      const [t, df, ncp] = c.args;
      expectClose(noncentralTSf(-t, df, -ncp), c.value, 2e-12, 0, `sf(${-t}, ${df}, ${-ncp})`);
      expectClose(noncentralTCdf(t, df, ncp) + noncentralTSf(t, df, ncp), 1, 1e-12, 0, `cdf+sf at ${c.args}`);
    }
  });

  it('rejects invalid arguments with typed errors', () => {
    const bad: [number, number, number][] = [[NaN, 3, 1], [1, 0, 1], [1, -2, 1], [1, Infinity, 1], [1, NaN, 1], [1, 3, NaN], [1, 3, Infinity]];
    for (const args of bad) {
      expect(() => noncentralTCdf(...args), String(args)).to.throw(InvalidArgumentError);
      expect(() => noncentralTSf(...args), String(args)).to.throw(InvalidArgumentError);
    }
  });
});
