import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyzeExperiment, analyzeGroups, assertDataset, InvalidArgumentError, loadCsv, Random, runExperiment, splitDataset, writeExperimentReport,
  type ExperimentConfig,
} from '../../src/index.js';

/** A tabular CSV with a `region` column; region C's label follows a different rule (harder to learn). */
function writeCsv(dir: string, rows: number): string {
  const rng = new Random(11);
  const lines = ['x1,x2,x3,region,label'];
  for (let i = 0; i < rows; i++) {
    const x = [rng.normal(), rng.normal(), rng.normal()];
    const region = ['A', 'B', 'C'][i % 5 === 0 ? 2 : i % 2];
    const label = region === 'C' ? Number(x[1] - x[0] > 0) : Number(x[0] + 0.5 * x[2] > 0);
    lines.push(`${x.map((v) => v.toFixed(4)).join(',')},${region},${label}`);
  }
  const path = join(dir, 'regions.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('experiments: groups from a CSV group column through runs to the report', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'ablab-groups-'));

  it('loadCsv keeps the group column out of the features and splits carry it', () => {
    const data = loadCsv(writeCsv(dir, 50), { labelColumn: 'label', groupColumn: 'region' });
    expect(data.sampleShape).to.deep.equal([3]);
    expect(data.groups!.slice(0, 6)).to.deep.equal(['C', 'B', 'A', 'B', 'A', 'C']);
    const { test } = splitDataset(data, { train: 40, test: 10 }, 3);
    const labelsOfGroup = (d: typeof data, g: string) => d.groups!.filter((x) => x === g).length;
    expect(test.groups).to.have.length(10);
    expect(labelsOfGroup(test, 'A') + labelsOfGroup(test, 'B') + labelsOfGroup(test, 'C')).to.equal(10);
    expect(() => loadCsv(join(dir, 'regions.csv'), { labelColumn: 'label', groupColumn: 'area' })).to.throw(InvalidArgumentError, 'options.groupColumn');
    expect(() => assertDataset('data', { ...data, groups: ['A'] })).to.throw(InvalidArgumentError, 'data.groups');
  });

  it('stores predictions, labels and groups per run, and the report gains a groups section', async () => {
    const path = writeCsv(dir, 900);
    const mlp = (hidden: number) => ({ model: { kind: 'mlp' as const, options: { inputShape: [3], numClasses: 2, dense: [hidden] } } });
    const config: ExperimentConfig = {
      name: 'regions', variants: { small: mlp(2), large: mlp(16) }, seeds: [1, 2], epochs: 2, batchSize: 32, workers: 1,
      dataset: { source: 'csv', path, options: { labelColumn: 'label', groupColumn: 'region' }, testFraction: 0.3, seed: 1 },
      outDir: join(dir, 'runs'),
    };
    const result = await runExperiment(config, { progress: false });
    expect(result.runs).to.have.length(4);
    for (const run of result.runs) {
      expect(run.predictions).to.have.length(270);
      expect(run.labels).to.have.length(270);
      expect(run.groups).to.have.length(270);
      expect(run.correct).to.deep.equal(run.predictions!.map((p, i) => Number(p === run.labels![i])));
    }
    const analysis = analyzeExperiment(result);
    const groups = analyzeGroups(analysis.runs, { baseline: 'small', resamples: 200 })!;
    expect(groups.comparison.groups).to.deep.equal(['A', 'B', 'C']);
    expect(groups.comparison.seeds).to.deep.equal([1, 2]);
    // The mean over seeds of each run's group accuracy, recomputed from the stored samples.
    const accuracyOf = (variant: string, group: string) => result.runs.filter((r) => r.variant === variant).map((r) => {
      const idx = r.groups!.map((g, i) => (g === group ? i : -1)).filter((i) => i >= 0);
      return idx.filter((i) => r.correct![i] === 1).length / idx.length;
    }).reduce((s, a) => s + a, 0) / 2;
    const largeC = groups.comparison.metrics.find((m) => m.variant === 'large' && m.group === 'C' && m.metric === 'accuracy')!;
    expect(largeC.estimate).to.be.closeTo(accuracyOf('large', 'C'), 1e-12);
    const report = writeExperimentReport(analysis, config.outDir!);
    const html = readFileSync(report.html, 'utf8');
    expect(html).to.contain('<h2>Groups</h2>').and.to.contain('Fairness gaps');
    for (const name of ['group_metrics', 'group_differences', 'fairness_gaps']) expect(existsSync(join(config.outDir!, `${name}.csv`)), name).to.equal(true);
    expect(readFileSync(join(config.outDir!, 'group_differences.csv'), 'utf8')).to.match(/^"variant","baseline","group","n","estimate","lower","upper","standardError","pValue","pAdjusted","significant"/); // toCsv quotes header names
  });

  it('no groups section when the runs have no groups', () => {
    expect(analyzeGroups([], { baseline: 'a' })).to.equal(null);
  });
});
