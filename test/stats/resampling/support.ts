import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AblabError, type InvalidArgumentError } from '../../../src/index.js';

/**
 * Reference values written by test/fixtures/resampling/generate_resampling.py (scipy 1.10.1 / numpy;
 * see the script's docstring for the source of each block). JSON has no infinities: the script
 * writes them as strings, turned back into numbers here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixtures: any = JSON.parse(readFileSync(join(__dirname, '../../fixtures/resampling/resampling.json'), 'utf8'),
  (_key, value) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value));

/** One `it` per [label, call, argument]: the call must throw an AblabError whose `argument` is the one named. */
export function itRejects(cases: [string, () => unknown, string][]): void {
  for (const [label, call, argument] of cases) {
    it(`${label} → typed error naming ${argument}`, () => {
      let error: unknown;
      try { call(); } catch (e) { error = e; }
      expect(error, label).to.be.instanceOf(AblabError);
      expect((error as InvalidArgumentError).argument).to.equal(argument);
    });
  }
}
