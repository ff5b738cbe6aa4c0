import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configHash, InvalidArgumentError, normalizeExperimentConfig, runExperiment, runParameters, RunStore, trainingCodeFingerprint,
  type ExperimentConfig, type RunRecord,
} from '../../src/index.js';
import { cli, finalTable, repoRoot as root, runCli, writeTinyExperiment as tinyExperiment } from '../support/tinyExperiment.js';

describe('runExperiment (CLI, resume, shards)', function () {
  this.timeout(240_000);
  let reference: Record<string, Record<string, number>>;

  before(() => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ablab-exp-')), 'single');
    const out = runCli(['run', tinyExperiment(dir), '--quiet']);
    expect(out).to.contain('6 run(s) trained');
    expect(out).to.match(/report: .*report\.html/);
    reference = finalTable(dir);
    expect(Object.keys(reference)).to.have.length(6);
    for (const file of ['report.html', 'runs.csv', 'summary.csv', 'comparisons.csv', 'experiment.json']) expect(existsSync(join(dir, file)), file).to.equal(true);
    expect(readFileSync(join(dir, 'comparisons.csv'), 'utf8')).to.match(/^comparison,variant,baseline,meanDifference/);
  });

  it('resumes after kill -9 without repeating or losing runs, with the same final table', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ablab-exp-')), 'killed');
    const file = tinyExperiment(dir);
    const [cmd, argv] = cli(['run', file, '--quiet']);
    const child = spawn(cmd, argv, { cwd: root, stdio: 'ignore' });
    const runsDir = join(dir, 'runs');
    const finishedBeforeKill = await new Promise<string[]>((resolve, reject) => {
      const poll = setInterval(() => {
        const done = existsSync(runsDir) ? readdirSync(runsDir).filter((f) => f.endsWith('.json')) : [];
        if (done.length >= 2) {
          child.kill('SIGKILL');
          clearInterval(poll);
          resolve(done);
        }
      }, 20);
      child.on('exit', () => { clearInterval(poll); reject(new Error('the experiment finished before it could be killed')); });
    });
    const stored = new RunStore(dir);
    const before = Object.fromEntries(finishedBeforeKill.map((f) => [f, readFileSync(join(runsDir, f), 'utf8')]));
    const storedBeforeRerun = stored.keys().length;
    expect(storedBeforeRerun).to.be.lessThan(6);
    const out = runCli(['run', file, '--quiet']);
    const trained = Number(/(\d+) run\(s\) trained/.exec(out)![1]);
    expect(trained, 'runs trained again').to.equal(6 - storedBeforeRerun);
    for (const [f, text] of Object.entries(before)) expect(readFileSync(join(runsDir, f), 'utf8'), `${f} was rewritten`).to.equal(text);
    expect(finalTable(dir)).to.deep.equal(reference);
  });

  it('splits the grid across concurrent shard processes and aggregates to the single-process result', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ablab-exp-')), 'sharded');
    const file = tinyExperiment(dir);
    const codes = await Promise.all([0, 1, 2].map((index) => new Promise<number | null>((resolve) => {
      const [cmd, argv] = cli(['run', file, '--quiet', '--task-index', String(index), '--task-count', '3']);
      spawn(cmd, argv, { cwd: root, stdio: 'ignore' }).on('exit', resolve);
    })));
    expect(codes).to.deep.equal([0, 0, 0]);
    expect(runCli(['aggregate', file])).to.contain('report:');
    expect(finalTable(dir)).to.deep.equal(reference);
  });
});

describe('runExperiment resumed with changed training code', function () {
  this.timeout(120_000);

  it('warns that stored runs came from different training code', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ablab-exp-')), 'mixed');
    const file = tinyExperiment(dir);
    runCli(['run', file, '--quiet']);
    const runs = join(dir, 'runs');
    const [first, second] = readdirSync(runs).filter((f) => f.endsWith('.json'));
    const record = JSON.parse(readFileSync(join(runs, first), 'utf8'));
    record.environment.trainingCode = 'older-code';
    writeFileSync(join(runs, first), JSON.stringify(record));
    rmSync(join(runs, second));
    const [cmd, argv] = cli(['run', file, '--quiet']);
    const rerun = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8' });
    expect(rerun.status).to.equal(0);
    expect(rerun.stdout).to.contain('1 run(s) trained');
    expect(rerun.stderr).to.contain(`1 stored run(s) (${first.replace(/\.json$/, '')}) were trained by different training code (older-code vs`);
  });
});

describe('runExperiment resumed with a changed configuration', () => {
  const mlp = (hidden: number) => ({ model: { kind: 'mlp' as const, options: { inputShape: [4], numClasses: 2, dense: [hidden] } } });
  const configA = (outDir: string): ExperimentConfig => ({
    name: 'cfg', variants: { narrow: mlp(8), wide: mlp(32) }, seeds: [1, 2], epochs: 1, dataset: { source: 'mnist' }, outDir,
  });

  /** A store holding finished runs of every (variant, seed) of `config`, as runExperiment writes them (no training needed). */
  function storeWithRuns(config: ExperimentConfig): RunStore {
    const store = new RunStore(config.outDir!);
    store.saveDocument('experiment.json', config);
    for (const variant of Object.keys(config.variants)) {
      for (const seed of config.seeds) {
        const params = runParameters(config, variant);
        const record: RunRecord = {
          key: `${variant}__seed${seed}`, experiment: config.name, variant, seed, params, metrics: { accuracy: 0.5 }, history: {},
          timing: { trainSeconds: 1 }, environment: { trainingCode: trainingCodeFingerprint() }, finishedAt: new Date(0).toISOString(),
          configHash: configHash(params),
        };
        store.save(record);
      }
    }
    return store;
  }

  async function warningsOf(config: ExperimentConfig): Promise<string[]> {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.join(' ')); };
    try {
      const result = await runExperiment(config, { progress: false });
      expect(result.trained, 'every run was already stored').to.equal(0);
    } finally {
      console.warn = warn;
    }
    return warnings;
  }

  it('is silent when the configuration is the one the runs were made with (key order does not matter)', async () => {
    const config = configA(join(mkdtempSync(join(tmpdir(), 'ablab-cfg-')), 'same'));
    storeWithRuns(config);
    const reordered = Object.fromEntries(Object.entries(config).reverse()) as unknown as ExperimentConfig;
    expect(await warningsOf(reordered)).to.deep.equal([]);
  });

  it('warns, naming the changed settings, when stored runs were trained with other settings', async () => {
    const config = configA(join(mkdtempSync(join(tmpdir(), 'ablab-cfg-')), 'epochs'));
    const store = storeWithRuns(config);
    // A record written before runs stored their hash: the hash of its params stands in.
    const legacy = store.load('narrow__seed1');
    delete legacy.configHash;
    store.save(legacy);
    const changed = { ...config, epochs: 3 };
    const warnings = await warningsOf(changed);
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.contain('experiment.json holds a different configuration (changed: epochs)');
    expect(warnings[1]).to.contain('4 stored run(s) (narrow__seed1, narrow__seed2, wide__seed1, …) were trained with other settings')
      .and.contain('(changed: epochs)');
    expect(store.loadDocument('experiment.json'), 'experiment.json now holds the configuration in use').to.deep.equal(changed);
  });

  it('extending the experiment (more seeds) changes experiment.json but flags no stored run', async () => {
    const config = configA(join(mkdtempSync(join(tmpdir(), 'ablab-cfg-')), 'extended'));
    storeWithRuns(config);
    const extended = { ...config, seeds: [1, 2, 3] };
    storeWithRuns(extended); // the new seed's runs, as another shard would have stored them
    new RunStore(config.outDir!).saveDocument('experiment.json', config);
    const warnings = await warningsOf(extended);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('(changed: seeds)');
  });

  it('flags only the runs of a variant whose model changed', async () => {
    const config = configA(join(mkdtempSync(join(tmpdir(), 'ablab-cfg-')), 'variant'));
    storeWithRuns(config);
    const warnings = await warningsOf({ ...config, variants: { ...config.variants, wide: mlp(64) } });
    expect(warnings[1]).to.contain('2 stored run(s) (wide__seed1, wide__seed2) were trained with other settings').and.contain('(changed: model)');
  });
});

describe('experiment configuration', () => {
  it('rejects bad configurations with the argument named', () => {
    const good: ExperimentConfig = {
      name: 'x', seeds: [1, 2], epochs: 1, dataset: { source: 'mnist' },
      variants: { a: { model: { kind: 'mlp', options: { inputShape: [4], numClasses: 2 } } }, b: { model: { kind: 'mlp', options: { inputShape: [4], numClasses: 2 } } } },
    };
    expect(normalizeExperimentConfig(good)).to.include({ baseline: 'a', metric: 'accuracy', margin: 0.005 });
    const bad: [Partial<ExperimentConfig>, RegExp][] = [
      [{ name: 'a/b' }, /config\.name/],
      [{ variants: { only: good.variants.a } }, /config\.variants/],
      [{ variants: { 'a__b': good.variants.a, c: good.variants.b } }, /config\.variants/],
      [{ baseline: 'zzz' }, /config\.baseline/],
      [{ margin: -1 }, /config\.margin/],
    ];
    for (const [patch, message] of bad) expect(() => normalizeExperimentConfig({ ...good, ...patch })).to.throw(InvalidArgumentError, message);
  });
});
