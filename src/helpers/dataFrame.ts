/**
 * Danfo.js DataFrames, when the optional peer dependency danfojs is installed. danfojs is loaded on
 * first use only: it is large (and, without the overrides in the README, brings a second tfjs), and
 * nothing else in ablab needs it.
 */
import { AblabError, InvalidArgumentError } from '../core/errors.js';
import type { TableLike } from './table.js';

interface DanfoModule {
  DataFrame: new (rows: Record<string, unknown>[]) => TableLike;
}

let danfo: DanfoModule | null | undefined;

/**
 * The danfojs module when it is installed, else null; loaded once, on the first call.
 * @throws whatever loading an installed but broken danfojs throws.
 * @example
 * loadDanfo() === null; // true in a project without danfojs
 */
export function loadDanfo(): DanfoModule | null {
  if (danfo === undefined) {
    try {
      danfo = require('danfojs') as DanfoModule;
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /'danfojs'/.test((error as Error).message);
      if (!missing) throw error;
      danfo = null;
    }
  }
  return danfo;
}

/**
 * A Danfo.js DataFrame holding `rows` (one object per row).
 * @throws {InvalidArgumentError} unless rows is an array of objects.
 * @throws {AblabError} when danfojs is not installed (the rows themselves display as tables too:
 *   `showTable(rows)`).
 * @example
 * toDataFrame([{ seed: 1, accuracy: 0.91 }, { seed: 2, accuracy: 0.9 }]).columns; // ['seed', 'accuracy']
 */
export function toDataFrame(rows: Record<string, unknown>[]): TableLike {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', rows, 'expected an array of row objects');
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InvalidArgumentError(`rows[${i}]`, row, 'expected a row object');
  });
  const module = loadDanfo();
  if (module === null) {
    throw new AblabError('Danfo.js DataFrames need the optional peer dependency danfojs (npm install danfojs; see the README, '
      + '"Use ablab in your own project"); the same rows are available as plain objects and display with showTable(rows)');
  }
  return new module.DataFrame(rows);
}
