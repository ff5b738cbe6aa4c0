import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gaussianEffectPosterior, InsufficientDataError, InvalidArgumentError, MeanStats, ProportionStats } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from '../abtest/support.js';

/** gbstats' published expectations: test/fixtures/peers/generate_peers.py and README.md there. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cases: any[] = JSON.parse(readFileSync(join(__dirname, '../../fixtures/peers/peers.json'), 'utf8')).gaussianEffect;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function arm(spec: any): MeanStats | ProportionStats {
  return spec.kind === 'proportion' ? new ProportionStats(spec.n, spec.successes) : MeanStats.fromSums(spec.n, spec.sum, spec.sumSquares);
}


describe('gaussianEffectPosterior', () => {
  for (const c of cases) {
    it(`matches gbstats EffectBayesianABTest: ${c.source.split(' ').pop()}`, () => {
      const post = gaussianEffectPosterior(arm(c.a), arm(c.b), { prior: c.prior });
      const tol = 0.5 * 10 ** -c.decimals + 1e-12; // gbstats rounds to 5 decimals
      expectClose(post.mean, c.mean, 0, tol, 'mean');
      expectClose(post.sd, c.sd, 0, tol, 'sd');
      expectClose(post.ci.lower, c.lower, 0, tol, 'lower');
      expectClose(post.ci.upper, c.upper, 0, tol, 'upper');
      expectClose(post.chanceToWin, c.chanceToWin, 0, tol, 'chance to win');
      expectClose(post.risk.control, c.risk[0], 0, tol, 'risk control');
      expectClose(post.risk.treatment, c.risk[1], 0, tol, 'risk treatment');
    });
  }

  it('risk(control) − risk(treatment) equals the posterior mean, and a tight prior pulls the mean to it', () => {
    const a = MeanStats.fromSums(10, 100, 1002.25), b = MeanStats.fromSums(10, 105, 1111.5);
    const post = gaussianEffectPosterior(a, b, { scale: 'absolute' });
    expectClose(post.risk.control - post.risk.treatment, post.mean, 1e-12);
    expectClose(post.mean, 0.5, 1e-12);
    expect(gaussianEffectPosterior(a, b, { prior: { mean: -0.2, variance: 1e-12 } }).mean).to.be.closeTo(-0.2, 1e-6);
  });

  it('rejects bad priors, options and degenerate data', () => {
    const a = MeanStats.fromSums(10, 100, 1002.25), b = MeanStats.fromSums(10, 105, 1111.5);
    expectArgumentError(() => gaussianEffectPosterior(a, b, { prior: { mean: 0, variance: 0 } }), 'options.prior.variance', InvalidArgumentError);
    expectArgumentError(() => gaussianEffectPosterior(a, b, { scale: 'log' as never }), 'options.scale', InvalidArgumentError);
    expectArgumentError(() => gaussianEffectPosterior(a, b, { credibleLevel: 1 }), 'options.credibleLevel', InvalidArgumentError);
    expectArgumentError(() => gaussianEffectPosterior({ n: 10, mean: 0, variance: 1 }, b), 'statsA.mean', InsufficientDataError);
    expectArgumentError(() => gaussianEffectPosterior({ n: 10, mean: 1, variance: 0 }, { n: 10, mean: 1, variance: 0 }), 'statsA', InvalidArgumentError);
  });
});
