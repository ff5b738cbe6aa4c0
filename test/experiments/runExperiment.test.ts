import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, normalizeExperimentConfig, RunStore, type ExperimentConfig } from '../../src/index.js';
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
