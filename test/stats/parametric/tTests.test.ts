import { expect } from 'chai';
import {
  InsufficientDataError, InvalidArgumentError, oneSampleTTest, oneSampleTTestFromSummary, pairedTTest, studentTTest,
  studentTTestFromSummaries, tInterval, welchTTest, welchTTestFromSummaries, type TestResult, type TTestOptions,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';
import { datasets, fixtures } from './fixtures.js';

interface TTestCase {
  dataset: string;
  kind: 'oneSample' | 'paired' | 'welch' | 'student';
  options: Required<TTestOptions>;
  statistic: number;
  df: number;
  pValue: number;
  ci: [number, number];
  estimate: number;
}

const run: Record<TTestCase['kind'], (a: number[], b: number[], o: TTestOptions) => TestResult> = {
  oneSample: (a, _b, o) => oneSampleTTest(a, o),
  paired: pairedTTest,
  welch: welchTTest,
  student: studentTTest,
};

// Values from R 4.2 t.test, cross-checked against scipy ttest_1samp/ttest_ind in the generator.
describe('t-tests vs R t.test', () => {
  const cases: TTestCase[] = fixtures.ttests;
  for (const kind of Object.keys(run) as TTestCase['kind'][]) {
    const ofKind = cases.filter((c) => c.kind === kind);
    it(`${kind}: ${ofKind.length} cases (tiny n, ties, zeros, large n, three alternatives, mu, levels)`, () => {
      for (const c of ofKind) {
        const [a, b] = datasets[c.dataset];
        const r = run[kind](a, b, c.options);
        const label = `${kind} ${c.dataset} ${c.options.alternative}`;
        // Data offset by 1e6 lose ~9 digits to cancellation in any implementation (R's included).
        const rel = c.dataset === 'largeOffset' ? 1e-7 : 1e-10;
        expectClose(r.statistic, c.statistic, rel, 0, `${label} t`);
        expectClose(r.df as number, c.df, rel, 0, `${label} df`);
        expectClose(r.pValue, c.pValue, rel, 0, `${label} p`);
        expectClose(r.estimate as number, c.estimate, rel, 1e-15, `${label} estimate`);
        expectClose(r.ci!.lower, c.ci[0], rel, 1e-15, `${label} ci.lower`);
        expectClose(r.ci!.upper, c.ci[1], rel, 1e-15, `${label} ci.upper`);
        expect(r.ci!.level).to.equal(c.options.confidenceLevel);
        expect(r.alternative).to.equal(c.options.alternative);
        expect(r.nullValue).to.equal(c.options.mu);
      }
    });
  }

  it('array versions equal the summary-based versions', () => {
    const [a, b] = datasets.unequalSizes;
    const summary = (x: number[]) => {
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      return { n: x.length, mean, variance: x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1) };
    };
    const opts = { alternative: 'greater' as const, mu: 0.2, confidenceLevel: 0.9 };
    for (const [fromArrays, fromSummaries] of [
      [welchTTest(a, b, opts), welchTTestFromSummaries(summary(a), summary(b), opts)],
      [studentTTest(a, b, opts), studentTTestFromSummaries(summary(a), summary(b), opts)],
      [oneSampleTTest(a, opts), oneSampleTTestFromSummary(summary(a), opts)],
    ]) {
      expectClose(fromArrays.statistic, fromSummaries.statistic, 1e-13);
      expectClose(fromArrays.pValue, fromSummaries.pValue, 1e-13);
      expectClose(fromArrays.ci!.lower, fromSummaries.ci!.lower, 1e-13);
      expect(fromArrays.method).to.equal(fromSummaries.method);
    }
  });

  it('reports an htest-like result with print()', () => {
    const r = pairedTTest([0.81, 0.79, 0.84, 0.80], [0.78, 0.78, 0.80, 0.79]);
    expect(r.method).to.equal('Paired t-test');
    expect(r.statisticName).to.equal('t');
    expect(r.details).to.deep.include({ n: 4 });
    expect(r.print()).to.contain('alternative hypothesis: true mean difference is not equal to 0');
    expect(welchTTest([1, 2, 3], [2, 4, 7]).method).to.equal('Welch Two Sample t-test');
  });

  it('does not mutate its inputs', () => {
    const a = [3, 1, 2], b = [1, 1, 5];
    pairedTTest(a, b);
    welchTTest(a, b);
    expect(a).to.deep.equal([3, 1, 2]);
    expect(b).to.deep.equal([1, 1, 5]);
  });
});

describe('t-tests: degenerate and invalid input', () => {
  it('throws InsufficientDataError when all paired differences are identical (scipy: nan)', () => {
    expect(() => pairedTTest([0.9, 0.8, 0.7], [0.8, 0.7, 0.6].map((v) => v)))
      .to.throw(InsufficientDataError, /all differences are identical/);
    expect(() => pairedTTest([1, 2, 3], [1, 2, 3])).to.throw(InsufficientDataError, /a - b/);
    expect(() => oneSampleTTest([5, 5, 5])).to.throw(InsufficientDataError, /all values are identical/);
    expect(() => welchTTest([1, 1], [2, 2])).to.throw(InsufficientDataError, /both samples have zero variance/);
    expect(() => oneSampleTTestFromSummary({ n: 5, mean: 1, variance: 0 })).to.throw(InsufficientDataError, /summary.variance/);
    expect(() => tInterval([2, 2, 2])).to.throw(InsufficientDataError);
  });

  it('accepts one constant sample in Welch (the other carries the variance)', () => {
    expect(welchTTest([1, 1, 1], [1, 2, 4]).df).to.equal(2);
  });

  it('rejects bad data with typed errors naming the argument', () => {
    const badData: [unknown, unknown, RegExp][] = [
      [[1, NaN, 3], [1, 2, 3], /a\[1\]/],
      [[1, 2, 3], [1, Infinity, 3], /b\[1\]/],
      [[1, 2, 3], [1, 2], /same length/],
      [[1], [2], /at least 2/],
      ['abc', [1, 2], /a = "abc"/],
      [[1, 2, '3'], [1, 2, 3], /a\[2\]/],
    ];
    for (const [a, b, message] of badData) {
      expect(() => pairedTTest(a as number[], b as number[]), String(message)).to.throw(Error, message);
    }
    expect(() => welchTTest([1, 2, 3], [4])).to.throw(InsufficientDataError, /b/);
    expect(() => oneSampleTTest([7])).to.throw(InsufficientDataError);
    expect(() => oneSampleTTest([])).to.throw(InsufficientDataError);
  });

  it('rejects bad options', () => {
    const badOptions: TTestOptions[] = [
      { alternative: 'two.sided' as never }, { alternative: 'larger' as never }, { confidenceLevel: 1 },
      { confidenceLevel: 0 }, { confidenceLevel: 95 }, { confidenceLevel: NaN }, { mu: NaN }, { mu: Infinity },
    ];
    for (const o of badOptions) {
      expect(() => welchTTest([1, 2, 3], [2, 3, 5], o), JSON.stringify(o)).to.throw(InvalidArgumentError, /options\./);
      expect(() => oneSampleTTest([1, 2, 3], o), JSON.stringify(o)).to.throw(InvalidArgumentError, /options\./);
    }
  });

  it('rejects malformed summaries', () => {
    const bad: unknown[] = [null, 3, { n: 2.5, mean: 0, variance: 1 }, { n: 1, mean: 0, variance: 1 }, { n: 5, mean: NaN, variance: 1 },
      { n: 5, mean: 0, variance: -1 }, { n: 5, mean: 0 }, { n: -3, mean: 0, variance: 1 }];
    for (const s of bad) {
      expect(() => welchTTestFromSummaries(s as never, { n: 5, mean: 0, variance: 1 }), JSON.stringify(s)).to.throw(/sa/);
      expect(() => oneSampleTTestFromSummary(s as never), JSON.stringify(s)).to.throw(/summary/);
    }
  });
});

// R 4.2 t.test(x, conf.level = level)$conf.int.
describe('tInterval vs R', () => {
  const cases: { dataset: string; confidenceLevel: number; lower: number; upper: number; estimate: number }[] = fixtures.intervals;
  it(`matches ${cases.length} intervals`, () => {
    for (const c of cases) {
      const r = tInterval(datasets[c.dataset][0], { confidenceLevel: c.confidenceLevel });
      const rel = c.dataset === 'largeOffset' ? 1e-12 : 1e-10; // bounds near 1e6: relative error is tiny anyway
      expectClose(r.lower, c.lower, rel, 0, `${c.dataset} lower`);
      expectClose(r.upper, c.upper, rel, 0, `${c.dataset} upper`);
      expectClose(r.estimate, c.estimate, 1e-13, 0, `${c.dataset} mean`);
      expect(r.level).to.equal(c.confidenceLevel);
    }
  });
  it('rejects bad confidence levels and data', () => {
    for (const level of [0, 1, -0.5, 1.5, NaN]) expect(() => tInterval([1, 2, 3], { confidenceLevel: level })).to.throw(InvalidArgumentError);
    expect(() => tInterval([1])).to.throw(InsufficientDataError);
    expect(() => tInterval([1, NaN])).to.throw(InvalidArgumentError);
  });
});
