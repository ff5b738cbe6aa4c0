import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reference values written by test/fixtures/nonparametric/generate_nonparametric.py (scipy 1.10,
 * statsmodels 0.13, R stats, brute-force enumeration). One-sided bounds are stored as the strings
 * "Infinity"/"-Infinity", which JSON cannot hold as numbers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixtures: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/nonparametric/nonparametric.json'), 'utf8'),
  (_key, value) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value));

/** A call that must throw, the error class it must throw and the argument the error must name. */
export type BadCall = [call: () => unknown, type: abstract new (...args: never[]) => Error, argument: string];

/** Runs every bad call and checks the typed error and the argument it names. */
export function expectArgumentErrors(cases: BadCall[]): void {
  for (const [call, type, argument] of cases) {
    let error: unknown;
    try {
      call();
    } catch (caught) {
      error = caught;
    }
    expect(error, argument).to.be.instanceOf(type);
    expect((error as { argument?: string }).argument, argument).to.equal(argument);
  }
}
