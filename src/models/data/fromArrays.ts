/** Builds a {@link Dataset} from users' own arrays. */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertInteger, checkChoice, toFiniteArray } from '../../core/validate.js';
import type { Task } from '../architectures/modelParts.js';
import { TASKS } from '../architectures/modelParts.js';
import { assertDataset, type Dataset } from './dataset.js';

/** Shape of a nested array, checking that it is rectangular. */
function nestedShape(name: string, value: unknown): number[] {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) return [];
  const items = Array.from(value as ArrayLike<unknown>);
  if (items.length === 0) throw new InvalidArgumentError(name, value, 'expected a non-empty array');
  const inner = nestedShape(`${name}[0]`, items[0]);
  items.forEach((item, i) => {
    const shape = nestedShape(`${name}[${i}]`, item);
    if (shape.join() !== inner.join()) throw new InvalidArgumentError(`${name}[${i}]`, item, `expected shape [${inner}] like ${name}[0]`);
  });
  return [items.length, ...inner];
}

/** Leaves of a nested array (arrays or typed arrays) in row-major order. */
function flatten(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    for (const item of Array.from(value as ArrayLike<unknown>)) flatten(item, out);
  } else {
    out.push(value);
  }
  return out;
}

/**
 * Dataset from per-sample features `x` (nested arrays: [n, features] or [n, h, w, c]) and labels
 * `y`. Classification by default: labels must be integers 0 … k−1 (numClasses = max + 1, at least 2).
 * @throws InvalidArgumentError for ragged or non-finite features, mismatched lengths, or bad labels.
 * @example
 * const data = fromArrays([[0.1, 2], [0.3, 1], [0.9, 0]], [0, 1, 1]);
 * const reg = fromArrays([[1], [2], [3]], [2.1, 3.9, 6.2], { task: 'regression' });
 */
export function fromArrays(x: unknown, y: unknown, options: { task?: Task; numClasses?: number } = {}): Dataset {
  const shape = nestedShape('x', x);
  if (shape.length < 2) throw new InvalidArgumentError('x', x, 'expected one array of features per sample');
  const flat = toFiniteArray('x', flatten(x));
  const labels = toFiniteArray('y', y);
  if (labels.length !== shape[0]) throw new InvalidArgumentError('y', y, `expected one label per sample (${shape[0]}), got ${labels.length}`);
  const task = checkChoice('options.task', options.task, TASKS, 'classification');
  if (task === 'classification') {
    labels.forEach((v, i) => { if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`y[${i}]`, v, 'expected a class index (integer >= 0)'); });
  }
  const numClasses = task === 'regression' ? 0 : options.numClasses ?? labels.reduce((max, v) => Math.max(max, v + 1), 2);
  if (options.numClasses !== undefined) assertInteger('options.numClasses', options.numClasses, 2);
  const data: Dataset = { x: Float32Array.from(flat), sampleShape: shape.slice(1), y: Float32Array.from(labels), numClasses };
  assertDataset('data', data);
  return data;
}
