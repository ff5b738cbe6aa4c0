import { checkOptions } from '../core/validate.js';
import { hostname } from 'node:os';

/** Where a run was trained: the host, and the batch job it belonged to when a scheduler started it. */
export interface JobEnvironment {
  /** The machine's host name (a pod's name on Kubernetes). */
  host: string;
  /** SLURM_JOB_ID: this array task's own job id. */
  slurmJobId?: number;
  /** SLURM_ARRAY_JOB_ID: the id `sbatch` printed, shared by all tasks of the array. */
  slurmArrayJobId?: number;
  /** SLURM_ARRAY_TASK_ID: the task id within the array (e.g. 0, 2, 4, 6 for `--array=0-6:2`). */
  slurmArrayTaskId?: number;
  /** JOB_COMPLETION_INDEX: the index of a Kubernetes Indexed Job's pod. */
  kubernetesCompletionIndex?: number;
}

const FIELDS = [
  ['slurmJobId', 'SLURM_JOB_ID'],
  ['slurmArrayJobId', 'SLURM_ARRAY_JOB_ID'],
  ['slurmArrayTaskId', 'SLURM_ARRAY_TASK_ID'],
  ['kubernetesCompletionIndex', 'JOB_COMPLETION_INDEX'],
] as const;

/**
 * The host and scheduler ids of this process, stored with every run so a number in a report can be
 * traced to the job (and its log) that produced it. Variables that are unset or not integers are left out.
 * @example
 * jobEnvironment({ SLURM_JOB_ID: '12', SLURM_ARRAY_JOB_ID: '10', SLURM_ARRAY_TASK_ID: '2' });
 * // { host: 'node07', slurmJobId: 12, slurmArrayJobId: 10, slurmArrayTaskId: 2 }
 */
export function jobEnvironment(env: NodeJS.ProcessEnv = process.env): JobEnvironment {
  env = checkOptions('env', env);
  const result: JobEnvironment = { host: hostname() };
  for (const [field, variable] of FIELDS) {
    const value = env[variable];
    if (value !== undefined && /^\d+$/.test(value)) result[field] = Number(value);
  }
  return result;
}
