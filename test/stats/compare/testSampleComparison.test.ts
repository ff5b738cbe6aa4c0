import { expect } from 'chai';
import { InsufficientDataError, InvalidArgumentError, mcnemarTest, Random } from '../../../src/index.js';
import { compareTestSamples } from '../../../src/stats/compare/index.js';
import { binomialMonteCarloSe } from '../../support/monteCarlo.js';

const ALPHA = 0.05;

/**
 * Two equally accurate models on the population (H0 true) whose advantage on each test item
 * persists across seeds: item i has accuracy π_i ± δ_i for A and B with a random sign, as happens
 * when a test item suits one architecture. S seeds × N items of correctness per model.
 */
function persistentItemEffects(rng: Random, seeds: number, items: number, shift = 0): { a: number[][]; b: number[][] } {
  const itemP = Array.from({ length: items }, () => {
    const base = 0.55 + 0.4 * rng.uniform();
    const delta = (rng.uniform() < 0.5 ? -1 : 1) * 0.6 * Math.min(base, 1 - base);
    return { pA: base + delta + shift, pB: base - delta };
  });
  const draw = (p: (x: { pA: number; pB: number }) => number) =>
    Array.from({ length: seeds }, () => itemP.map((x) => rng.bernoulli(Math.min(1, p(x)))));
  return { a: draw((x) => x.pA), b: draw((x) => x.pB) };
}

describe('compareTestSamples', () => {
  it('runs McNemar per seed and a sign-flip test of the seed-averaged correctness over items', () => {
    const r = compareTestSamples([[1, 1, 1, 0, 1, 1], [1, 1, 0, 1, 1, 1]], [[1, 0, 1, 0, 0, 1], [1, 0, 0, 0, 1, 1]], { seed: 1 });
    expect(r.mcnemarPerSeed.map((t) => t.pValue)).to.deep.equal([0.5, 0.5]);
    // Per-item differences of the seed means: 0, 1, 0, 0.5, 0.5, 0 → all 2^6 sign patterns, 16 at least as extreme.
    expect(r.seedAveraged.pValue).to.equal(0.25);
    expect(r).to.include({ seeds: 2, items: 6 });
  });

  // Seeded simulation: 300 test sets of 120 items, 6 seeds, H0 true with persistent item effects.
  // Pooling the 720 predictions into one McNemar table (what analyzeExperiment did) rejects far
  // more often than α; McNemar per seed and the seed-averaged test over items hold α.
  it('holds its size where McNemar on predictions pooled over seeds does not', () => {
    const rng = new Random(2024);
    const reps = 300;
    let pooled = 0, perSeed = 0, averaged = 0;
    for (let k = 0; k < reps; k++) {
      const { a, b } = persistentItemEffects(rng, 6, 120);
      const r = compareTestSamples(a, b, { nResamples: 499, seed: k });
      if (r.seedAveraged.pValue < ALPHA) averaged++;
      if (r.mcnemarPerSeed[0].pValue < ALPHA) perSeed++;
      if (mcnemarTest(a.flat(), b.flat()).pValue < ALPHA) pooled++;
    }
    const band = 3 * binomialMonteCarloSe(ALPHA, reps);
    expect(averaged / reps, 'seed-averaged').to.be.at.most(ALPHA + band);
    expect(perSeed / reps, 'McNemar, one seed').to.be.at.most(ALPHA + band);
    expect(pooled / reps, 'pooled McNemar').to.be.above(3 * ALPHA);
  });

  it('detects a real advantage of A', () => {
    const rng = new Random(7);
    let rejections = 0;
    for (let k = 0; k < 50; k++) {
      const { a, b } = persistentItemEffects(rng, 6, 200, 0.08);
      if (compareTestSamples(a, b, { nResamples: 999, seed: k, alternative: 'greater' }).seedAveraged.pValue < ALPHA) rejections++;
    }
    expect(rejections / 50).to.be.above(0.8);
  });

  it('rejects input that is not seeds × test samples', () => {
    const bad: [() => unknown, typeof InvalidArgumentError | typeof InsufficientDataError, RegExp][] = [
      [() => compareTestSamples([1, 0, 1] as never, [[1, 0, 1]]), InvalidArgumentError, /correctA.*one array of per-sample correctness per seed/],
      [() => compareTestSamples([[1, 0], [1]], [[1, 0], [1, 0]]), InvalidArgumentError, /correctA\[1\]/],
      [() => compareTestSamples([[1, 0]], [[1, 0], [0, 0]]), InvalidArgumentError, /correctB/],
      [() => compareTestSamples([[1, 0, 1]], [[1, 0]]), InvalidArgumentError, /correctB\[0\]/],
      [() => compareTestSamples([[1, 3]], [[1, 0]]), InvalidArgumentError, /correctA\[0\]\[1\]/],
      [() => compareTestSamples([[1]], [[0]]), InsufficientDataError, /a/],
    ];
    for (const [call, type, message] of bad) expect(call).to.throw(type, message);
  });
});
