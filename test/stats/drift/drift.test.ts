import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InsufficientDataError, InvalidArgumentError, jensenShannonDistance, ksTwoSample, populationStabilityIndex, predictionDrift,
} from '../../../src/index.js';
import { kolmogorovSf } from '../../../src/stats/drift/kolmogorovSmirnovDistribution.js';
import { expectClose } from '../../support/close.js';

// Reference values from scipy 1.10 / numpy (test/fixtures/drift/generate_drift.py → drift.json):
// scipy.stats.ks_2samp, scipy.stats.kstwo.sf, scipy.spatial.distance.jensenshannon,
// scipy.stats.chi2_contingency(correction=False), and a numpy PSI reference.
const fixtures = JSON.parse(readFileSync(join(__dirname, '../../fixtures/drift/drift.json'), 'utf8'));

describe('ksTwoSample vs scipy.stats.ks_2samp', () => {
  for (const c of fixtures.ks) {
    it(`${c.name}, ${c.alternative}, ${c.method}`, () => {
      const [a, b] = fixtures.samples[c.name];
      const res = ksTwoSample(a, b, { alternative: c.alternative, method: c.method });
      expectClose(res.statistic, c.statistic, 1e-14, 1e-15, 'D');
      expectClose(res.pValue, c.pValue, 1e-10, 1e-15, 'p-value');
      expect(res.details?.statisticLocation, 'location').to.equal(c.location);
      expect(res.details?.statisticSign, 'sign').to.equal(c.sign);
    });
  }

  it('kstwo survival function matches scipy on every algorithm branch', () => {
    for (const c of fixtures.kstwo) expectClose(kolmogorovSf(c.n, c.x), c.sf, 1e-10, 1e-300, `kstwo.sf(${c.x}, ${c.n})`);
  });

  it('reports an htest-like result', () => {
    const res = ksTwoSample([1, 2, 3, 4, 5], [3.5, 6, 7, 8, 9, 10]);
    expect(res.method).to.contain('exact');
    expect(res.details).to.include({ nA: 5, nB: 6, exact: true });
    expect(res.print()).to.contain('D = 0.8').and.contain('exact = true');
  });
});

describe('jensenShannonDistance vs scipy.spatial.distance.jensenshannon', () => {
  for (const c of fixtures.jensenShannon) {
    it(`p = [${c.p.slice(0, 4)}…], base ${c.base ?? 'e'}`, () => {
      const res = jensenShannonDistance(c.p, c.q, c.base === null ? {} : { base: c.base });
      expectClose(res.distance, c.distance, 1e-12, 1e-15);
    });
  }

  it('guidance level reads the natural-log distance', () => {
    expect(jensenShannonDistance([1, 1], [1, 1]).level).to.equal('none');
    expect(jensenShannonDistance([0.5, 0.5], [0.62, 0.38]).level).to.equal('none'); // 0.0856 (scipy)
    expect(jensenShannonDistance([0.5, 0.5], [0.7, 0.3]).level).to.equal('moderate'); // 0.1449 (scipy)
    expect(jensenShannonDistance([0.5, 0.5], [0.7, 0.3], { base: 2 }).level).to.equal('moderate');
    expect(jensenShannonDistance([1, 0], [0, 1], { base: 2 }).level).to.equal('significant');
  });
});

describe('populationStabilityIndex vs numpy reference', () => {
  for (const c of fixtures.psi) {
    it(c.name, () => {
      const res = populationStabilityIndex(c.expected, c.actual, c.options);
      expectClose(res.psi, c.psi, 1e-12, 1e-15);
      expect(res.edges.length).to.equal(c.edges.length);
      res.edges.forEach((e, i) => expectClose(e, c.edges[i], 1e-14, 1e-15));
      expectClose(res.contributions.reduce((s, x) => s + x, 0), res.psi, 1e-14);
    });
  }

  it('levels follow the 0.1 / 0.25 convention', () => {
    const level = (actual: number[]) => populationStabilityIndex([50, 50], actual, { input: 'counts' }).level;
    expect(level([50, 50])).to.equal('none');
    expect(level([65, 35])).to.equal('none'); // PSI = 0.15·ln(1.3/0.7) = 0.0929
    expect(level([70, 30])).to.equal('moderate'); // PSI = 0.2·ln(1.4/0.6) = 0.1695
    expect(level([90, 10])).to.equal('significant');
  });
});

describe('predictionDrift', () => {
  it('categorical labels: chi-square and JS distance match scipy', () => {
    for (const c of fixtures.chiSquare) {
      const res = predictionDrift(c.a, c.b);
      expect(res.kind).to.equal('categorical');
      expectClose(res.chiSquare!.statistic, c.statistic, 1e-12);
      expectClose(res.chiSquare!.pValue, c.pValue, 1e-10);
      expect(res.chiSquare!.df).to.equal(c.df);
      expectClose(res.jensenShannon!.distance, c.js, 1e-12);
    }
  });

  it('continuous scores: flags a real shift, not a resample of the same distribution', () => {
    const [same, , bigShift] = fixtures.psi;
    const quiet = predictionDrift(same.expected, same.actual);
    expect(quiet.kind).to.equal('continuous');
    expect(quiet.drifted).to.equal(false);
    const loud = predictionDrift(bigShift.expected, bigShift.actual);
    expect(loud.drifted).to.equal(true);
    expect(loud.ks!.pValue).to.be.below(1e-10);
    expect(loud.psi!.level).to.equal('significant');
    expect(loud.print()).to.contain('drifted').and.contain('PSI');
  });

  it('single shared label gives X² = 0, p = 1', () => {
    const res = predictionDrift(['a', 'a'], ['a']);
    expect([res.chiSquare!.statistic, res.chiSquare!.pValue, res.drifted]).to.deep.equal([0, 1, false]);
  });
});

describe('drift input validation', () => {
  const bad: [string, () => unknown, string, typeof InvalidArgumentError | typeof InsufficientDataError][] = [
    ['NaN in a', () => ksTwoSample([1, NaN], [1, 2]), 'a[1]', InvalidArgumentError],
    ['Infinity in b', () => ksTwoSample([1, 2], [Infinity]), 'b[0]', InvalidArgumentError],
    ['empty a', () => ksTwoSample([], [1, 2]), 'a', InsufficientDataError],
    ['bad alternative', () => ksTwoSample([1], [2], { alternative: 'bigger' as any }), 'options.alternative', InvalidArgumentError],
    ['1 vs 1 asymptotic', () => ksTwoSample([1], [2], { method: 'asymp' }), 'a', InsufficientDataError],
    ['bad method', () => ksTwoSample([1], [2], { method: 'fast' as any }), 'options.method', InvalidArgumentError],
    ['negative probability', () => jensenShannonDistance([0.5, -0.1], [0.5, 0.5]), 'p[1]', InvalidArgumentError],
    ['all-zero q', () => jensenShannonDistance([1, 1], [0, 0]), 'q', InvalidArgumentError],
    ['length mismatch', () => jensenShannonDistance([1, 1], [1, 1, 1]), 'q', InvalidArgumentError],
    ['base 1', () => jensenShannonDistance([1, 1], [1, 1], { base: 1 }), 'options.base', InvalidArgumentError],
    ['base 0', () => jensenShannonDistance([1, 1], [1, 1], { base: 0 }), 'options.base', InvalidArgumentError],
    ['negative count', () => populationStabilityIndex([1, -2], [1, 1], { input: 'counts' }), 'expected[1]', InvalidArgumentError],
    ['empty actual', () => populationStabilityIndex([1, 2], []), 'actual', InsufficientDataError],
    ['NaN expected', () => populationStabilityIndex([1, NaN], [1]), 'expected[1]', InvalidArgumentError],
    ['1 bin', () => populationStabilityIndex([1, 2], [1], { bins: 1 }), 'options.bins', InvalidArgumentError],
    ['unsorted edges', () => populationStabilityIndex([1, 2], [1], { bins: [0.5, 0.2] }), 'options.bins[1]', InvalidArgumentError],
    ['epsilon 0', () => populationStabilityIndex([1, 2], [1], { epsilon: 0 }), 'options.epsilon', InvalidArgumentError],
    ['bad input mode', () => populationStabilityIndex([1, 2], [1], { input: 'histogram' as any }), 'options.input', InvalidArgumentError],
    ['empty arm', () => predictionDrift([], [1]), 'predsA', InsufficientDataError],
    ['NaN prediction', () => predictionDrift([0.1, NaN], [0.2]), 'predsA[1]', InvalidArgumentError],
    ['object prediction', () => predictionDrift([0.1], [{} as any]), 'predsB[0]', InvalidArgumentError],
    ['alpha 0', () => predictionDrift([1], [2], { alpha: 0 }), 'options.alpha', InvalidArgumentError],
    ['bad kind', () => predictionDrift([1], [2], { kind: 'ordinal' as any }), 'options.kind', InvalidArgumentError],
    ['labels as continuous', () => predictionDrift(['a'], ['b'], { kind: 'continuous' }), 'predsA[0]', InvalidArgumentError],
  ];
  for (const [label, call, argument, type] of bad) {
    it(`rejects ${label}`, () => {
      expect(call).to.throw(type).with.property('argument', argument);
    });
  }
});
