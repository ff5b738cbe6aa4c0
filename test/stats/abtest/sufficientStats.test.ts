import { expect } from 'chai';
import { AblabError, CovarianceStats, InsufficientDataError, InvalidArgumentError, MeanStats, ProportionStats, Random, RatioStats } from '../../../src/index.js';
import type { SampleSummary } from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

/** Two-pass reference moments (exact enough for these data sizes). */
function twoPass(xs: number[]): { mean: number; m2: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, m2: xs.reduce((s, x) => s + (x - mean) ** 2, 0) };
}

function chunks<T>(xs: T[], sizes: number[]): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    out.push(xs.slice(start, start + size));
    start += size;
  }
  return out;
}

describe('online sufficient statistics', () => {
  const rng = new Random(11);
  const xs = Array.from({ length: 1000 }, () => 3 + 2 * rng.normal());
  const ys = xs.map((x) => 1 + 0.5 * x + rng.normal());

  it('MeanStats: merging chunks (incl. empty ones) equals the whole array and two-pass moments', () => {
    const whole = MeanStats.fromArray(xs);
    const merged = chunks(xs, [1, 0, 499, 250, 250]).map((c) => MeanStats.fromArray(c)).reduce((a, b) => a.merge(b), new MeanStats());
    const streamed = xs.reduce((s, x) => s.add(x), new MeanStats());
    const ref = twoPass(xs);
    for (const s of [whole, merged, streamed]) {
      expect(s.n).to.equal(1000);
      expectClose(s.mean, ref.mean, 1e-13);
      expectClose(s.m2, ref.m2, 1e-12);
      expectClose(s.variance, ref.m2 / 999, 1e-12);
      expectClose(s.sd, Math.sqrt(ref.m2 / 999), 1e-12);
    }
    const typed: SampleSummary = whole; // MeanStats satisfies SampleSummary
    expect(typed.n).to.equal(1000);
  });

  it('MeanStats keeps precision for 1e9 + small noise where naive sums of squares collapse', () => {
    const noise = Array.from({ length: 10000 }, () => rng.normal());
    const values = noise.map((e) => 1e9 + e);
    // x − 1e9 is exact (Sterbenz), so the reference variance is computed on exactly shifted data.
    const ref = twoPass(values.map((v) => v - 1e9));
    const welford = MeanStats.fromArray(values);
    expectClose(welford.variance, ref.m2 / 9999, 1e-13, 0, 'fromArray variance');
    expectClose(welford.mean - 1e9, ref.mean, 0, 1e-6, 'mean');
    // Chan's merge of chunks and one-at-a-time Welford updates stay accurate to the data's own resolution.
    const merged = chunks(values, [3000, 3000, 4000]).map((c) => MeanStats.fromArray(c)).reduce((a, b) => a.merge(b));
    expectClose(merged.variance, ref.m2 / 9999, 1e-8, 0, 'merged variance');
    const streamed = values.reduce((s, v) => s.add(v), new MeanStats());
    expectClose(streamed.variance, ref.m2 / 9999, 1e-6, 0, 'streamed variance');
    // SQL aggregates: unshifted sums lose everything, shifted sums keep it.
    const sum = values.reduce((s, v) => s + v, 0);
    const sumSquares = values.reduce((s, v) => s + v * v, 0);
    const naive = MeanStats.fromSums(values.length, sum, sumSquares);
    expect(Math.abs(naive.m2 / 9999 - ref.m2 / 9999) > 1).to.equal(true);
    const shifted = values.map((v) => v - 1e9);
    const fromShifted = MeanStats.fromSums(values.length, shifted.reduce((s, v) => s + v, 0), shifted.reduce((s, v) => s + v * v, 0), 1e9);
    expectClose(fromShifted.variance, ref.m2 / 9999, 1e-9);
    expectClose(fromShifted.mean, 1e9 + ref.mean, 1e-15);
  });

  it('MeanStats.fromSums, JSON round trip and degenerate sizes', () => {
    const s = MeanStats.fromSums(3, 6, 14);
    expect([s.n, s.mean, s.variance]).to.deep.equal([3, 2, 1]);
    expect(MeanStats.fromSums(4, 8, 16).m2).to.equal(0); // constant data: rounding clamped at 0
    const json = JSON.parse(JSON.stringify(MeanStats.fromArray(xs)));
    expect(MeanStats.fromJSON(json)).to.deep.equal(MeanStats.fromArray(xs));
    expect(MeanStats.fromArray([5]).mean).to.equal(5);
    expect(() => MeanStats.fromArray([5]).variance).to.throw(InsufficientDataError);
    expect(() => new MeanStats().variance).to.throw(InsufficientDataError);
  });

  it('ProportionStats: counts, merge, sample variance of the 0/1 data, JSON', () => {
    const outcomes = Array.from({ length: 500 }, () => rng.bernoulli(0.2));
    const whole = ProportionStats.fromArray(outcomes);
    const merged = chunks(outcomes, [100, 400]).map((c) => ProportionStats.fromArray(c)).reduce((a, b) => a.merge(b));
    const streamed = outcomes.reduce((s: ProportionStats, o) => s.add(o === 1), new ProportionStats());
    expect(merged).to.deep.equal(whole);
    expect(streamed).to.deep.equal(whole);
    const asMean = MeanStats.fromArray(outcomes);
    expectClose(whole.mean, asMean.mean, 1e-15);
    expectClose(whole.variance, asMean.variance, 1e-13);
    expect(whole.failures).to.equal(500 - whole.successes);
    expect(ProportionStats.fromJSON(JSON.parse(JSON.stringify(whole)))).to.deep.equal(whole);
    expect(() => new ProportionStats().proportion).to.throw(InsufficientDataError);
  });

  it('CovarianceStats / RatioStats: chunked merge equals whole, moments match two-pass', () => {
    const whole = CovarianceStats.fromArrays({ y: ys, x: xs });
    const parts = [[0, 1], [1, 600], [600, 600], [600, 1000]].map(([s, e]) => CovarianceStats.fromArrays({ y: ys.slice(s, e), x: xs.slice(s, e) }));
    const merged = parts.reduce((a, b) => a.merge(b));
    const streamed = ys.reduce((s, y, i) => s.add(y, xs[i]), new CovarianceStats());
    const rx = twoPass(xs);
    const ry = twoPass(ys);
    const cxy = xs.reduce((s, x, i) => s + (x - rx.mean) * (ys[i] - ry.mean), 0);
    for (const s of [whole, merged, streamed]) {
      expectClose(s.meanX, rx.mean, 1e-13);
      expectClose(s.meanY, ry.mean, 1e-13);
      expectClose(s.m2x, rx.m2, 1e-12);
      expectClose(s.m2y, ry.m2, 1e-12);
      expectClose(s.cxy, cxy, 1e-12);
      expectClose(s.covariance, cxy / 999, 1e-12);
      expectClose(s.correlation, cxy / Math.sqrt(rx.m2 * ry.m2), 1e-12);
      expectClose(s.ratio, ry.mean / rx.mean, 1e-13);
    }
    expect(RatioStats).to.equal(CovarianceStats);
    expect(CovarianceStats.fromJSON(JSON.parse(JSON.stringify(whole)))).to.deep.equal(whole);
    expect(() => CovarianceStats.fromArrays({ y: [1, 2], x: [0, 0] }).ratio).to.throw(InsufficientDataError);
    expect(() => CovarianceStats.fromArrays({ y: [1, 2], x: [3, 3] }).correlation).to.throw(InsufficientDataError);
  });

  it('rejects bad inputs with typed errors naming the argument', () => {
    const bad: [() => unknown, string][] = [
      [() => new MeanStats(-1, 0, 0), 'n'],
      [() => new MeanStats(2.5, 0, 0), 'n'],
      [() => new MeanStats(2, NaN, 0), 'mean'],
      [() => new MeanStats(2, 0, -1), 'm2'],
      [() => MeanStats.fromArray([1, NaN]), 'values[1]'],
      [() => MeanStats.fromArray([1, Infinity]), 'values[1]'],
      [() => MeanStats.fromSums(2, 1, -1), 'sumSquares'],
      [() => MeanStats.fromSums(0, 1, 1), 'sum'],
      [() => new MeanStats().add(NaN), 'x'],
      [() => new MeanStats().merge({} as MeanStats), 'other'],
      [() => new ProportionStats(-3, 0), 'n'],
      [() => new ProportionStats(10, 11), 'successes'],
      [() => new ProportionStats(10, 1.5), 'successes'],
      [() => new ProportionStats(10, -1), 'successes'],
      [() => new ProportionStats().add(2), 'outcome'],
      [() => ProportionStats.fromArray([0, 1, 0.5]), 'outcomes[2]'],
      [() => CovarianceStats.fromArrays({ y: [1, 2], x: [1] }), 'data.x'],
      [() => CovarianceStats.fromArrays({ y: [1, NaN], x: [1, 2] }), 'data.y[1]'],
      [() => new CovarianceStats({ n: 2, meanY: 0, meanX: 0, m2y: -1, m2x: 0, cxy: 0 }), 'm2y'],
      [() => new CovarianceStats().add(1, NaN), 'x'],
    ];
    for (const [fn, argument] of bad) {
      let error: unknown;
      try { fn(); } catch (e) { error = e; }
      expect(error, argument).to.be.instanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).to.equal(argument);
      expect(error).to.be.instanceOf(AblabError);
    }
  });
});
