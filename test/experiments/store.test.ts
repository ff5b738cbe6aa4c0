import { expect } from 'chai';
import { mkdtempSync, readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, jobEnvironment, resolveShard, RunStore, runKey, selectShard, type RunRecord } from '../../src/index.js';

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

  it('rejects unsafe keys and bad folders', () => {
    const store = new RunStore(mkdtempSync(join(tmpdir(), 'ablab-store-')));
    for (const bad of ['../x', 'a/b', '']) expect(() => store.has(bad)).to.throw(InvalidArgumentError, /key/);
    expect(() => new RunStore('')).to.throw(InvalidArgumentError, /dir/);
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
  });
});
