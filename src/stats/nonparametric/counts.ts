/** Validation of the counts that the accuracy tests and intervals take. */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';

/** Throws unless `n` is an integer ≥ 1 and `successes` an integer in [0, n]. */
export function checkSuccesses(successesName: string, successes: unknown, nName: string, n: unknown): void {
  assertInteger(nName, n, 0);
  if (n < 1) throw new InsufficientDataError(nName, n, 'need at least one trial');
  assertInteger(successesName, successes, 0);
  if (successes > n) throw new InvalidArgumentError(successesName, successes, `expected at most ${nName} = ${n} successes`);
}

/**
 * Paired 2×2 table of two classifiers scored on the same samples, rows = model A right/wrong,
 * columns = model B right/wrong: [[bothRight, onlyA], [onlyB, bothWrong]].
 */
export interface PairedTable {
  bothRight: number;
  /** b: A right, B wrong. */
  onlyA: number;
  /** c: A wrong, B right. */
  onlyB: number;
  bothWrong: number;
}

/** Validates a 2×2 array of non-negative integer counts with at least one sample. */
export function toPairedTable(name: string, table: unknown): PairedTable {
  const shapeOk = Array.isArray(table) && table.length === 2
    && table.every((row) => Array.isArray(row) && row.length === 2);
  if (!shapeOk) throw new InvalidArgumentError(name, table, 'expected a 2×2 array [[bothRight, onlyA], [onlyB, bothWrong]]');
  const rows = table as unknown[][];
  rows.forEach((row, i) => row.forEach((v, j) => assertInteger(`${name}[${i}][${j}]`, v, 0)));
  const [[bothRight, onlyA], [onlyB, bothWrong]] = rows as number[][];
  if (bothRight + onlyA + onlyB + bothWrong === 0) throw new InsufficientDataError(name, table, 'the table holds no samples');
  return { bothRight, onlyA, onlyB, bothWrong };
}
