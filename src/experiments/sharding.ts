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
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(name, value, 'expected an integer >= 0');
  return n;
}

/**
 * This task's index in a Slurm job array: (SLURM_ARRAY_TASK_ID − MIN) / STEP, so contiguous
 * (`--array=0-9`, `--array=1-10`) and strided (`--array=0-6:2`: ids 0, 2, 4, 6) arrays both give
 * indices 0 … COUNT−1. An id list that is not one range (`--array=1,3,10`) has no such mapping
 * and is refused rather than silently skipping part of the grid.
 */
function slurmShard(id: number, count: number | undefined, env: NodeJS.ProcessEnv): { index: number; count: number } {
  const min = parseNonNegativeInt('SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN) ?? 0;
  const max = parseNonNegativeInt('SLURM_ARRAY_TASK_MAX', env.SLURM_ARRAY_TASK_MAX);
  const step = parseNonNegativeInt('SLURM_ARRAY_TASK_STEP', env.SLURM_ARRAY_TASK_STEP) ?? 1;
  const slurmCount = parseNonNegativeInt('SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT);
  if (step < 1) throw new InvalidArgumentError('SLURM_ARRAY_TASK_STEP', env.SLURM_ARRAY_TASK_STEP, 'expected a step >= 1');
  if (id < min || (id - min) % step !== 0) {
    throw new InvalidArgumentError('SLURM_ARRAY_TASK_ID', id, `expected MIN + k·STEP (MIN ${min}, STEP ${step})`);
  }
  const rangeCount = max === undefined ? undefined : Math.floor((max - min) / step) + 1;
  if (rangeCount !== undefined && slurmCount !== undefined && rangeCount !== slurmCount) {
    throw new InvalidArgumentError('SLURM_ARRAY_TASK_ID', id,
      `expected a task of a range --array=MIN-MAX[:STEP], but the array is not one range (${min}-${max}:${step} has ${rangeCount} tasks, SLURM_ARRAY_TASK_COUNT ${slurmCount}); ` +
      `submit --array=${min}-${min + (slurmCount - 1) * step}${step > 1 ? `:${step}` : ''}, or for a list of task ids pass --task-index and --task-count explicitly`);
  }
  const total = count ?? slurmCount ?? rangeCount;
  if (total === undefined) throw new InvalidArgumentError('SLURM_ARRAY_TASK_COUNT', slurmCount, 'needed to split the grid');
  return { index: (id - min) / step, count: total };
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
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected { taskIndex?, taskCount? }');
  if (typeof env !== 'object' || env === null) throw new InvalidArgumentError('env', env, 'expected an environment object');
  for (const key of ['taskIndex', 'taskCount'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'number') throw new InvalidArgumentError(`options.${key}`, options[key], 'expected an integer >= 0');
  }
  const countName = options.taskCount !== undefined ? 'options.taskCount' : 'ABLAB_TASK_COUNT';
  const check = (index: number, count: number, source: Shard['source']): Shard => {
    if (count < 1) throw new InvalidArgumentError(countName, count, 'expected at least 1 task');
    if (index >= count) throw new InvalidArgumentError(source === 'options' ? 'options.taskIndex' : 'taskIndex', index, `expected an index below the task count ${count}`);
    return { index, count, source };
  };
  const index = parseNonNegativeInt('options.taskIndex', options.taskIndex);
  const count = parseNonNegativeInt(countName, options.taskCount ?? env.ABLAB_TASK_COUNT);
  if (index !== undefined) {
    if (count === undefined) throw new InvalidArgumentError('options.taskCount', count, 'required with options.taskIndex');
    return check(index, count, 'options');
  }
  const slurmId = parseNonNegativeInt('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID);
  if (slurmId !== undefined) {
    const slurm = slurmShard(slurmId, count, env);
    return check(slurm.index, slurm.count, 'slurm');
  }
  const k8sIndex = parseNonNegativeInt('JOB_COMPLETION_INDEX', env.JOB_COMPLETION_INDEX);
  if (k8sIndex !== undefined) {
    if (count === undefined) throw new InvalidArgumentError('ABLAB_TASK_COUNT', count, 'set it to the Indexed Job\'s completions');
    return check(k8sIndex, count, 'kubernetes');
  }
  return { index: 0, count: 1, source: 'single' };
}

/**
 * The items of `items` (in a fixed order) that belong to `shard`: every count-th one from index.
 * @throws {InvalidArgumentError} unless `items` is an array and `shard` has integers 0 <= index < count.
 * @example selectShard(['a', 'b', 'c', 'd', 'e'], { index: 1, count: 2, source: 'options' }) // ['b', 'd']
 */
export function selectShard<T>(items: readonly T[], shard: Shard): T[] {
  if (!Array.isArray(items)) throw new InvalidArgumentError('items', items, 'expected an array');
  if (typeof shard !== 'object' || shard === null) throw new InvalidArgumentError('shard', shard, 'expected { index, count }');
  if (!Number.isSafeInteger(shard.count) || shard.count < 1) throw new InvalidArgumentError('shard.count', shard.count, 'expected an integer >= 1');
  if (!Number.isSafeInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new InvalidArgumentError('shard.index', shard.index, `expected an integer in [0, ${shard.count - 1}]`);
  }
  return items.filter((_, i) => i % shard.count === shard.index);
}
