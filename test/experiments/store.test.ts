import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AblabError, InvalidArgumentError, jobEnvironment, neutralizeFormula, resolveShard, RunStore, runKey, selectShard, toCsv, type RunRecord } from '../../src/index.js';

const record = (variant: string, seed: number): RunRecord => ({
  key: runKey(variant, seed), experiment: 'demo', variant, seed, params: { dropout: 0.5, conv: [32, 64] },
  metrics: { accuracy: 0.9 + seed / 100 }, history: { loss: [1.2, 0.8], valAccuracy: [0.7, 0.85] },
  correct: [1, 0, 1], timing: { trainSeconds: 2.5 }, environment: { backend: 'wasm' }, finishedAt: '2026-01-02T03:04:05.000Z',
});

describe('RunStore', () => {
  it('saves runs atomically and loads them sorted', () => {
    const store = new RunStore(mkdtempSync(join(tmpdir(), 'ablab-store-')));
    store.save(record('B', 1));
    store.save(record('A', 2));
    store.save(record('A', 0));
    expect(store.keys()).to.deep.equal(['A__seed0', 'A__seed2', 'B__seed1']);
    expect(store.loadAll().map((r) => r.key)).to.deep.equal(['A__seed0', 'A__seed2', 'B__seed1']);
    expect(store.has('A__seed2')).to.equal(true);
    expect(store.has('A__seed1')).to.equal(false);
    expect(store.load('B__seed1')).to.deep.equal(record('B', 1));
    expect(readdirSync(join(store.dir, 'runs')).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('sets aside truncated, empty, {} and corrupt run files (kept for inspection) and counts those runs as missing', () => {
    const store = new RunStore(mkdtempSync(join(tmpdir(), 'ablab-store-')));
    store.save(record('A', 0));
    const full = JSON.stringify(record('A', 1));
    const runs = join(store.dir, 'runs');
    const bad: Record<string, string> = {
      A__seed1: full.slice(0, full.length / 2), A__seed2: '', A__seed3: '{}', A__seed4: '\u0000\u0001garbage',
      A__seed5: JSON.stringify({ ...record('A', 5), metrics: { accuracy: 'x' } }), A__seed6: JSON.stringify(record('A', 7)), notes: '{"unrelated": true',
    };
    for (const [key, text] of Object.entries(bad)) writeFileSync(join(runs, `${key}.json`), text);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      expect(store.has('A__seed3')).to.equal(false);
      expect(store.loadAll().map((r) => r.key)).to.deep.equal(['A__seed0']);
      expect(store.keys()).to.deep.equal(['A__seed0']);
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.have.length(Object.keys(bad).length);
    expect(warnings.join('\n')).to.contain('not a complete run').and.contain('corrupt');
    const setAside = store.corruptFiles();
    expect(setAside).to.have.length(Object.keys(bad).length);
    expect(setAside.map((f) => readFileSync(f, 'utf8')).sort()).to.deep.equal(Object.values(bad).sort());
    expect(readdirSync(runs).filter((f) => f.endsWith('.json'))).to.deep.equal(['A__seed0.json']);
    expect(() => store.load('A__seed1')).to.throw(AblabError, 'no complete run A__seed1');
  });

  it('rejects unsafe keys and bad folders', () => {
    const store = new RunStore(mkdtempSync(join(tmpdir(), 'ablab-store-')));
    for (const bad of ['../x', 'a/b', '', '..']) expect(() => store.has(bad)).to.throw(InvalidArgumentError, /key/);
    expect(() => new RunStore('')).to.throw(InvalidArgumentError, /dir/);
  });
});

describe('CSV tables', () => {
  it('quote header names and neutralise cells a spreadsheet would run as formulas', () => {
    const csv = toCsv([{ 'variant, name': '=1+1', accuracy: -0.5, note: '@x', seed: 3 }, { 'variant, name': 'a"b', accuracy: 1e-7, note: '-1.5', extra: { a: 1 } }]);
    expect(csv).to.equal('"variant, name","accuracy","note","seed","extra"\n\'=1+1,-0.5,\'@x,3,\n"a""b",1e-7,-1.5,,"{""a"":1}"\n');
    for (const [text, safe] of [['+A1', "'+A1"], ['-A1', "'-A1"], ['\tx', "'\tx"], ['-1e5', '-1e5'], ['+3', '+3'], ['x=1', 'x=1']]) expect(neutralizeFormula(text), text).to.equal(safe);
    for (const rows of [null, 'x', [1], [null]]) expect(() => toCsv(rows as never)).to.throw(InvalidArgumentError).with.property('argument').that.matches(/^rows/);
  });
});

describe('sharding', () => {
  it('resolves explicit, Slurm and Kubernetes shards', () => {
    expect(resolveShard({ taskIndex: 1, taskCount: 3 }, {})).to.deep.equal({ index: 1, count: 3, source: 'options' });
    expect(resolveShard({}, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_COUNT: '2' })).to.deep.equal({ index: 1, count: 2, source: 'slurm' });
    expect(resolveShard({}, { JOB_COMPLETION_INDEX: '2', ABLAB_TASK_COUNT: '4' })).to.deep.equal({ index: 2, count: 4, source: 'kubernetes' });
    expect(resolveShard({}, {})).to.deep.equal({ index: 0, count: 1, source: 'single' });
  });

  it('maps strided Slurm arrays to consecutive shards and refuses irregular task lists', () => {
    // Variables as Slurm 22.05 sets them for --array=0-6:2 (measured on the test cluster).
    const strided = (id: number) => resolveShard({}, { SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '6', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '4' });
    expect([0, 2, 4, 6].map((id) => strided(id).index)).to.deep.equal([0, 1, 2, 3]);
    expect(strided(6)).to.deep.equal({ index: 3, count: 4, source: 'slurm' });
    // --array=1,3,8 gives MIN 1, MAX 8, STEP 1, COUNT 3: no arithmetic maps ids to shards.
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8', SLURM_ARRAY_TASK_STEP: '1', SLURM_ARRAY_TASK_COUNT: '3' }))
      .to.throw(InvalidArgumentError, /SLURM_ARRAY_TASK_ID.*--task-index/);
  });

  it('records the host and the Slurm and Kubernetes job ids of a run', () => {
    expect(jobEnvironment({ SLURM_JOB_ID: '12', SLURM_ARRAY_JOB_ID: '10', SLURM_ARRAY_TASK_ID: '2' })).to.deep.equal({ host: hostname(), slurmJobId: 12, slurmArrayJobId: 10, slurmArrayTaskId: 2 });
    expect(jobEnvironment({ JOB_COMPLETION_INDEX: '3' })).to.deep.equal({ host: hostname(), kubernetesCompletionIndex: 3 });
    expect(jobEnvironment({ SLURM_JOB_ID: '' })).to.deep.equal({ host: hostname() });
  });

  it('splits items into disjoint shards that cover the grid', () => {
    const items = [...Array(11).keys()];
    const shards = [0, 1, 2].map((index) => selectShard(items, { index, count: 3, source: 'options' }));
    expect(shards.flat().sort((a, b) => a - b)).to.deep.equal(items);
    expect(shards[1]).to.deep.equal([1, 4, 7, 10]);
  });

  it('rejects inconsistent shard settings', () => {
    expect(() => resolveShard({ taskIndex: 3, taskCount: 3 }, {})).to.throw(InvalidArgumentError, /taskIndex/);
    expect(() => resolveShard({ taskIndex: 0 }, {})).to.throw(InvalidArgumentError, /taskCount/);
    expect(() => resolveShard({}, { JOB_COMPLETION_INDEX: '1' })).to.throw(InvalidArgumentError, /ABLAB_TASK_COUNT/);
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: 'x' })).to.throw(InvalidArgumentError, /SLURM_ARRAY_TASK_ID/);
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '1e1', SLURM_ARRAY_TASK_COUNT: '20' })).to.throw(InvalidArgumentError, /SLURM_ARRAY_TASK_ID/);
    // --array=1,3,10 is not one range: no index mapping exists, say so instead of skipping runs.
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '10', SLURM_ARRAY_TASK_COUNT: '3' }))
      .to.throw(InvalidArgumentError, /not one range/);
    for (const [items, shard, argument] of [
      ['abc', { index: 0, count: 1 }, 'items'], [[1], null, 'shard'], [[1], { index: 0, count: 0 }, 'shard.count'],
      [[1], { index: 2, count: 2 }, 'shard.index'], [[1], { index: -1, count: 2 }, 'shard.index'], [[1], { index: 0.5, count: 2 }, 'shard.index'],
    ] as const) {
      expect(() => selectShard(items as never, shard as never)).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    for (const [variant, seed, argument] of [['..', 1, 'variant'], ['a/b', 1, 'variant'], ['a__b', 1, 'variant'], [3, 1, 'variant'], ['a', -1, 'seed'], ['a', 1.5, 'seed'], ['a', '1', 'seed']] as const) {
      expect(() => runKey(variant as never, seed as never)).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
  });

  it('maps strided Slurm arrays (--array=0-6:2, 1-9:4) onto every shard exactly once', () => {
    const grid = [...Array(10).keys()];
    for (const [min, max, step] of [[0, 6, 2], [1, 9, 4], [0, 3, 1], [5, 5, 1]]) {
      const ids = Array.from({ length: Math.floor((max - min) / step) + 1 }, (_, k) => min + k * step);
      const env = (id: number) => ({
        SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(max),
        SLURM_ARRAY_TASK_STEP: String(step), SLURM_ARRAY_TASK_COUNT: String(ids.length),
      });
      const shards = ids.map((id) => resolveShard({}, env(id)));
      expect(shards.map((s) => s.index), `${min}-${max}:${step}`).to.deep.equal(ids.map((_, k) => k));
      expect(shards.flatMap((s) => selectShard(grid, s)).sort((a, b) => a - b)).to.deep.equal(grid);
    }
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '4' }))
      .to.throw(InvalidArgumentError, /SLURM_ARRAY_TASK_ID/);
  });
});
