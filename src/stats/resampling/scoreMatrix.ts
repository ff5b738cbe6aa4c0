import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { toFiniteArray } from '../../core/validate.js';

/** A runs × tasks score table stored task by task: `byTask[t][r]` is run r's score on task t. */
export interface ScoreMatrix {
  runs: number;
  tasks: number;
  byTask: Float64Array[];
}

/**
 * Validates `scores` as a rectangular runs × tasks table of finite numbers (rows are runs/seeds,
 * columns tasks, as rliable). With `allowVector`, a flat array is one task with one score per run.
 */
export function toScoreMatrix(name: string, scores: unknown, allowVector: boolean): ScoreMatrix {
  if (!Array.isArray(scores)) throw new InvalidArgumentError(name, scores, 'expected an array of runs, each an array of per-task scores');
  if (scores.length === 0) throw new InsufficientDataError(name, scores, 'need at least one run');
  const isTable = scores.every((row) => Array.isArray(row) || ArrayBuffer.isView(row));
  if (!isTable && !allowVector) {
    throw new InvalidArgumentError(name, scores, 'expected a runs × tasks table (an array of arrays)');
  }
  const rows = isTable ? scores.map((row, r) => toFiniteArray(`${name}[${r}]`, row)) : toFiniteArray(name, scores).map((value) => [value]);
  const tasks = rows[0].length;
  rows.forEach((row, r) => {
    if (row.length !== tasks) throw new InvalidArgumentError(`${name}[${r}]`, row, `every run needs the same number of tasks (${tasks})`);
  });
  return { runs: rows.length, tasks, byTask: Array.from({ length: tasks }, (_, t) => Float64Array.from(rows, (row) => row[t])) };
}

/** Fills `target[t]` with a resample (with replacement) of the runs of `source[t]`, independently per task. */
export function resampleWithinTasks(draw: (n: number, out: Int32Array) => void, source: readonly Float64Array[],
  target: readonly Float64Array[], indices: Int32Array): void {
  source.forEach((scores, t) => {
    draw(scores.length, indices);
    const out = target[t];
    for (let r = 0; r < scores.length; r++) out[r] = scores[indices[r]];
  });
}
