/**
 * Serialisable model descriptions: a grid sends them to worker threads, where functions cannot go.
 * A custom architecture is a module exporting a factory `(seed) => tf.LayersModel`.
 */
import type * as tf from '@tensorflow/tfjs';
import { isAbsolute } from 'node:path';
import { InvalidArgumentError } from '../../core/errors.js';
import { buildCnn, type CnnOptions } from '../architectures/buildCnn.js';
import { buildMlp } from '../architectures/buildMlp.js';
import type { HeadOptions } from '../architectures/modelParts.js';
import type { ModelFactory } from '../train.js';

export type ModelSpec =
  | { kind: 'cnn'; options: Omit<CnnOptions, 'seed'> }
  | { kind: 'mlp'; options: Omit<HeadOptions, 'seed'> }
  /** `path`: absolute path of a CommonJS/TS module; `exportName`: its factory (default 'default'). */
  | { kind: 'module'; path: string; exportName?: string };

/**
 * The factory a spec describes (loading the module for kind 'module').
 * @throws InvalidArgumentError for an unknown kind, a relative module path or a missing export.
 * @example
 * const factory = modelFactoryFor({ kind: 'cnn', options: { inputShape: [28, 28, 1], numClasses: 10 } });
 * const model = factory(7);
 */
export function modelFactoryFor(spec: ModelSpec, name = 'model'): ModelFactory {
  switch (spec?.kind) {
    case 'cnn':
      return (seed) => buildCnn({ ...spec.options, seed });
    case 'mlp':
      return (seed) => buildMlp({ ...spec.options, seed });
    case 'module': {
      if (typeof spec.path !== 'string' || !isAbsolute(spec.path)) throw new InvalidArgumentError(`${name}.path`, spec.path, 'expected an absolute module path');
      const exported = (require(spec.path) as Record<string, unknown>)[spec.exportName ?? 'default'];
      if (typeof exported !== 'function') {
        throw new InvalidArgumentError(`${name}.exportName`, spec.exportName ?? 'default', `expected ${spec.path} to export a function (seed) => tf.LayersModel`);
      }
      return exported as (seed: number) => tf.LayersModel;
    }
    default:
      throw new InvalidArgumentError(name, spec, "expected { kind: 'cnn' | 'mlp', options } or { kind: 'module', path }");
  }
}
