/** Comparing experiment configurations: canonical JSON, a short hash, and which fields differ. */
import { InvalidArgumentError } from '../core/errors.js';
import { createHash } from 'node:crypto';

/**
 * JSON text with object keys sorted at every level (array order kept; undefined fields dropped as
 * JSON.stringify does), so two equal configurations give the same text whatever their key order.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/**
 * First 12 hex digits of the SHA-256 of {@link canonicalJson}: equal for equal configurations.
 * @example
 * configHash({ epochs: 2, seeds: [1, 2] }) === configHash({ seeds: [1, 2], epochs: 2 }); // true
 */
export function configHash(value: unknown): string {
  if (value === undefined) throw new InvalidArgumentError('value', value, 'expected a JSON value (a configuration)');
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 12);
}

/**
 * Top-level fields whose values differ between two configurations (compared canonically), sorted.
 * @example
 * changedFields({ epochs: 1, seeds: [1] }, { epochs: 2, seeds: [1] }); // ['epochs']
 */
export function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  for (const [name, value] of [['a', a], ['b', b]] as const) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(name, value, 'expected a configuration object');
  }
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((field) => canonicalJson(a[field]) !== canonicalJson(b[field]))
    .sort();
}
