import { type ExperimentConfig, Random, type RunRecord } from '../../src/index.js';

/** A small two-variant experiment config for report tests (nothing is trained). */
export const reportConfig: ExperimentConfig = {
  name: 'report-test', baseline: 'noDropout', seeds: [42, 43, 44, 45, 46], epochs: 2, margin: 0.005,
  dataset: { source: 'mnist' },
  variants: { noDropout: { model: { kind: 'mlp', options: { inputShape: [4], numClasses: 2 } } }, dropout: { model: { kind: 'mlp', options: { inputShape: [4], numClasses: 2, dropout: 0.5 } } } },
};

/** Synthetic stored runs of {@link reportConfig}: dropout 1.5 points better; `parallel` makes pairs of runs train at the same time. */
export function syntheticRuns(parallel: boolean): RunRecord[] {
  const rng = new Random(9);
  const start = Date.UTC(2026, 10, 30, 12);
  return (['noDropout', 'dropout'] as const).flatMap((variant, v) => reportConfig.seeds.map((seed, i) => {
    const trainSeconds = 100 + 20 * v + 3 * rng.normal();
    // Sequential: each run ends 200 s after the previous one; parallel: run i of both variants at the same time.
    const finished = parallel ? start + (i + 1) * 200_000 : start + (v * 5 + i + 1) * 200_000;
    return {
      key: `${variant}__seed${seed}`, experiment: 'report-test', variant, seed, params: {},
      metrics: { accuracy: 0.70 + 0.015 * v + 0.004 * rng.normal(), logLoss: 0.9 - 0.02 * v + 0.01 * rng.normal() },
      history: { loss: [1.2, 0.9] }, timing: { trainSeconds, inferenceMsPerSample: 0.123456 },
      environment: { backend: 'wasm', device: 'CPU (wasm SIMD, 1 thread)', cpuModel: 'Test CPU', cpuCount: 2, tfjsVersion: '4.22.0', nodeVersion: 'v20', ablabVersion: '0.1.0', commit: '0123456789ab', trainingCode: 'cafe' },
      finishedAt: new Date(finished).toISOString(),
    } satisfies RunRecord;
  }));
}
