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
 * job array (SLURM_ARRAY_TASK_ID, offset by SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT tasks),
 * then a Kubernetes Indexed Job (JOB_COMPLETION_INDEX; the task count must be given, e.g. via
 * ABLAB_TASK_COUNT, since Kubernetes does not export `completions`), else the whole grid.
 * @throws {InvalidArgumentError} when an index is not below its count, or values are not integers.
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
    const slurmCount = count ?? parseNonNegativeInt('SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT);
    if (slurmCount === undefined) throw new InvalidArgumentError('SLURM_ARRAY_TASK_COUNT', slurmCount, 'needed to split the grid');
    return check(slurmId - min, slurmCount, 'slurm');
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
