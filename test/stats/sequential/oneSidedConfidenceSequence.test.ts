import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asymptoticConfidenceSequence, InvalidArgumentError, MeanStats } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

/** gbstats' published one-sided sequential case: test/fixtures/peers/generate_peers.py, README.md there. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const c: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/peers/peers.json'), 'utf8')).oneSidedConfidenceSequence;

describe('one-sided asymptotic confidence sequences', () => {
  const a = MeanStats.fromSums(c.a.n, c.a.sum, c.a.sumSquares);
  const b = MeanStats.fromSums(c.b.n, c.b.sum, c.b.sumSquares);
  // gbstats' time is n_A + n_B with ρ tuned for 5000 units; pass the ρ that gives the same mixture ratio r.
  const { intrinsicTime } = asymptoticConfidenceSequence({ a, b, rho: 1 });
  const rho = Math.sqrt(c.mixtureRatio / intrinsicTime);

  it('matches gbstats SequentialOneSidedTreatmentGreaterTTest (absolute): lower bound and p-value', () => {
    const cs = asymptoticConfidenceSequence({ a, b, rho, alpha: c.alpha, alternative: 'greater' });
    expectClose(cs.lower, c.lower, 1e-10);
    expect(cs.upper).to.equal(Infinity);
    expectClose(cs.pValue, c.exactPValue, 1e-10);
    // gbstats bisects on alpha until its bound is within 1e-6 of 0: 0.46316 against the exact 0.46305.
    expectClose(cs.pValue, c.publishedPValue, 0, 2e-4);
  });

  it('the p-value is the alpha at which the bound reaches 0, and the wrong side gives p = 1', () => {
    const cs = asymptoticConfidenceSequence({ a, b, rho, alternative: 'greater' });
    expectClose(asymptoticConfidenceSequence({ a, b, rho, alpha: cs.pValue, alternative: 'greater' }).lower, 0, 0, 1e-12);
    const less = asymptoticConfidenceSequence({ a, b, rho, alternative: 'less' });
    expect(less.pValue).to.equal(1);
    expect(less.lower).to.equal(-Infinity);
    expectClose(less.upper - less.estimate, cs.estimate - cs.lower, 1e-12);
  });

  it('is tighter than the two-sided sequence at the same alpha and rho', () => {
    const one = asymptoticConfidenceSequence({ a, b, rho, alternative: 'greater' });
    const two = asymptoticConfidenceSequence({ a, b, rho });
    expect(one.lower).to.be.greaterThan(two.lower);
    expect(two.alternative).to.equal('two-sided');
  });

  it('rejects alpha >= 0.5 one-sided and a bad alternative', () => {
    expect(() => asymptoticConfidenceSequence({ a, b, rho, alpha: 0.5, alternative: 'greater' })).to.throw(InvalidArgumentError).with.property('argument', 'options.alpha');
    expect(() => asymptoticConfidenceSequence({ a, b, rho, alternative: 'up' as never })).to.throw(InvalidArgumentError).with.property('argument', 'options.alternative');
  });
});
