/**
 * Bad option values, per export and per option key (the options audit): for each public function
 * with an options-like parameter (`options`, `config`) and a valid call in a JSDoc @example, the
 * keys are found by running that call with the options wrapped in a Proxy that records every key
 * the function reads (so a new option is covered as soon as the function reads it), down to
 * nested objects (`options.design.alpha`); then each key gets bad values for its kind, with every
 * other argument as in the valid call. Each bad value must give a typed error naming that key as
 * the caller wrote it (`options.alpha`, not a derived `options.confidenceLevel`), or a NaN-free
 * result (a value of the wrong type must be an error).
 */
import { cloneArgument, isPlainObject } from './exampleCalls.js';
import type { Expectation } from './auditCases.js';

/** Parameters that hold options objects. */
export const OPTION_PARAMETER = /^(options|config)$/;

/** Names a function reads off objects for protocol reasons, not as options. */
const NOT_OPTIONS = new Set(['then', 'toJSON', 'constructor', 'length', 'valueOf', 'toString', 'asymmetricMatch', 'nodeType', 'prototype', '$$typeof']);

/** How deep nested option objects are followed (options.a.b). */
const MAX_DEPTH = 2;

type Kind = 'number' | 'string' | 'boolean' | 'array' | 'object' | 'function' | 'unknown';

/** Bad values by the kind of the key's valid value; [label, value, wrong type (must be a typed error)]. */
const BAD_BY_KIND: Record<Kind, [string, unknown, boolean][]> = {
  number: [['NaN', NaN, false], ['-1', -1, false], ['1e12', 1e12, false], ['-Infinity', -Infinity, false], ['1.5', 1.5, false], ['"abc"', 'abc', true], ['"5"', '5', true], ['[NaN]', [NaN], true], ['{}', {}, true]],
  string: [['""', '', false], ['"abc"', 'abc', false], ['1', 1, true], ['{}', {}, true], ['[]', [], true]],
  boolean: [['"abc"', 'abc', true], ['1', 1, true], ['{}', {}, true]],
  array: [['[]', [], false], ['[NaN, 1]', [NaN, 1], false], ['[-1]', [-1], false], ['[1e12]', [1e12], false], ['[null]', [null], false], ['"abc"', 'abc', true], ['1', 1, true], ['{}', {}, true]],
  object: [['null', null, false], ['"abc"', 'abc', true], ['1', 1, true], ['[]', [], true]],
  function: [['"abc"', 'abc', true], ['1', 1, true], ['{}', {}, true]],
  unknown: [['NaN', NaN, false], ['-1', -1, false], ['1e12', 1e12, false], ['"abc"', 'abc', false], ['{}', {}, false], ['[NaN]', [NaN], false]],
};

/**
 * A nested object whose keys are options the caller writes (`design: { alpha }`), not an object
 * the library made and the caller passes on (a splitter, a store: plain objects holding functions).
 */
function isOptionObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !Object.values(value).some((v) => typeof v === 'function');
}

function kindOf(value: unknown): Kind {
  if (value === undefined || value === null) return 'unknown';
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) return 'array';
  if (typeof value === 'object') return isPlainObject(value) ? 'object' : 'unknown';
  const type = typeof value;
  return type === 'number' || type === 'string' || type === 'boolean' || type === 'function' ? type : 'unknown';
}

/**
 * `value` wrapped so that reading a key (or testing it with `in`) adds its path to `reads`;
 * nested plain objects are wrapped too, down to MAX_DEPTH.
 */
export function recordingProxy(value: Record<string, unknown>, path: string, reads: Set<string>, depth = 1): Record<string, unknown> {
  return new Proxy(value, {
    get(target, key, receiver) {
      const inner = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || NOT_OPTIONS.has(key)) return inner;
      reads.add(`${path}.${key}`);
      return depth < MAX_DEPTH && isOptionObject(inner) ? recordingProxy(inner, `${path}.${key}`, reads, depth + 1) : inner;
    },
    has(target, key) {
      if (typeof key === 'string' && !NOT_OPTIONS.has(key)) reads.add(`${path}.${key}`);
      return Reflect.has(target, key);
    },
  });
}

/** Every key path of a plain object (nested down to MAX_DEPTH). */
export function ownPaths(value: unknown, path: string, depth = 1): string[] {
  if (!isOptionObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => [`${path}.${key}`, ...(depth < MAX_DEPTH ? ownPaths(inner, `${path}.${key}`, depth + 1) : [])]);
}

/** The value at `path` (e.g. 'options.design.alpha') below the root named by its first segment. */
function valueAt(root: unknown, path: string): unknown {
  return path.split('.').slice(1).reduce<unknown>((v, key) => (isPlainObject(v) ? v[key] : undefined), root);
}

/** A copy of `root` with the value at `path` replaced (parents created as needed). */
function withValue(root: unknown, path: string, value: unknown): Record<string, unknown> {
  const copy = (isPlainObject(root) ? cloneArgument(root) : {}) as Record<string, unknown>;
  const keys = path.split('.').slice(1);
  let at = copy;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1)!] = cloneArgument(value);
  return copy;
}

export interface OptionCall {
  name: string;
  /** The key as the caller writes it, e.g. 'options.alpha'. */
  path: string;
  value: string;
  expect: Expectation;
  run: () => unknown;
}

/**
 * The bad-option calls of export `name`: the valid call's arguments `args`, the options
 * parameter's position, the key paths found, whether the valid result holds NaN.
 * At most `maxCalls`, sampled with `pick` (a seeded choice) when there are more.
 */
export function optionCalls(name: string, f: Function, args: readonly unknown[], position: number, paths: readonly string[], nanAllowed: boolean,
  maxCalls: number, pick: (n: number) => number): OptionCall[] {
  const calls: OptionCall[] = [];
  for (const path of paths) {
    const kind = kindOf(valueAt(args[position], path));
    for (const [label, value, wrongType] of BAD_BY_KIND[kind]) {
      calls.push({
        name, path, value: label, expect: { path, mustBeTyped: wrongType, nanAllowed },
        run: () => {
          const callArgs = args.map(cloneArgument);
          callArgs[position] = withValue(args[position], path, value);
          return (f as (...a: unknown[]) => unknown)(...callArgs);
        },
      });
    }
  }
  const chosen: OptionCall[] = [];
  while (calls.length > 0 && chosen.length < maxCalls) chosen.push(calls.splice(pick(calls.length), 1)[0]);
  return chosen.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
