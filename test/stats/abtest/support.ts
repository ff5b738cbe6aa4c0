import { expect } from 'chai';
import { InsufficientDataError, InvalidArgumentError } from '../../../src/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** statsmodels/scipy references written by test/fixtures/abtest/generate_online.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixtures: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/abtest/online.json'), 'utf8'),
  (_key, value) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value));
/** R references written by test/fixtures/abtest/generate_online.R. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rFixtures: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/abtest/online_r.json'), 'utf8'));

/** Asserts that `fn` throws `type` (default InvalidArgumentError) naming `argument`. */
export function expectArgumentError(fn: () => unknown, argument: string, type: typeof InvalidArgumentError | typeof InsufficientDataError = InvalidArgumentError): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error, argument).to.be.instanceOf(type);
  expect((error as InvalidArgumentError).argument).to.equal(argument);
}
