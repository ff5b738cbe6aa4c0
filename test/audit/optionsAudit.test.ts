/**
 * Bad option values over every public export with an options parameter (optionCases.ts), in a
 * child process: each key the function reads (found from a valid call in its JSDoc @example, or in
 * validCalls.ts) gets bad values for its kind — NaN, -1, 1e12, a string for a number, null for a
 * nested object, [NaN, 1] in an array — with every other argument valid, so the option's own
 * check is what answers. Each must give a typed error naming the key as the caller wrote it
 * ('options.alpha', 'options.design.alpha'; not a derived name), or a NaN-free result (a value of
 * the wrong type must be an error); nothing may hang or kill the process. Per export at most
 * MAX_CALLS_PER_EXPORT calls, a sample seeded by the export's name.
 *
 * An export with options but no valid call to vary is 'uncovered': it must be listed, with the
 * reason, in optionsWithoutValidCall.json — so a new export with options fails this test until it
 * gets a runnable @example (or an entry in validCalls.ts) — and a listed one that gained a valid
 * call must leave the list.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCEPTED, auditModule } from './runAudit.js';

const withoutValidCall = JSON.parse(readFileSync(join(__dirname, 'optionsWithoutValidCall.json'), 'utf8')) as Record<string, string>;

describe('bad option values of every public function', function () {
  this.timeout(900_000); // about 3,000 calls and the JSDoc examples, in a child process (under a minute on a loaded 2-core machine)

  it('gives a typed error naming the option as written, or a NaN-free result, for every bad option value', async () => {
    const results = await auditModule(join(__dirname, '../../src/index.ts'), { child: 'options' });
    const varied = new Set(results.filter((r) => r.outcome !== 'step' && r.outcome !== 'uncovered').map((r) => r.name));
    expect(varied.size, 'exports whose options were varied').to.be.above(120);
    expect(results.filter((r) => r.outcome === 'typed' || r.outcome === 'ok').length, 'bad-option calls made').to.be.above(2000);
    const failures = results.filter((r) => !ACCEPTED.has(r.outcome) && r.outcome !== 'uncovered')
      .map((r) => `${r.outcome}: ${r.name}(${r.position} = ${r.value}) ${r.message ?? ''}`);
    expect(failures, failures.slice(0, 40).join('\n')).to.deep.equal([]);
    const uncovered = results.filter((r) => r.outcome === 'uncovered').map((r) => r.name).sort();
    expect(uncovered, 'exports with options and no valid call (add a runnable @example or a validCalls.ts entry, or list them with a reason)')
      .to.deep.equal(Object.keys(withoutValidCall).sort());
  });
});
