/**
 * Valid calls for the options audit of exports whose JSDoc @example cannot run on its own (it
 * uses results of earlier steps: `rows`, `rollout`, `config`...) or shows a mistake first
 * (validateExperimentConfig). Each entry builds the call's arguments from the barrel and is used
 * instead of the example's call; the audit varies the options argument of that call.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Api = Record<string, (...args: never[]) => unknown>;

/** Writes a tiny CIFAR-10 binary layout (2 images per file, labels 0–9) under `dir` (the audit's scratch folder). */
function tinyCifar(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const record = 1 + 3 * 32 * 32;
  ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch'].forEach((file, f) => {
    const bytes = new Uint8Array(2 * record).map((_, j) => (j % record === 0 ? (f + j / record) % 10 : j % 256));
    writeFileSync(join(dir, `${file}.bin`), bytes);
  });
  return dir;
}

const mlp = (hidden: number) => ({ model: { kind: 'mlp', options: { inputShape: [28, 28, 1], numClasses: 10, dense: [hidden] } } });
const bounds = (api: Api) => (api.groupSequentialBounds as (o: object) => unknown)({ looks: 3, sides: 2, spending: 'classicPocock' });

export const VALID_CALLS: Record<string, (api: Api) => unknown[]> = {
  scoreBinStatisticsParameters: () => [{ experiment: 'exp', edges: [0.25, 0.5, 0.75], since: 0, until: 1e12 }],
  scoreBinStatisticsFromEvents: () => [['A', 'B', 'A', 'B'].map((arm, i) => ({ experiment: 'exp', unitId: `u${i % 2}${arm}`, arm, modelVersion: 'v1',
    segment: null, prediction: 0.2 * i, score: 0.2 * i, latencyMs: 1, timestamp: 1000 + i, error: null })), { experiment: 'exp', edges: [0.5], since: 0, until: 1e12 }],
  allocationFigure: () => [[0, 1, 2], [[0.5, 0.5], [0.4, 0.6], [0.3, 0.7]], { armNames: ['A', 'B'], xTitle: 'step', title: 'allocation', trueBest: 1 }],
  allocationTimelineFigure: () => [[{ name: 'v2', log: [{ allocation: 0.1, nextAllocation: 0.5, decision: 'advance', reason: 'ok' }, { allocation: 0.5, nextAllocation: 1, decision: 'advance', reason: 'ok' }] }],
    { periodName: 'stage', title: 'rollout' }],
  ecdfFigure: () => [{ a: [1, 2, 3, 4], b: [2, 3, 4, 5] }, { ksLocation: 2.5, maxPoints: 100, xTitle: 'x', title: 'ecdf' }],
  expectedLossPathFigure: () => [[{ n: 10, chooseA: 0.02, chooseB: 0.01 }, { n: 20, chooseA: 0.03, chooseB: 0.004 }], { threshold: 0.01, labelA: 'A', labelB: 'B', xTitle: 'n', yTitle: 'loss', title: 'loss' }],
  forestPlotFigure: () => [[{ label: 'a', estimate: 0.1, lower: 0, upper: 0.2, pValue: 0.04 }, { label: 'b', estimate: -0.1, lower: -0.3, upper: 0.1 }], { xTitle: 'difference', margin: 0.05, title: 'forest' }],
  groupSequentialBoundsFigure: (api) => [[{ name: 'OBF', bounds: bounds(api) }], { zPath: { name: 'z', z: [1, 2] }, title: 'bounds' }],
  histogramOverlayFigure: () => [{ a: [1, 2, 3, 4], b: [2, 3, 4, 5] }, { bins: 4, range: [0, 6], xTitle: 'x', title: 'histogram' }],
  intervalBandsFigure: () => [[{ name: 'cs', x: [1, 2, 3], lower: [-1, -0.5, -0.2], upper: [1, 0.5, 0.3], estimate: [0, 0, 0.05] }],
    { nullValue: 0, trueValue: 0.1, yRange: [-2, 2], xTitle: 'n', yTitle: 'effect', title: 'bands' }],
  learningCurvesFigure: () => [[{ variant: 'a', seed: 1, values: [0.5, 0.6] }, { variant: 'b', seed: 1, values: [0.55, 0.7] }], { metric: 'accuracy', title: 'curves' }],
  mcnemarTableFigure: () => [{ bothCorrect: 50, onlyA: 5, onlyB: 9, bothWrong: 6 }, { labelA: 'A', labelB: 'B', title: 'table' }],
  metricDistributionFigure: () => [{ a: [0.8, 0.82, 0.81], b: [0.83, 0.84, 0.82] }, { metric: 'accuracy', kind: 'box', title: 'distribution' }],
  pValuePathFigure: () => [[{ name: 'naive', x: [1, 2, 3], pValues: [0.5, 0.04, 0.2] }], { alpha: 0.05, logY: true, markCrossings: true, xTitle: 'look', title: 'p-values' }],
  pairedDifferencesFigure: () => [[0.01, 0.02, -0.005, 0.015], { ci: { lower: -0.002, upper: 0.03, level: 0.95 }, margin: 0.005, label: 'B − A', seeds: [1, 2, 3, 4], title: 'differences' }],
  powerCurveFigure: () => [[{ n: 10, power: 0.2, effectSize: 0.5 }, { n: 64, power: 0.8, effectSize: 0.5 }], { targetPower: 0.8, xTitle: 'n', effectLabel: 'd', title: 'power' }],
  probabilityBestFigure: () => [['A', 'B'], [0.3, 0.7], { threshold: 0.95, title: 'best' }],
  pullsPerArmFigure: () => [[{ policy: 'thompson', pulls: [30, 70] }], { armNames: ['A', 'B'], title: 'pulls' }],
  psiBinsFigure: (api) => [(api.populationStabilityIndex as (a: number[], b: number[], o: object) => unknown)([1, 2, 3, 4, 5, 6, 7, 8], [2, 3, 4, 5, 6, 7, 8, 9], { bins: 4 }),
    { expectedName: 'before', actualName: 'after', title: 'psi' }],
  toHtmlTable: () => [[{ a: 1, b: 'x' }, { a: 2.5, b: 'y' }], { maxRows: 10, digits: 4, caption: 'rows' }],
  toTextTable: () => [[{ a: 1, b: 'x' }, { a: 2.5, b: 'y' }], { maxRows: 10, digits: 4, caption: 'rows' }],
  figureHtml: () => [{ data: [{ type: 'scatter', x: [1, 2], y: [3, 4] }], layout: { title: { text: 't' } } }, { height: 300, id: 'figure-1' }],
  resolveShard: () => [{ taskIndex: 1, taskCount: 4 }, {}],
  validateExperimentConfig: () => [{
    name: 'audit', variants: { narrow: mlp(8), wide: mlp(32) }, seeds: [1, 2], epochs: 1, batchSize: 32, metric: 'accuracy', margin: 0.005,
    dataset: { source: 'mnist', options: { trainSize: 60, validationSize: 10, testSize: 20, seed: 0 } },
  }],
  loadCsv: () => {
    writeFileSync('audit.csv', 'a,b,g,label\n1,2,x,0\n3,4,y,1\n5,6,x,0\n7,8,y,1\n');
    return ['audit.csv', { labelColumn: 'label', featureColumns: ['a', 'b'], task: 'classification', groupColumn: 'g' }];
  },
  loadCifar10: () => [{ dir: tinyCifar('cifar-audit'), trainSize: 8, validationSize: 2, testSize: 2, seed: 1 }],
  guardrailStatisticsParameters: () => [{ experiment: 'checkout', since: 0, until: 1000, quantileLevel: 0.9 }],
  segmentArmsFromRows: () => [[
    { segment: 'web', arm: 'control', n: 100, sum: 10, sumSquares: 10, successes: 10 }, { segment: 'web', arm: 'treatment', n: 100, sum: 14, sumSquares: 14, successes: 14 },
  ], { control: 'control', treatment: 'treatment', kind: 'proportion' }],
};
