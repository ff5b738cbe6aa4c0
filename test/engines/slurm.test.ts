/**
 * The README's Slurm job array, run on a real single-node Slurm cluster (Debian's slurm-wlm + munge,
 * started by the test; .ci/run installs them). The committed script scripts/slurm/ablab-array.sbatch
 * is submitted unchanged with a tiny experiment; the sharded results must equal a single process's.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, selectShard } from '../../src/index.js';
import { missingSlurmPrograms, type SlurmCluster, startSlurmCluster } from '../support/slurmCluster.js';
import { repoRoot, reproducibleResults, runCli, singleProcessReference, tinyGridKeys, userProject, writeTinyExperiment } from '../support/tinyExperiment.js';

const SCRIPT = join(repoRoot, 'scripts/slurm/ablab-array.sbatch');

describe('Slurm job array (real single-node cluster)', function () {
  this.timeout(300_000);
  let cluster: SlurmCluster | undefined;
  let work: string;
  let project: string;
  let reference: ReturnType<typeof reproducibleResults>;

  before(async function () {
    const missing = missingSlurmPrograms();
    if (missing.length > 0) {
      console.warn(`    SKIPPED Slurm tests: ${missing.join(', ')} not installed (apt-get install slurm-wlm munge)`);
      this.skip();
    }
    work = mkdtempSync(join(tmpdir(), 'ablab-slurm-work-'));
    project = userProject(join(work, 'project'));
    cluster = await startSlurmCluster();
    reference = singleProcessReference();
  });

  after(async () => {
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /**
   * Submits the committed script (extra sbatch options only on the command line), waits for the
   * array, and checks: every task completed; the tasks' "N run(s) trained" add up to the grid and
   * each run was trained by the task whose shard holds it; each run records host and job ids; and
   * `ablab aggregate` reproduces the single-process results bit for bit.
   */
  async function submitAndCheck(name: string, sbatchOptions: string[], expectedTaskIds: number[]): Promise<void> {
    const out = join(work, name);
    const config = writeTinyExperiment(out);
    const logs = join(work, `${name}-logs`);
    mkdirSync(logs);
    const jobId = Number(cluster!.run('sbatch', ['--parsable', `--chdir=${project}`, `--output=${logs}/%A_%a.out`, ...sbatchOptions, SCRIPT, config, out]).trim());
    const tasks = await cluster!.waitForJob(jobId, 240_000);
    const log = (taskId: number) => readFileSync(join(logs, `${jobId}_${taskId}.out`), 'utf8');
    expect(tasks.map((t) => t.arrayTaskId)).to.deep.equal(expectedTaskIds);
    for (const t of tasks) expect([t.state, t.exitCode], `task ${t.arrayTaskId}:\n${log(t.arrayTaskId)}`).to.deep.equal(['COMPLETED', '0:0']);

    const step = expectedTaskIds.length > 1 ? expectedTaskIds[1] - expectedTaskIds[0] : 1;
    const shardOf = (taskId: number) => ({ index: (taskId - expectedTaskIds[0]) / step, count: expectedTaskIds.length, source: 'slurm' as const });
    let trained = 0;
    for (const t of tasks) {
      const match = /(\d+) run\(s\) trained \(shard (\d+)\/(\d+), slurm\)/.exec(log(t.arrayTaskId));
      expect(match, log(t.arrayTaskId)).to.not.equal(null);
      const shard = shardOf(t.arrayTaskId);
      expect([Number(match![2]), Number(match![3])], `task ${t.arrayTaskId}'s shard`).to.deep.equal([shard.index + 1, shard.count]);
      expect(Number(match![1]), `runs trained by task ${t.arrayTaskId}`).to.equal(selectShard(tinyGridKeys, shard).length);
      trained += Number(match![1]);
    }
    expect(trained, 'runs trained by all tasks together').to.equal(tinyGridKeys.length);

    const runs = new RunStore(out).loadAll();
    expect(runs.map((r) => r.key).sort()).to.deep.equal([...tinyGridKeys].sort());
    const jobOfTask = new Map(tasks.map((t) => [t.arrayTaskId, t.jobId]));
    for (const run of runs) {
      const taskId = run.environment.slurmArrayTaskId as number;
      expect(run.environment, run.key).to.include({ host: hostname(), slurmArrayJobId: jobId, slurmJobId: jobOfTask.get(taskId) });
      expect(selectShard(tinyGridKeys, shardOf(taskId)), `${run.key} trained by task ${taskId}`).to.include(run.key);
    }

    expect(runCli(['aggregate', config])).to.contain('report:');
    expect(reproducibleResults(out)).to.deep.equal(reference);
  }

  it('runs the documented array (#SBATCH --array=0-9: 10 tasks for 6 runs) and aggregates to the single-process results', async () => {
    await submitAndCheck('documented', [], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('runs a strided array (--array=0-6:2: tasks 0, 2, 4, 6) and aggregates to the single-process results', async () => {
    await submitAndCheck('strided', ['--array=0-6:2'], [0, 2, 4, 6]);
  });
});

describe('Slurm job-array script', () => {
  it('is shown verbatim in the README', () => {
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).to.contain(`\`\`\`bash\n${readFileSync(SCRIPT, 'utf8')}\`\`\``);
  });
});
