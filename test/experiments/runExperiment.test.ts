import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as cliMain } from '../../src/cli.js';
import {
  ConfigFileError, configHash, EXPERIMENT_DEFAULTS, InvalidArgumentError, parseJsonStrict, runExperiment, runParameters, RunStore, trainingCodeFingerprint,
  validateExperimentConfig, type ExperimentConfig, type RunRecord,
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
    expect(readFileSync(join(dir, 'comparisons.csv'), 'utf8')).to.match(/^"comparison","variant","baseline","meanDifference"/);
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
    // Both flag forms (--task-index=1 and --task-index 1); shards 0 and 1 first, so both see runs missing.
    const shard = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const [cmd, argv] = cli(['run', file, '--quiet', ...args]);
      const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const first = await Promise.all([shard(['--task-index=0', '--task-count=3']), shard(['--task-index', '1', '--task-count', '3'])]);
    expect(first.map((r) => r.code), first.map((r) => r.stderr).join('\n')).to.deep.equal([0, 0]);
    for (const { stdout } of first) {
      expect(stdout).to.contain('2 run(s) trained (shard');
      expect(stdout).to.contain(`run 'ablab aggregate ${file} --out ${dir}'`);
    }
    expect((await shard(['--task-index=2', '--task-count=3'])).code).to.equal(0);
    expect(runCli(['aggregate', file, '--out', dir])).to.contain('report:');
    expect(finalTable(dir)).to.deep.equal(reference);
  });
});

describe('command line', function () {
  this.timeout(60_000);
  /** Runs the CLI in this process, capturing what it prints. */
  async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const saved = { log: console.log, error: console.error };
    let stdout = '', stderr = '';
    console.log = (...parts: unknown[]) => { stdout += `${parts.join(' ')}\n`; };
    console.error = (...parts: unknown[]) => { stderr += `${parts.join(' ')}\n`; };
    try {
      return { status: await cliMain(args), stdout, stderr };
    } finally {
      Object.assign(console, saved);
    }
  }
  let file: string;
  before(() => {
    file = tinyExperiment(join(mkdtempSync(join(tmpdir(), 'ablab-cli-')), 'out'));
  });

  it('prints help and version', async () => {
    for (const args of [['--help'], ['-h']]) {
      const result = await run(args);
      expect(result.status).to.equal(0);
      expect(result.stdout).to.contain('Commands:').and.contain('aggregate').and.contain('"epochs"').and.contain('SLURM_ARRAY_TASK_STEP');
    }
    const runHelp = await run(['run', '--help']);
    expect(runHelp.status).to.equal(0);
    expect(runHelp.stdout).to.contain('--task-index').and.contain('ABLAB_TASK_COUNT').and.contain('"normalize"');
    expect((await run(['--version'])).stdout.trim()).to.equal(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('refuses unknown flags, flags without values, stray or missing arguments and unknown commands (exit 2)', async () => {
    for (const args of [
      ['run', file, '--outdir', 'x'], ['run', file, '--out'], ['run', file, '--task-index'], ['run', file, '--task-index=x', '--task-count=2'],
      ['run', file, 'extra'], ['run'], ['train', file], [], ['aggregate', file, '--quiet'], ['run', file, '--task-index=-1', '--task-count=2'],
    ]) {
      const result = await run(args);
      expect(result.status, args.join(' ')).to.equal(2);
      expect(result.stderr, args.join(' ')).to.match(/^ablab: /);
    }
  });

  it('validates the whole experiment file before training: unknown keys with a suggestion, duplicate variants', async () => {
    const config = JSON.parse(readFileSync(file, 'utf8'));
    const badFile = join(tmpdir(), `ablab-bad-${process.pid}.json`);
    writeFileSync(badFile, JSON.stringify({ ...config, epoch: 2 }));
    const typo = await run(['run', badFile]);
    expect(typo.status).to.equal(1);
    expect(typo.stderr).to.contain('config.epoch').and.contain('did you mean "epochs"');
    const text = JSON.stringify(config).replace('"wide":', '"narrow": {"model": {"kind": "mlp", "options": {"inputShape": [28, 28, 1], "numClasses": 10}}}, "wide":');
    writeFileSync(badFile, text);
    const duplicate = await run(['run', badFile]);
    expect(duplicate.status).to.equal(1);
    expect(duplicate.stderr).to.contain('key "variants.narrow" appears twice');
    rmSync(badFile);
    expect(existsSync(config.outDir), 'nothing was written').to.equal(false);
  });

  it('aggregate lists corrupt run files it set aside, and the runs still missing', async () => {
    const config = JSON.parse(readFileSync(file, 'utf8'));
    const runs = join(config.outDir, 'runs');
    mkdirSync(runs, { recursive: true });
    writeFileSync(join(runs, 'narrow__seed1.json'), '{}');
    const result = await run(['aggregate', file]);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('1 corrupt run file(s) set aside').and.contain(join(runs, 'corrupt', 'narrow__seed1.')).and.contain('missing runs: narrow__seed1,');
    rmSync(config.outDir, { recursive: true });
  });

  it('fails with a clear error (instead of spinning for ever) when the output folder cannot be created', function () {
    this.timeout(150_000); // a child process under tsx on a loaded machine; a hang is killed at 120 s
    const [cmd, argv] = cli(['run', file, '--out', '/proc/ablab-x']);
    const result = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('cannot create folder /proc/ablab-x');
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
  const mlp = (hidden: number) => ({ model: { kind: 'mlp' as const, options: { inputShape: [28, 28, 1], numClasses: 10, dense: [hidden] } } }); // validated against MNIST's shape
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
  const mlp = { model: { kind: 'mlp', options: { inputShape: [28, 28, 1], numClasses: 10 } } };
  const good: ExperimentConfig = { name: 'x', seeds: [1, 2], epochs: 1, dataset: { source: 'mnist' }, variants: { a: mlp, b: mlp } } as ExperimentConfig;
  const patched = (patch: Record<string, unknown>) => ({ ...good, ...patch }) as ExperimentConfig;

  it('fills in the defaults from one place', () => {
    expect(validateExperimentConfig(good)).to.include({ baseline: 'a', metric: EXPERIMENT_DEFAULTS.metric, margin: EXPERIMENT_DEFAULTS.margin, batchSize: 64, workers: 'auto' });
    expect(validateExperimentConfig(good).outDir).to.match(/runs.x$/);
  });

  it('rejects every bad setting before training, naming the JSON key', () => {
    const variant = (options: Record<string, unknown>, kind = 'mlp') => ({ a: mlp, b: { model: { kind, options: { ...mlp.model.options, ...options } } } });
    const bad: [Record<string, unknown>, string, RegExp?][] = [
      [{ name: 'a/b' }, 'config.name'], [{ name: '..' }, 'config.name'], [{ name: '.' }, 'config.name'],
      [{ variants: { only: mlp } }, 'config.variants'], [{ variants: 'abc' }, 'config.variants'], [{ variants: [mlp, mlp] }, 'config.variants'],
      [{ variants: { a__b: mlp, c: mlp } }, 'config.variants.a__b'], [{ variants: { '..': mlp, c: mlp } }, 'config.variants...'],
      [{ variants: { 'x/y': mlp, c: mlp } }, 'config.variants.x/y'],
      [{ baseline: 'zzz' }, 'config.baseline'], [{ margin: -1 }, 'config.margin'],
      [{ epoch: 2 }, 'config.epoch', /did you mean "epochs"/], [{ seed: [1] }, 'config.seed', /did you mean "seeds"/],
      [{ seeds: [] }, 'config.seeds'], [{ seeds: [1, 1] }, 'config.seeds'], [{ seeds: [-1] }, 'config.seeds[0]'], [{ seeds: [1.5] }, 'config.seeds[0]'],
      [{ seeds: 3 }, 'config.seeds'], [{ seeds: [2 ** 32] }, 'config.seeds[0]'],
      [{ epochs: 0 }, 'config.epochs'], [{ epochs: 1e12 }, 'config.epochs'], [{ epochs: '3' }, 'config.epochs'],
      [{ batchSize: 0 }, 'config.batchSize'], [{ workers: 0 }, 'config.workers'], [{ workers: 'many' }, 'config.workers'], [{ backend: 'gpu' }, 'config.backend'],
      [{ metric: 'acuracy' }, 'config.metric', /did you mean "accuracy"/], [{ metric: 'mse' }, 'config.metric'],
      [{ dataset: { source: 'imagenet' } }, 'config.dataset.source'], [{ dataset: { source: 'mnist', option: {} } }, 'config.dataset.option', /did you mean "options"/],
      [{ dataset: { source: 'mnist', options: { trainsize: 10 } } }, 'config.dataset.options.trainsize', /did you mean "trainSize"/],
      [{ dataset: { source: 'mnist', normalize: 'zscore' } }, 'config.dataset.normalize'],
      [{ dataset: { source: 'mnist', normalize: { mean: [0.5], std: [0] } } }, 'config.dataset.normalize.std'],
      [{ dataset: { source: 'mnist', normalize: { mean: [0.5], std: [0.5, 0.5] } } }, 'config.dataset.normalize.std'],
      [{ variants: { a: mlp, b: { model: { kind: 'transformer', options: {} } } } }, 'config.variants.b.model.kind'],
      [{ variants: { a: mlp, b: { model: mlp.model, epoch: 3 } } }, 'config.variants.b.epoch', /did you mean "epochs"/],
      [{ variants: variant({ inputShape: [4] }) }, 'config.variants.b.model.options.inputShape'],
      [{ variants: variant({ inputShape: [784] }, 'cnn') }, 'config.variants.b.model.options.inputShape'],
      [{ variants: variant({ numClasses: 1 }) }, 'config.variants.b.model.options.numClasses'],
      [{ variants: variant({ dropout: 1 }) }, 'config.variants.b.model.options.dropout'],
      [{ variants: variant({ droput: 0.5 }) }, 'config.variants.b.model.options.droput', /did you mean "dropout"/],
      [{ variants: variant({ conv: [8, 8, 8, 8, 8, 8] }, 'cnn') }, 'config.variants.b.model.options.conv'],
      [{ variants: variant({ initializer: 'he' }) }, 'config.variants.b.model.options.initializer'],
      [{ variants: { a: mlp, b: { model: { kind: 'module', path: 'relative.js' } } } }, 'config.variants.b.model.path'],
    ];
    for (const [patch, argument, message] of bad) {
      const call = () => validateExperimentConfig(patched(patch));
      expect(call, JSON.stringify(patch)).to.throw(InvalidArgumentError).with.property('argument', argument);
      if (message) expect(call, JSON.stringify(patch)).to.throw(message);
    }
    for (const value of [null, 'x', []]) expect(() => validateExperimentConfig(value as never)).to.throw(InvalidArgumentError).with.property('argument', 'config');
  });

  it('accepts the settings other features add: per-channel normalisation, PyTorch initialisation, CIFAR-10 options', () => {
    const cnn = { model: { kind: 'cnn', options: { inputShape: [32, 32, 3], numClasses: 10, initializer: 'pytorch' } } };
    expect(() => validateExperimentConfig(patched({
      dataset: { source: 'cifar10', normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }, options: { dir: 'data', download: false, trainSize: 100 } },
      variants: { a: cnn, b: cnn },
    }))).not.to.throw();
    expect(validateExperimentConfig(JSON.parse(readFileSync(join(root, 'experiments/mnist-dropout.json'), 'utf8'))).baseline).to.equal('noDropout');
  });

  it('parses JSON strictly: a key given twice (a variant listed twice) is an error', () => {
    expect(() => parseJsonStrict('{"variants": {"a": {"x": 1}, "b": {}, "a": {}}}', 'e.json')).to.throw(ConfigFileError, 'e.json: key "variants.a" appears twice');
    expect(() => parseJsonStrict('{"l": [{"k": 1, "k": 2}]}')).to.throw(ConfigFileError, '"l[0].k"');
    expect(() => parseJsonStrict('{"a": 1,}')).to.throw(ConfigFileError, 'invalid JSON');
    expect(parseJsonStrict('{"a": {"b": "x\\"y,{"}, "b": [{"a": 1}, {"a": 2}], "c": {"a": 1}}')).to.deep.equal({ a: { b: 'x"y,{' }, b: [{ a: 1 }, { a: 2 }], c: { a: 1 } });
  });
});
