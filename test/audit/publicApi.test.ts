/**
 * Bad-input loop over every public export (stdlib-js style), generated from the barrel so a new
 * function is covered by default: each exported function gets 14 bad values (undefined, null, NaN,
 * ±Infinity, -1, 1e12, 1.5, '', 'abc', {}, [], [NaN, 1], [1e308, -1e308], true) in each of its first
 * three argument positions, in a child process. Every call must throw a typed AblabError naming one
 * of the function's parameters as the caller wrote it (not a derived name), or return a result
 * without NaN, and none may hang or kill the process. knownBadInputs.json is the allow-list of
 * documented exceptions (function → allowed counts per outcome, with the reason); it is empty: the
 * low-level maths (erfc, normalCdf, logGamma…) refuse NaN with a typed error too (a NaN check costs
 * nothing measurable next to their own arithmetic). A function not listed must be clean, and a
 * listed one may not get worse. Bad values inside options objects: optionsAudit.test.ts.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCEPTED, auditModule } from './runAudit.js';

const known = JSON.parse(readFileSync(join(__dirname, 'knownBadInputs.json'), 'utf8')) as Record<string, { counts: Record<string, number>; reason: string }>;

describe('bad-input audit of every public function', function () {
  this.timeout(900_000); // about 5,000 calls in a child process (a few minutes on a loaded 2-core machine)

  it('gives a typed error or a NaN-free result for every bad input; nothing hangs or crashes', async () => {
    const results = await auditModule(join(__dirname, '../../src/index.ts'));
    expect(new Set(results.map((r) => r.name)).size, 'functions audited').to.be.above(200);
    const bad = results.filter((r) => !ACCEPTED.has(r.outcome));
    const counts = new Map<string, Record<string, number>>();
    for (const r of bad) {
      const c = counts.get(r.name) ?? {};
      c[r.outcome] = (c[r.outcome] ?? 0) + 1;
      counts.set(r.name, c);
    }
    const excess: string[] = [];
    for (const [name, c] of counts) {
      for (const [outcome, n] of Object.entries(c)) {
        const allowed = known[name]?.counts[outcome] ?? 0;
        if (n > allowed) {
          const examples = bad.filter((r) => r.name === name && r.outcome === outcome).slice(0, 3).map((r) => `arg ${r.position} = ${r.value}: ${r.message ?? outcome}`);
          excess.push(`${name}: ${n} ${outcome} (allowed ${allowed}); e.g. ${examples.join(' | ')}`);
        }
      }
    }
    expect(excess, excess.join('\n')).to.deep.equal([]);
  });
});
