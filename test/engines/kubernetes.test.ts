/**
 * The Kubernetes Indexed Job manifest shown in the README (deploy/k8s/indexed-job.yaml), without a
 * cluster: its container command is run once per completion index with exactly the environment the
 * manifest gives plus JOB_COMPLETION_INDEX, which Kubernetes sets in every pod of an Indexed Job.
 * Only the experiment file and the output folder are swapped for a tiny experiment.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { RunStore, selectShard } from '../../src/index.js';
import { repoRoot, reproducibleResults, runCli, singleProcessReference, tinyGridKeys, userProject, writeTinyExperiment } from '../support/tinyExperiment.js';

interface Manifest {
  kind: string;
  spec: {
    completionMode: string; completions: number; parallelism: number;
    template: { spec: { restartPolicy: string; containers: { command: string[]; env: { name: string; value?: string }[]; volumeMounts: { mountPath: string }[] }[] } };
  };
}

const manifest = load(readFileSync(join(repoRoot, 'deploy/k8s/indexed-job.yaml'), 'utf8')) as Manifest;
const container = manifest.spec.template.spec.containers[0];
const manifestEnv = Object.fromEntries(container.env.map((e) => [e.name, e.value]));

describe('Kubernetes Indexed Job manifest (deploy/k8s/indexed-job.yaml)', function () {
  this.timeout(240_000);
  let work: string;
  after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  it('is an Indexed Job whose ABLAB_TASK_COUNT equals its completions and whose pods write to the shared volume', () => {
    expect(manifest.kind).to.equal('Job');
    expect(manifest.spec.completionMode).to.equal('Indexed');
    expect(manifestEnv.ABLAB_TASK_COUNT, 'ABLAB_TASK_COUNT (Kubernetes does not export completions)').to.equal(String(manifest.spec.completions));
    expect(manifest.spec.template.spec.restartPolicy).to.equal('Never');
    const [npx, noInstall, ablab, run, config, outFlag, out] = container.command;
    expect([npx, noInstall, ablab, run, outFlag]).to.deep.equal(['npx', '--no-install', 'ablab', 'run', '--out']);
    expect(config).to.match(/\.json$/);
    expect(container.volumeMounts.some((m) => out.startsWith(`${m.mountPath}/`)), `${out} is on a mounted volume`).to.equal(true);
  });

  it('runs every index with the manifest\'s environment, training each run once, and aggregates to the single-process results', async () => {
    const reference = singleProcessReference();
    work = mkdtempSync(join(tmpdir(), 'ablab-k8s-'));
    const project = userProject(join(work, 'project'));
    const out = join(work, 'store');
    const config = writeTinyExperiment(out);
    const command = container.command.map((arg, i) => (i === 4 ? config : container.command[i - 1] === '--out' ? out : arg));
    const indexes = [...Array(manifest.spec.completions).keys()];
    const pods = indexes.map((index) => new Promise<{ index: number; code: number | null; stdout: string; stderr: string }>((resolve) => {
      const pod = spawn(command[0], command.slice(1), { cwd: project, env: { ...process.env, ...manifestEnv, JOB_COMPLETION_INDEX: String(index) } });
      let stdout = '';
      let stderr = '';
      pod.stdout.on('data', (chunk) => { stdout += chunk; });
      pod.stderr.on('data', (chunk) => { stderr += chunk; });
      pod.on('exit', (code) => resolve({ index, code, stdout, stderr }));
    }));
    let trained = 0;
    for (const pod of await Promise.all(pods)) {
      expect(pod.code, `pod ${pod.index}: ${pod.stderr}`).to.equal(0);
      const match = /(\d+) run\(s\) trained \(shard (\d+)\/(\d+), kubernetes\)/.exec(pod.stdout);
      expect(match, pod.stdout).to.not.equal(null);
      const shard = { index: pod.index, count: manifest.spec.completions, source: 'kubernetes' as const };
      expect([Number(match![2]), Number(match![3])]).to.deep.equal([pod.index + 1, shard.count]);
      expect(Number(match![1]), `runs trained by pod ${pod.index}`).to.equal(selectShard(tinyGridKeys, shard).length);
      trained += Number(match![1]);
    }
    expect(trained).to.equal(tinyGridKeys.length);
    for (const run of new RunStore(out).loadAll()) {
      const index = run.environment.kubernetesCompletionIndex as number;
      expect(selectShard(tinyGridKeys, { index, count: manifest.spec.completions, source: 'kubernetes' }), `${run.key} trained by pod ${index}`).to.include(run.key);
    }
    expect(runCli(['aggregate', config])).to.contain('report:');
    expect(reproducibleResults(out)).to.deep.equal(reference);
  });
});
