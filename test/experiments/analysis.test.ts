import { expect } from 'chai';
import { analyzeExperiment, pairedTTest, pAdjust, Random, runKey, type ExperimentConfig, type RunRecord } from '../../src/index.js';

const ITEMS = 300;
const SEEDS = [0, 1, 2, 3, 4, 5];

/** Baseline correctness per seed, and a variant that gets `extra[s]` more items right (fewer when negative) on seed s. */
function correctness(rng: Random): number[][] {
  return SEEDS.map(() => Array.from({ length: ITEMS }, () => rng.bernoulli(0.85)));
}
function shifted(base: number[][], extra: number[]): number[][] {
  return base.map((row, s) => {
    const out = [...row];
    let left = Math.abs(extra[s]);
    for (let i = 0; i < ITEMS && left > 0; i++) {
      if (out[i] === (extra[s] > 0 ? 0 : 1)) { out[i] = extra[s] > 0 ? 1 : 0; left--; }
    }
    return out;
  });
}
const run = (variant: string, seed: number, correct: number[]): RunRecord => ({
  key: runKey(variant, seed), experiment: 'demo', variant, seed, params: {}, metrics: { accuracy: correct.reduce((a, b) => a + b, 0) / ITEMS },
  history: { loss: [1, 0.5] }, correct, timing: { trainSeconds: 1 + seed / 10 }, environment: {}, finishedAt: '2026-01-01T00:00:00.000Z',
});

describe('analyzeExperiment', () => {
  const base = correctness(new Random(5));
  // Per-seed gains in items: dropout's paired t p ≈ 0.03 (significant alone), wide's ≈ 0.2; Holm over the two lifts dropout's above 0.05.
  const gains = { dropout: [3, 0, 4, 0, 2, 3], wide: [4, -2, 3, 1, -1, 5] };
  const config = { name: 'demo', variants: { baseline: {}, dropout: {}, wide: {} }, seeds: SEEDS, margin: 0.001 } as unknown as ExperimentConfig;
  const runs = [
    ...SEEDS.map((s) => run('baseline', s, base[s])),
    ...Object.entries(gains).flatMap(([variant, extra]) => shifted(base, extra).map((c, s) => run(variant, s, c))),
  ];
  const analysis = analyzeExperiment({ config, runs });

  it('makes the verdict and "statistically significant" follow the Holm-adjusted p-value, naming the variants', () => {
    const accuracy = (v: string) => runs.filter((r) => r.variant === v).map((r) => r.metrics.accuracy);
    const raw = ['dropout', 'wide'].map((v) => pairedTTest(accuracy(v), accuracy('baseline')).pValue);
    expect(raw[0]).to.be.below(0.05);
    const adjusted = pAdjust(raw, 'holm');
    expect(adjusted[0]).to.be.above(0.05);
    const [dropout] = analysis.comparisons;
    expect(dropout.row).to.include({ comparison: 'dropout − baseline', significantAfterCorrection: false, pAdjusted: adjusted[0] });
    expect(dropout.detail.verdict.statisticallySignificant).to.equal(false);
    expect(dropout.detail.verdict.text).to.contain('not statistically significant at α = 0.05 after adjustment');
    expect(dropout.detail.verdict.text).to.contain('dropout');
    expect(dropout.detail.verdict.text).to.not.match(/\bA and B\b|model A/);
    // Bonferroni-level interval for two comparisons: it includes 0, so the outcome cannot be 'better'.
    expect(dropout.row.ciLevel).to.equal(1 - 0.05 / 2);
    expect(dropout.detail.difference.ci.level).to.equal(1 - 0.05 / 2);
    expect(dropout.row.ciLower).to.be.below(0);
    expect(dropout.row.outcome).to.equal('inconclusive');
    expect(analysis.print()).to.contain('holm-adjusted');
  });

  it('tests the test samples per seed, never pooling a test item once per seed', () => {
    const [dropout] = analysis.comparisons;
    const samples = dropout.detail.tests.testSamples!;
    expect(samples).to.include({ seeds: 6, items: ITEMS });
    expect(samples.mcnemarPerSeed).to.have.length(6);
    expect(dropout.row.pSeedAveraged).to.equal(samples.seedAveraged.pValue);
    expect(dropout.row.mcnemarSeedsBelowAlpha).to.equal(`${samples.mcnemarPerSeed.filter((t) => t.pValue < 0.05).length}/6`);
    expect(analysis.rows.comparisons[0]).to.not.have.property('pMcNemar');
    expect(analysis.print()).to.contain('over test samples: seed-averaged sign-flip p');
  });
});
