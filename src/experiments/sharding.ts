import { InvalidArgumentError } from '../core/errors.js';

/** Which slice of a grid this process runs: task `index` of `count` (0-based). */
export interface Shard {
  index: number;
  count: number;
  /** Where the shard came from, for logs. */
  source: 'options' | 'slurm' | 'kubernetes' | 'single';
}

function parseNonNegativeInt(name: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(name, value, 'expected an integer >= 0');
  return n;
}

/**
 * Resolves this process's shard: explicit options first (`--task-index/--task-count`), then a Slurm
 * job array, then a Kubernetes Indexed Job (JOB_COMPLETION_INDEX; the task count must be given, e.g.
 * via ABLAB_TASK_COUNT, since Kubernetes does not export `completions`), else the whole grid.
 * A Slurm range `--array=MIN-MAX:STEP` has SLURM_ARRAY_TASK_COUNT tasks; task id ID runs shard
 * (ID − MIN) / STEP (so `--array=0-6:2` gives shards 0..3 of 4). An irregular list (`--array=1,3,8`)
 * has no such arithmetic and is refused rather than silently skipping part of the grid.
 * @throws {InvalidArgumentError} when an index is not below its count, values are not integers, or
 * a Slurm array is not an arithmetic range.
 */
export function resolveShard(options: { taskIndex?: number; taskCount?: number } = {}, env: NodeJS.ProcessEnv = process.env): Shard {
  const check = (index: number, count: number, source: Shard['source']): Shard => {
    if (count < 1) throw new InvalidArgumentError('taskCount', count, 'expected at least 1 task');
    if (index >= count) throw new InvalidArgumentError('taskIndex', index, `expected an index below the task count ${count}`);
    return { index, count, source };
  };
  const index = parseNonNegativeInt('taskIndex', options.taskIndex);
  const count = parseNonNegativeInt('taskCount', options.taskCount ?? env.ABLAB_TASK_COUNT);
  if (index !== undefined) {
    if (count === undefined) throw new InvalidArgumentError('taskCount', count, 'required with taskIndex');
    return check(index, count, 'options');
  }
  const slurmId = parseNonNegativeInt('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID);
  if (slurmId !== undefined) {
    const min = parseNonNegativeInt('SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN) ?? 0;
    const step = parseNonNegativeInt('SLURM_ARRAY_TASK_STEP', env.SLURM_ARRAY_TASK_STEP) ?? 1;
    const max = parseNonNegativeInt('SLURM_ARRAY_TASK_MAX', env.SLURM_ARRAY_TASK_MAX);
    const arrayCount = parseNonNegativeInt('SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT);
    const slurmCount = count ?? arrayCount;
    if (slurmCount === undefined) throw new InvalidArgumentError('SLURM_ARRAY_TASK_COUNT', slurmCount, 'needed to split the grid');
    if (step < 1) throw new InvalidArgumentError('SLURM_ARRAY_TASK_STEP', step, 'expected a step >= 1');
    const irregular = (slurmId - min) % step !== 0 || (max !== undefined && arrayCount !== undefined && (max - min) / step + 1 !== arrayCount);
    if (irregular) {
      throw new InvalidArgumentError('SLURM_ARRAY_TASK_ID', slurmId, `expected a task of a range --array=MIN-MAX[:STEP] (got MIN ${min}, MAX ${max}, STEP ${step}, COUNT ${arrayCount}); ` +
        'for a list of task ids pass --task-index and --task-count explicitly');
    }
    return check((slurmId - min) / step, slurmCount, 'slurm');
  }
  const k8sIndex = parseNonNegativeInt('JOB_COMPLETION_INDEX', env.JOB_COMPLETION_INDEX);
  if (k8sIndex !== undefined) {
    if (count === undefined) throw new InvalidArgumentError('ABLAB_TASK_COUNT', count, 'set it to the Indexed Job\'s completions');
    return check(k8sIndex, count, 'kubernetes');
  }
  return { index: 0, count: 1, source: 'single' };
}

/** The items of `items` (in a fixed order) that belong to `shard`: every count-th one from index. */
export function selectShard<T>(items: readonly T[], shard: Shard): T[] {
  return items.filter((_, i) => i % shard.count === shard.index);
}
