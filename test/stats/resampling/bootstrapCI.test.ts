import { expect } from 'chai';
import {
  bootstrapCI, bootstrapCIAsync, InsufficientDataError, InvalidArgumentError, Random,
  type BootstrapOptions, type NamedStatistic, type StatisticFunction,
} from '../../../src/index.js';
import { bootstrapFromResamples } from '../../../src/stats/resampling/bootstrapCI.js';
import { bootstrapInterval } from '../../../src/stats/resampling/bootstrapInterval.js';
import { expectClose, expectWithinBinomialBand } from '../../support/close.js';
import { fixtures, itRejects } from './support.js';

const sampleStd: StatisticFunction = (x) => {
  const mean = x.reduce((sum, v) => sum + v, 0) / x.length;
  return Math.sqrt(x.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (x.length - 1));
};
const statisticOf = (name: string): NamedStatistic | StatisticFunction => (name === 'std' ? sampleStd : name as NamedStatistic);
const dataOf = (samples: number[][]) => (samples.length === 1 ? samples[0] : samples as [number[], number[]]);

describe('bootstrapCI', () => {
  // scipy.stats.bootstrap on the same resample indices (patched _bootstrap_resample): exact agreement.
  describe('replaying scipy.stats.bootstrap resamples', () => {
    for (const c of fixtures.bootstrapReplay) {
      const label = `${c.statistic} ${c.paired ? 'paired ' : ''}n=${c.samples.map((s: number[]) => s.length)} ${c.method} ${c.alternative} ${c.confidenceLevel}`;
      it(label, () => {
        const options = { method: c.method, confidenceLevel: c.confidenceLevel, alternative: c.alternative, paired: c.paired, keepDistribution: true };
        const result = bootstrapFromResamples(dataOf(c.samples), statisticOf(c.statistic), c.resamples, options);
        result.bootstrapDistribution!.forEach((value, b) => expectClose(value, c.distribution[b], 1e-12, 1e-15, `theta*[${b}]`));
        expectClose(result.lower, c.lower, 1e-10, 1e-14, 'lower');
        expectClose(result.upper, c.upper, 1e-10, 1e-14, 'upper');
        expectClose(result.standardError, c.standardError, 1e-10, 1e-15, 'standardError');
        expect(result.level).to.equal(c.confidenceLevel);
      });
    }

    it('bootstrapInterval reproduces scipy\'s BCa acceleration from the jackknife', () => {
      for (const c of fixtures.bootstrapReplay.filter((f: { acceleration?: number }) => f.acceleration !== undefined)) {
        const samples: number[][] = c.samples;
        // Leave-one-out statistics built here by brute force, independent of the library's fast paths.
        const statistic = statisticOf(c.statistic);
        const apply = (...s: number[][]): number => (typeof statistic === 'function' ? statistic(...s.map((v) => Float64Array.from(v)))
          : statistic === 'median' ? median(s[0]) : statistic === 'mean' ? mean(s[0]) : mean(s[0]) - mean(s[1]));
        const drop = (v: number[], i: number) => v.filter((_, k) => k !== i);
        const jackknife = c.paired ? [samples[0].map((_, i) => apply(...samples.map((s) => drop(s, i))))]
          : samples.map((s, j) => s.map((_, i) => apply(...samples.map((t, k) => (k === j ? drop(t, i) : t)))));
        const interval = bootstrapInterval({ distribution: c.distribution, estimate: apply(...samples), method: 'bca',
          confidenceLevel: c.confidenceLevel, alternative: c.alternative, jackknife });
        expectClose(interval.acceleration!, c.acceleration, 1e-10, 1e-15, 'acceleration');
      }
    });
  });

  // scipy.stats.bootstrap with 50,000 resamples of its own stream: agreement within Monte Carlo error.
  // Endpoint MC sd ≈ 0.02·SE at 20,000 resamples, so 0.15·SE is a ≥ 5 sd band.
  describe('statistical agreement with scipy at large nResamples', () => {
    for (const c of fixtures.bootstrapLarge) {
      it(`${c.statistic} ${c.paired ? 'paired' : ''} ${c.method}`, () => {
        const result = bootstrapCI(dataOf(c.samples), c.statistic, { method: c.method, paired: c.paired, nResamples: 20000, seed: 5 });
        expectClose(result.lower, c.lower, 0, 0.15 * c.standardError, 'lower');
        expectClose(result.upper, c.upper, 0, 0.15 * c.standardError, 'upper');
        expectClose(result.standardError, c.standardError, 0.03, 0, 'standardError');
      });
    }
  });

  it('named fast paths give exactly the same resamples as the equivalent function statistic', () => {
    const rng = new Random(9);
    const a = Array.from({ length: 25 }, () => rng.normal());
    const b = a.map((v) => v + 0.3 * rng.normal());
    const options: BootstrapOptions = { seed: 4, nResamples: 300, keepDistribution: true };
    const same = (fast: Float64Array | undefined, slow: Float64Array | undefined) =>
      fast!.forEach((value, i) => expectClose(value, slow![i], 1e-12, 1e-14, `resample ${i}`));
    same(bootstrapCI(a, 'mean', options).bootstrapDistribution, bootstrapCI(a, (x) => mean(Array.from(x)), options).bootstrapDistribution);
    same(bootstrapCI(a, 'median', options).bootstrapDistribution, bootstrapCI(a, (x) => median(Array.from(x)), options).bootstrapDistribution);
    const diff: StatisticFunction = (x, y) => mean(Array.from(x)) - mean(Array.from(y));
    for (const paired of [true, false]) {
      same(bootstrapCI([a, b], 'meanDifference', { ...options, paired }).bootstrapDistribution,
        bootstrapCI([a, b], diff, { ...options, paired }).bootstrapDistribution);
    }
  });

  it('is reproducible for a seed and changes with it', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(bootstrapCI(x, 'mean', { seed: 1 })).to.deep.equal(bootstrapCI(x, 'mean', { seed: 1 }));
    expect(bootstrapCI(x, 'mean').lower).to.equal(bootstrapCI(x, 'mean', { seed: 0 }).lower);
    expect(bootstrapCI(x, 'mean', { seed: 2 }).standardError).to.not.equal(bootstrapCI(x, 'mean', { seed: 1 }).standardError);
  });

  it('stratified resampling keeps each stratum\'s size', () => {
    // Two strata with constant values: every resample has 3 zeros and 1 ten, so the mean never varies.
    const result = bootstrapCI([0, 0, 10, 0], 'mean', { strata: [1, 1, 2, 1], method: 'percentile', nResamples: 200, keepDistribution: true });
    expect(new Set(result.bootstrapDistribution)).to.deep.equal(new Set([2.5]));
    const paired = bootstrapCI([[1, 2, 3, 4], [1, 1, 1, 1]], 'meanDifference', { paired: true, strata: [0, 0, 1, 1], method: 'percentile', nResamples: 500, keepDistribution: true });
    for (const value of paired.bootstrapDistribution!) expect(value).to.be.within(0.5, 2.5);
  });

  it('BCa on constant data throws a typed error instead of returning NaN', () => {
    expect(() => bootstrapCI([2, 2, 2, 2], 'mean')).to.throw(InsufficientDataError, /BCa/);
    const percentile = bootstrapCI([2, 2, 2, 2], 'mean', { method: 'percentile' });
    expect([percentile.lower, percentile.upper, percentile.standardError]).to.deep.equal([2, 2, 0]);
  });

  it('coverage of 95% percentile and BCa intervals for a normal mean is near nominal (200 data sets)', () => {
    const rng = new Random(2024);
    const trials = 200;
    const covered = { percentile: 0, bca: 0 };
    for (let trial = 0; trial < trials; trial++) {
      const x = Array.from({ length: 40 }, () => 1 + rng.normal());
      for (const method of ['percentile', 'bca'] as const) {
        const ci = bootstrapCI(x, 'mean', { method, nResamples: 999, seed: trial });
        if (ci.lower <= 1 && 1 <= ci.upper) covered[method]++;
      }
    }
    expectWithinBinomialBand(covered.percentile, trials, 0.95, 4, 'percentile');
    expectWithinBinomialBand(covered.bca, trials, 0.95, 4, 'bca');
  });

  it('reports progress after every batch', () => {
    const calls: [number, number][] = [];
    bootstrapCI([1, 2, 3, 4, 5], 'mean', { nResamples: 25, batch: 10, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).to.deep.equal([[10, 25], [20, 25], [25, 25]]);
  });

  it('bootstrapCIAsync yields to the event loop, matches the sync result and can be aborted', async () => {
    const x = [0.3, 0.9, 0.1, 0.5, 0.7, 0.2];
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 0);
    const options: BootstrapOptions = { nResamples: 4000, batch: 100, seed: 8 };
    const viaAsync = await bootstrapCIAsync(x, 'median', options);
    clearInterval(timer);
    expect(viaAsync).to.deep.equal(bootstrapCI(x, 'median', options));
    expect(ticks).to.be.greaterThan(0);
    const controller = new AbortController();
    const pending = bootstrapCIAsync(x, 'mean', { ...options, onProgress: (done) => { if (done >= 1000) controller.abort(); }, signal: controller.signal });
    let error: unknown;
    await pending.catch((e) => { error = e; });
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).name).to.equal('AbortError');
  });

  describe('input validation', () => {
    const bad: [string, () => unknown, string][] = [
      ['NaN', () => bootstrapCI([1, NaN, 3], 'mean'), 'data[1]'],
      ['Infinity in b', () => bootstrapCI([[1, 2], [1, Infinity]], 'meanDifference'), 'data[1][1]'],
      ['empty', () => bootstrapCI([], 'mean'), 'data'],
      ['one value', () => bootstrapCI([1], 'mean'), 'data'],
      ['not an array', () => bootstrapCI(5 as never, 'mean'), 'data'],
      ['three samples', () => bootstrapCI([[1, 2], [1, 2], [1, 2]] as never, sampleStd), 'data'],
      ['paired length mismatch', () => bootstrapCI([[1, 2, 3], [1, 2]], 'meanDifference', { paired: true }), 'data[1]'],
      ['unknown statistic', () => bootstrapCI([1, 2], 'mode' as never), 'statistic'],
      ['non-function statistic', () => bootstrapCI([1, 2], 42 as never), 'statistic'],
      ['mean of two samples', () => bootstrapCI([[1, 2], [3, 4]], 'mean'), 'statistic'],
      ['meanDifference of one sample', () => bootstrapCI([1, 2], 'meanDifference'), 'statistic'],
      ['statistic returning NaN', () => bootstrapCI([1, 2, 3], () => NaN), 'statistic'],
      ['nResamples 0', () => bootstrapCI([1, 2], 'mean', { nResamples: 0 }), 'options.nResamples'],
      ['nResamples 2.5', () => bootstrapCI([1, 2], 'mean', { nResamples: 2.5 }), 'options.nResamples'],
      ['confidenceLevel 1', () => bootstrapCI([1, 2], 'mean', { confidenceLevel: 1 }), 'options.confidenceLevel'],
      ['confidenceLevel NaN', () => bootstrapCI([1, 2], 'mean', { confidenceLevel: NaN }), 'options.confidenceLevel'],
      ['method', () => bootstrapCI([1, 2], 'mean', { method: 'student' as never }), 'options.method'],
      ['alternative', () => bootstrapCI([1, 2], 'mean', { alternative: 'both' as never }), 'options.alternative'],
      ['seed', () => bootstrapCI([1, 2], 'mean', { seed: -1 }), 'options.seed'],
      ['paired not boolean', () => bootstrapCI([[1, 2], [1, 2]], 'meanDifference', { paired: 1 as never }), 'options.paired'],
      ['strata length', () => bootstrapCI([1, 2, 3], 'mean', { strata: [0, 1] }), 'options.strata'],
      ['strata with independent samples', () => bootstrapCI([[1, 2], [1, 2]], 'meanDifference', { strata: [0, 1] }), 'options.strata'],
      ['batch 0', () => bootstrapCI([1, 2], 'mean', { batch: 0 }), 'options.batch'],
      ['onProgress', () => bootstrapCI([1, 2], 'mean', { onProgress: 'yes' as never }), 'options.onProgress'],
    ];
    itRejects(bad);

    it('bootstrapCIAsync rejects bad input', async () => {
      let error: unknown;
      await bootstrapCIAsync([1, NaN], 'mean').catch((e) => { error = e; });
      expect(error).to.be.instanceOf(InvalidArgumentError);
    });
  });
});

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
}
