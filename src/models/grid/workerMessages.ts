/** Messages between runGrid and its worker threads. */
import type { EpochRecord } from '../train.js';
import type { RunResult, RunTask } from './trainAndEvaluate.js';

export type ToWorker = { type: 'run'; task: RunTask };

export type FromWorker =
  | { type: 'epoch'; variant: string; seed: number; record: EpochRecord }
  | { type: 'done'; result: RunResult }
  | { type: 'failed'; variant: string; seed: number; message: string };
