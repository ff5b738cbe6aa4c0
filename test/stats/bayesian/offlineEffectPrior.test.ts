import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InsufficientDataError, compareModels, gaussianEffectPosterior, MeanStats, offlineEffectPrior } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { expectArgumentError } from '../abtest/support.js';

/** scipy references: test/fixtures/offlinePrior/generate_offline_prior.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/offlinePrior/offlinePrior.json'), 'utf8'));

describe('offlineEffectPrior', () => {
  const p = fx.prior;
  it('matches the scipy computation (seed mean, t predictive variance, mapping with slope error, transfer)', () => {
    const prior = offlineEffectPrior({ control: p.control, treatment: p.treatment },
      { mapping: { slope: p.slope, intercept: p.intercept, slopeStandardError: p.slopeStandardError }, transferVariance: p.transferVariance });
    expectClose(prior.offline.estimate, p.offlineEstimate, 1e-12, 0, 'offline estimate');
    expectClose(prior.offline.standardError, p.offlineStandardError, 1e-10, 0, 'offline se');
    expectClose(prior.mean, p.mean, 1e-12, 0, 'mean');
    expectClose(prior.variance, p.variance, 1e-10, 0, 'variance');
    expectClose(prior.components.offline + prior.components.mapping + prior.components.transfer, prior.variance, 1e-14, 0, 'parts');
    expect(prior.offline.seeds).to.equal(6);
  });

  it('agrees with compareModels on the offline difference (sign: treatment − control = B − A)', () => {
    const c = compareModels(p.treatment, p.control, { seed: 1, nResamples: 200 });
    const prior = offlineEffectPrior({ control: p.control, treatment: p.treatment }, { transferVariance: 1e-6 });
    expectClose(prior.offline.estimate, c.difference.mean, 1e-12, 0, 'difference');
    expect(prior.mean).to.equal(prior.offline.estimate);
  });

  it('feeds gaussianEffectPosterior as its prior', () => {
    const prior = offlineEffectPrior({ estimate: 0.02, standardError: 0.01 }, { transferVariance: 3e-4 });
    expectClose(prior.variance, 4e-4, 1e-12, 0, 'variance');
    const post = gaussianEffectPosterior(new MeanStats(400, 1, 399 * 0.25), new MeanStats(400, 1.03, 399 * 0.25), { scale: 'absolute', prior });
    // data: estimate 0.03, variance 0.25/400·2 = 1.25e-3; posterior precision 1/4e-4 + 1/1.25e-3
    const precision = 1 / 4e-4 + 1 / 1.25e-3;
    expectClose(post.mean, (0.02 / 4e-4 + 0.03 / 1.25e-3) / precision, 1e-12, 0, 'posterior mean');
  });

  it('reproduces its JSDoc example', () => {
    const prior = offlineEffectPrior(
      { control: [0.901, 0.897, 0.905, 0.899, 0.903], treatment: [0.912, 0.906, 0.915, 0.909, 0.911] },
      { mapping: { slope: 0.5 }, transferVariance: 1e-5 });
    expect([prior.mean.toFixed(4), Math.sqrt(prior.variance).toFixed(5)]).to.deep.equal(['0.0048', '0.00318']);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const seeds = { control: [1, 2, 3, 4], treatment: [1.1, 2.2, 3.1, 4.3] };
    expectArgumentError(() => offlineEffectPrior(seeds, {} as never), 'options.transferVariance');
    expectArgumentError(() => offlineEffectPrior(seeds, { transferVariance: 0 }), 'options.transferVariance');
    expectArgumentError(() => offlineEffectPrior(seeds, { transferVariance: 1, mapping: { slope: NaN } }), 'options.mapping.slope');
    for (const mapping of [1, [], 'abc']) expectArgumentError(() => offlineEffectPrior(seeds, { transferVariance: 1, mapping: mapping as never }), 'options.mapping');
    expectArgumentError(() => offlineEffectPrior(seeds, { transferVariance: 1, mapping: { slope: 1, slopeStandardError: -1 } }), 'options.mapping.slopeStandardError');
    expectArgumentError(() => offlineEffectPrior({ control: [1, 2, 3], treatment: [1, 2, 4] }, { transferVariance: 1 }), 'evidence.control', InsufficientDataError);
    expectArgumentError(() => offlineEffectPrior({ control: [1, 2, 3, 4], treatment: [1, 2, 4] }, { transferVariance: 1 }), 'evidence.treatment');
    expectArgumentError(() => offlineEffectPrior({ estimate: 0.1, standardError: 0 }, { transferVariance: 1 }), 'evidence.standardError');
    expectArgumentError(() => offlineEffectPrior(null as never, { transferVariance: 1 }), 'evidence');
  });
});
