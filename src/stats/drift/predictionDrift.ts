import { chiSquareSf } from '../core/distributions.js';
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { formatNumber, formatPValue, makeTestResult, type TestResult } from '../core/htest.js';
import { assertOpenUnitInterval, checkChoice, toFiniteArray } from '../../core/validate.js';
import { jensenShannonDistance, type JensenShannonResult } from './jensenShannonDistance.js';
import { ksTwoSample, type KsTwoSampleDetails } from './ksTwoSample.js';
import { populationStabilityIndex, type PsiResult } from './populationStabilityIndex.js';

export type PredictionKind = 'continuous' | 'categorical';

export interface PredictionDriftOptions {
  /** 'auto' (default): strings, booleans, or integers with at most `maxCategories` distinct values are categorical. */
  kind?: PredictionKind | 'auto';
  /** Significance level of the KS / chi-square test (default 0.05). */
  alpha?: number;
  /** PSI quantile bins for continuous scores (default 10). */
  bins?: number;
  /** PSI empty-bin floor (default 1e-4). */
  epsilon?: number;
  /** Most distinct integer values 'auto' still treats as labels (default 20). */
  maxCategories?: number;
}

export interface PredictionDriftResult {
  kind: PredictionKind;
  /** True when the test rejects at `alpha` AND the effect size is at least 'moderate'. */
  drifted: boolean;
  alpha: number;
  /** Continuous scores: two-sample KS test and PSI (bins from arm A). */
  ks?: TestResult<KsTwoSampleDetails>;
  psi?: PsiResult;
  /** Class labels: chi-square test of homogeneity and JS distance of the label frequencies. */
  chiSquare?: TestResult<ChiSquareHomogeneityDetails>;
  jensenShannon?: JensenShannonResult;
  /** Label order of the categorical counts. */
  categories?: (string | number | boolean)[];
  print(): string;
  toString(): string;
}

type Label = string | number | boolean;

function toLabels(name: string, values: unknown): Label[] {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) throw new InvalidArgumentError(name, values, 'expected an array of predictions');
  const labels = Array.from(values as ArrayLike<unknown>);
  labels.forEach((v, i) => {
    if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
      throw new InvalidArgumentError(`${name}[${i}]`, v, 'expected a finite number, string or boolean');
    }
  });
  if (labels.length < 1) throw new InsufficientDataError(name, values, 'need at least 1 prediction, got 0');
  return labels as Label[];
}

/** Details of the chi-square homogeneity test: the number of labels from each arm. */
export type ChiSquareHomogeneityDetails = { nA: number; nB: number };

/**
 * Pearson chi-square test of homogeneity for a 2 × k table of label counts, without continuity
 * correction (scipy.stats.chi2_contingency(correction=False)): X² = Σ (O − E)²/E, E from the
 * margins, df = k − 1. A single shared label gives X² = 0, p = 1.
 */
function chiSquareHomogeneity(countsA: number[], countsB: number[]): TestResult<ChiSquareHomogeneityDetails> {
  const nA = countsA.reduce((s, c) => s + c, 0);
  const nB = countsB.reduce((s, c) => s + c, 0);
  let statistic = 0;
  for (let j = 0; j < countsA.length; j++) {
    const column = countsA[j] + countsB[j];
    for (const [observed, rowTotal] of [[countsA[j], nA], [countsB[j], nB]]) {
      const expected = (rowTotal * column) / (nA + nB);
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  const df = countsA.length - 1;
  return makeTestResult({
    method: "Pearson's chi-squared test of homogeneity (prediction labels)",
    statistic,
    statisticName: 'X-squared',
    df,
    pValue: df === 0 ? 1 : chiSquareSf(statistic, df),
    alternative: 'two-sided',
    dataName: 'label counts of predsA and predsB',
    details: { nA, nB },
  });
}

/**
 * Compares the prediction distributions of two arms (e.g. the champion and the challenger model on
 * live traffic), as a rollout guardrail. Continuous scores: two-sample Kolmogorov–Smirnov test
 * ({@link ksTwoSample}) and PSI with quantile bins of arm A ({@link populationStabilityIndex}).
 * Class labels: chi-square test of homogeneity on the label counts and Jensen–Shannon distance of
 * the label frequencies ({@link jensenShannonDistance}).
 *
 * `drifted` requires both evidence and size: the test's p-value is below `alpha` and the effect's
 * guidance level (PSI or JS) is not 'none'. With large traffic the test alone flags negligible
 * shifts; with little traffic the effect sizes alone are noisy.
 *
 * @throws {InvalidArgumentError} for non-finite predictions, bad options, or label arrays given as
 *   continuous; {InsufficientDataError} for an empty arm.
 * @example
 * predictionDrift(['cat', 'dog', 'dog'], ['cat', 'cat', 'dog']).drifted; // false
 */
export function predictionDrift(predsA: ArrayLike<Label>, predsB: ArrayLike<Label>, options: PredictionDriftOptions = {}): PredictionDriftResult {
  const { alpha = 0.05, bins = 10, epsilon, maxCategories = 20 } = options;
  assertOpenUnitInterval('options.alpha', alpha);
  const requested = checkChoice('options.kind', options.kind, ['auto', 'continuous', 'categorical'] as const, 'auto');
  const a = toLabels('predsA', predsA);
  const b = toLabels('predsB', predsB);
  const categories = [...new Set([...a, ...b])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const looksCategorical = categories.some((v) => typeof v !== 'number')
    || (categories.every((v) => Number.isInteger(v)) && categories.length <= maxCategories);
  const kind: PredictionKind = requested === 'auto' ? (looksCategorical ? 'categorical' : 'continuous') : requested;
  let result: Omit<PredictionDriftResult, 'print' | 'toString' | 'alpha' | 'kind'>;
  if (kind === 'continuous') {
    const ks = ksTwoSample(toFiniteArray('predsA', a), toFiniteArray('predsB', b));
    const psi = populationStabilityIndex(a as number[], b as number[], { bins, epsilon });
    result = { ks, psi, drifted: ks.pValue < alpha && psi.level !== 'none' };
  } else {
    const index = new Map(categories.map((c, i) => [c, i]));
    const count = (labels: Label[]) => {
      const counts = new Array<number>(categories.length).fill(0);
      for (const l of labels) counts[index.get(l) as number]++;
      return counts;
    };
    const [countsA, countsB] = [count(a), count(b)];
    const chiSquare = chiSquareHomogeneity(countsA, countsB);
    const jensenShannon = jensenShannonDistance(countsA, countsB);
    result = { chiSquare, jensenShannon, categories, drifted: chiSquare.pValue < alpha && jensenShannon.level !== 'none' };
  }
  const print = (): string => {
    const lines = ['', `\tPrediction drift between arms (${kind})`, ''];
    if (result.ks && result.psi) {
      lines.push(`KS D = ${formatNumber(result.ks.statistic)}, p-value ${formatPValue(result.ks.pValue)}`);
      lines.push(`PSI = ${formatNumber(result.psi.psi)} (${result.psi.level})`);
    }
    if (result.chiSquare && result.jensenShannon) {
      lines.push(`X-squared = ${formatNumber(result.chiSquare.statistic)}, df = ${result.chiSquare.df}, p-value ${formatPValue(result.chiSquare.pValue)}`);
      lines.push(`Jensen-Shannon distance = ${formatNumber(result.jensenShannon.distance)} (${result.jensenShannon.level})`);
    }
    lines.push(`drifted (p < ${formatNumber(alpha)} and effect not 'none'): ${result.drifted}`, '');
    return lines.join('\n');
  };
  return { kind, alpha, ...result, print, toString: print };
}
