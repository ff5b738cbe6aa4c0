/**
 * Per-sample (test-item) inference for two classifiers trained over several seeds and scored on one
 * shared test set: valid tests of the sampling of the test set, seed by seed and across seeds.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { toBinaryArray, type Alternative } from '../../core/validate.js';
import type { TestResult } from '../core/htest.js';
import { mcnemarTest } from '../nonparametric/mcnemarTest.js';
import { pairedPermutationTest } from '../resampling/pairedPermutationTest.js';

export interface TestSampleComparisonOptions {
  /** About accuracy(A) − accuracy(B) (default 'two-sided'). */
  alternative?: Alternative;
  /** Level of the per-seed Newcombe intervals (default 0.95). */
  confidenceLevel?: number;
  /** Random sign patterns of the seed-averaged test (default 9999). */
  nResamples?: number;
  /** Seed of those sign patterns (default 0). */
  seed?: number;
}

export interface TestSampleComparison {
  /** Exact McNemar test of each seed's pair of trained models, in seed order. */
  mcnemarPerSeed: TestResult[];
  /** Sign-flip test over test items of the seed-averaged correctness difference. */
  seedAveraged: TestResult;
  /** Number of seeds and of test items. */
  seeds: number;
  items: number;
}

/** Rows of 0/1 correctness, one per seed, all over the same test items. */
function correctnessMatrix(name: string, rows: unknown): number[][] {
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r) || ArrayBuffer.isView(r))) {
    throw new InvalidArgumentError(name, rows, 'expected one array of per-sample correctness per seed (seeds × test samples)');
  }
  const matrix = rows.map((row, s) => toBinaryArray(`${name}[${s}]`, row));
  matrix.forEach((row, s) => {
    if (row.length !== matrix[0].length) {
      throw new InvalidArgumentError(`${name}[${s}]`, row.length, `expected ${matrix[0].length} test samples, as ${name}[0]`);
    }
  });
  return matrix;
}

/**
 * Compares models A and B on a shared test set of N items from their per-seed correctness
 * (`correctA[s][i]` = 1 when model A trained with seed s classifies test item i correctly).
 *
 * Pooling the S·N predictions into one McNemar table counts each test item S times as if the
 * pairs were independent: the seeds' predictions on one item are correlated, so the pooled
 * p-value is far too small. Instead, two valid analyses, each covering one source of variance:
 * - `mcnemarPerSeed`: McNemar's exact test for each seed's pair of trained models (Dietterich 1998
 *   recommends it for a single training run). It covers the sampling of the test set only: the
 *   trained models are held fixed, so it says nothing about retraining with another seed.
 * - `seedAveraged`: with m_i = (1/S)·Σ_s (A_si − B_si) the seed-averaged correctness difference of
 *   item i, a sign-flip permutation test over the N items of mean(m) = 0 (Fisher's paired
 *   randomization test; {@link pairedPermutationTest}). Items are the independent units, so it
 *   covers the sampling of the test set for the average of the trained seeds, and uses every seed
 *   without counting an item twice. The training randomness across seeds is averaged, not
 *   tested: that is the job of the paired tests over seeds in {@link compareModels}, which in turn
 *   hold the test set fixed (Bouthillier et al. 2021 on separating these sources of variance).
 *
 * References: Dietterich, T. G. (1998) "Approximate statistical tests for comparing supervised
 * classification learning algorithms", Neural Computation 10:1895–1923; Bouthillier, X. et al.
 * (2021) "Accounting for variance in machine learning benchmarks", MLSys 3.
 *
 * @param correctA per-seed correctness of model A: one array per seed (booleans or 0/1), same items in the same order.
 * @param correctB the same for model B, with the same seeds in the same order.
 * @throws {InvalidArgumentError} when the inputs are not seeds × items matrices of 0/1 of the same shape, or on a bad option.
 * @throws {InsufficientDataError} with fewer than 2 test items.
 * @example
 * const r = compareTestSamples([[1, 1, 1, 0, 1, 1], [1, 1, 0, 1, 1, 1]], [[1, 0, 1, 0, 0, 1], [1, 0, 0, 0, 1, 1]], { seed: 1 });
 * r.mcnemarPerSeed.map((t) => t.pValue); // [ 0.5, 0.5 ]
 * r.seedAveraged.pValue; // 0.25
 */
export function compareTestSamples(correctA: ArrayLike<boolean | number>[], correctB: ArrayLike<boolean | number>[],
  options: TestSampleComparisonOptions = {}): TestSampleComparison {
  const a = correctnessMatrix('correctA', correctA);
  const b = correctnessMatrix('correctB', correctB);
  if (a.length !== b.length) throw new InvalidArgumentError('correctB', b.length, `expected ${a.length} seeds, as correctA`);
  if (a[0].length !== b[0].length) throw new InvalidArgumentError('correctB[0]', b[0].length, `expected ${a[0].length} test samples, as correctA[0]`);
  const { alternative, confidenceLevel, nResamples, seed } = options;
  const mcnemarPerSeed = a.map((row, s) => mcnemarTest(row, b[s], { alternative, confidenceLevel }));
  const items = a[0].length;
  const seeds = a.length;
  const meanA = Array.from({ length: items }, (_, i) => a.reduce((sum, row) => sum + row[i], 0) / seeds);
  const meanB = Array.from({ length: items }, (_, i) => b.reduce((sum, row) => sum + row[i], 0) / seeds);
  const seedAveraged = pairedPermutationTest(meanA, meanB, { alternative, nResamples, seed });
  return { mcnemarPerSeed, seedAveraged, seeds, items };
}
