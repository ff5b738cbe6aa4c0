/** Users' own tabular data from a CSV file (header row, comma-separated, double-quoted fields allowed). */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../core/errors.js';
import { checkChoice } from '../../core/validate.js';
import { type Task, TASKS } from '../architectures/modelParts.js';
import { assertDataset, type Dataset } from './dataset.js';

export interface CsvOptions {
  /** Column holding the label (class name/index) or regression target. */
  labelColumn: string;
  /** Feature columns, in order. Default: every column except the label. */
  featureColumns?: string[];
  /** Default 'classification'. */
  task?: Task;
  /**
   * Column naming each row's group (e.g. a sensitive attribute or segment), kept as
   * `Dataset.groups` for per-group metrics and left out of the default features.
   */
  groupColumn?: string;
}

/** Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote). */
function parseLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * Reads a CSV into a {@link Dataset} of shape [n, features]. For classification, numeric labels
 * 0 … k−1 are used as they are; any other labels become classes in sorted order (see classNames).
 * @throws InvalidArgumentError naming the missing column, or the row and column of a non-numeric feature or a missing label.
 * With `groupColumn`, each row's group (e.g. a sensitive attribute) is kept in `groups`.
 * @example
 * const data = loadCsv('data/iris.csv', { labelColumn: 'species' });
 * const credit = loadCsv('data/credit.csv', { labelColumn: 'default', groupColumn: 'age_band' }); // credit.groups[0] === '25-34'
 */
export function loadCsv(path: string, options: CsvOptions): Dataset {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('path', path, 'expected a CSV file path');
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected { labelColumn, featureColumns?, task? }');
  if (options.featureColumns !== undefined && (!Array.isArray(options.featureColumns) || options.featureColumns.length === 0)) {
    throw new InvalidArgumentError('options.featureColumns', options.featureColumns, 'expected a non-empty array of column names');
  }
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 2) throw new InvalidArgumentError('path', path, 'expected a header row and at least one data row');
  const header = parseLine(lines[0]);
  const column = (name: string, argument: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new InvalidArgumentError(argument, name, `expected one of the columns ${header.join(', ')}`);
    return index;
  };
  const labelIndex = column(options?.labelColumn, 'options.labelColumn');
  const groupIndex = options.groupColumn === undefined ? -1 : column(options.groupColumn, 'options.groupColumn');
  const featureNames = options.featureColumns ?? header.filter((_, i) => i !== labelIndex && i !== groupIndex);
  const featureIndices = featureNames.map((name, i) => column(name, `options.featureColumns[${i}]`));
  const task = checkChoice('options.task', options.task, TASKS, 'classification');
  const rows = lines.slice(1).map(parseLine);
  const x = new Float32Array(rows.length * featureIndices.length);
  rows.forEach((row, r) => featureIndices.forEach((c, f) => {
    const value = Number(row[c]);
    if (row[c] === undefined || row[c] === '' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${path} row ${r + 2} column ${header[c]}`, row[c], 'expected a finite number');
    }
    x[r * featureIndices.length + f] = value;
  }));
  const rawLabels = rows.map((row, r) => {
    const label = row[labelIndex];
    if (label === undefined || label === '') throw new InvalidArgumentError(`${path} row ${r + 2} column ${header[labelIndex]}`, label ?? null, 'expected a label (it is missing)');
    if (task === 'regression' && !Number.isFinite(Number(label))) throw new InvalidArgumentError(`${path} row ${r + 2} column ${header[labelIndex]}`, label, 'expected a finite numeric target');
    return label;
  });
  const numeric = rawLabels.map(Number);
  let y: Float32Array;
  let classNames: string[] | undefined;
  let numClasses = 0;
  if (task === 'regression') {
    y = Float32Array.from(numeric);
  } else if (numeric.every((v) => Number.isInteger(v) && v >= 0) && !rawLabels.includes('')) {
    y = Float32Array.from(numeric);
    numClasses = numeric.reduce((max, v) => Math.max(max, v + 1), 2);
  } else {
    classNames = [...new Set(rawLabels)].sort();
    y = Float32Array.from(rawLabels, (label) => classNames!.indexOf(label));
    numClasses = Math.max(2, classNames.length);
  }
  const groups = groupIndex < 0 ? undefined : rows.map((row, r) => {
    if (!row[groupIndex]) throw new InvalidArgumentError(`${path} row ${r + 2} column ${header[groupIndex]}`, row[groupIndex], 'expected a group name');
    return row[groupIndex];
  });
  const data: Dataset = { x, y, sampleShape: [featureIndices.length], numClasses, ...(classNames ? { classNames } : {}), ...(groups ? { groups } : {}) };
  assertDataset(path, data);
  return data;
}
