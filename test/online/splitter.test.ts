import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chiSquareSf, createSplitter, hashBucket, InvalidArgumentError, type SplitterOptions } from '../../src/index.js';
import { binomialMonteCarloSe } from '../support/monteCarlo.js';

// Golden vectors from Python's hashlib (test/fixtures/online-machinery/generate_splitter.py → splitter.json).
const golden = JSON.parse(readFileSync(join(__dirname, '../fixtures/online-machinery/splitter.json'), 'utf8'));

const ids = (n: number, prefix = 'user') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** Pearson chi-square test of independence on an r×c contingency table; returns the p-value. */
function independencePValue(table: number[][]): number {
  const total = table.flat().reduce((s, x) => s + x, 0);
  const rows = table.map((r) => r.reduce((s, x) => s + x, 0));
  const cols = table[0].map((_, j) => table.reduce((s, r) => s + r[j], 0));
  let statistic = 0;
  table.forEach((r, i) => r.forEach((x, j) => {
    const expected = (rows[i] * cols[j]) / total;
    statistic += (x - expected) ** 2 / expected;
  }));
  return chiSquareSf(statistic, (rows.length - 1) * (cols.length - 1));
}

describe('online: traffic splitter', () => {
  it('matches hashlib raw buckets, including multi-block and non-ASCII inputs', () => {
    for (const { key, unitId, bucket } of golden.buckets) expect(hashBucket(key, unitId), `${key}/${unitId}`).to.equal(bucket);
  });

  for (const { config, assignments } of golden.cases) {
    it(`matches the Python assignments for ${JSON.stringify(config)}`, () => {
      const splitter = createSplitter(config as SplitterOptions);
      golden.units.forEach((unit: string | number, i: number) => {
        expect(splitter.assign(unit), String(unit)).to.deep.equal(assignments[i]);
      });
    });
  }

  it('documents its example exactly', () => {
    const splitter = createSplitter({ experiment: 'checkout', allocation: 0.5, controlRatio: 0.5 });
    expect(splitter.assign('user-3')).to.deep.equal({
      unitId: 'user-3', arm: 'control', inExperiment: true, bucket: 1234223205, armBucket: 250069045,
    });
    expect(splitter.assign('user-1')).to.deep.equal({
      unitId: 'user-1', arm: null, inExperiment: false, bucket: 3867735151, armBucket: null,
    });
    expect(hashBucket('checkout', 'user-1')).to.equal(3867735151);
  });

  it('is deterministic and honours allocation and weights', () => {
    const splitter = createSplitter({ experiment: 'w', arms: ['c', 'a', 'b'], weights: [2, 1, 1], allocation: 0.4 });
    const counts: Record<string, number> = { c: 0, a: 0, b: 0, none: 0 };
    const units = ids(20000);
    for (const u of units) counts[splitter.assign(u).arm ?? 'none']++;
    for (const u of units.slice(0, 100)) expect(splitter.assign(u)).to.deep.equal(splitter.assign(u));
    // 4-sigma binomial bands around the design shares.
    const band = (count: number, p: number) => expect(Math.abs(count / 20000 - p)).to.be.below(4 * binomialMonteCarloSe(p, 20000));
    band(counts.none, 0.6);
    band(counts.c, 0.2);
    band(counts.a, 0.1);
    band(counts.b, 0.1);
  });

  it('ramp-up only adds units and never moves an assigned unit between arms', () => {
    const splitter = createSplitter({ experiment: 'ramp', arms: ['control', 'a', 'b'], controlRatio: 0.5, allocation: 0 });
    const units = ids(20000);
    let previous = units.map((u) => splitter.assign(u).arm);
    expect(previous.every((arm) => arm === null)).to.equal(true);
    for (const allocation of [0.01, 0.05, 0.2, 0.5, 0.8, 1]) {
      splitter.setAllocation(allocation);
      const current = units.map((u) => splitter.assign(u).arm);
      current.forEach((arm, i) => {
        if (previous[i] !== null) expect(arm, `${units[i]} at ${allocation}`).to.equal(previous[i]);
      });
      const share = current.filter((arm) => arm !== null).length / units.length;
      expect(Math.abs(share - allocation)).to.be.below(4 * binomialMonteCarloSe(allocation, units.length) + 1e-12);
      previous = current;
    }
    // Ramping back down keeps the arms of the units that stay.
    splitter.setAllocation(0.2);
    units.forEach((u, i) => {
      const { arm } = splitter.assign(u);
      if (arm !== null) expect(arm).to.equal(previous[i]);
    });
  });

  it('different salts give independent assignments (chi-square test of independence)', () => {
    const first = createSplitter({ experiment: 'layer', salt: 'salt-1', arms: ['c', 't'] });
    const second = createSplitter({ experiment: 'layer', salt: 'salt-2', arms: ['c', 'a', 'b'] });
    const table = [[0, 0, 0], [0, 0, 0]];
    for (const u of ids(30000)) {
      table[first.arms.indexOf(first.assign(u).arm!)][second.arms.indexOf(second.assign(u).arm!)]++;
    }
    expect(independencePValue(table)).to.be.above(0.01);
    // Same salt (sanity check of the test): identical assignments, maximal dependence.
    const twin = createSplitter({ experiment: 'other', salt: 'salt-1', arms: ['c', 't'] });
    expect(ids(1000).every((u) => twin.assign(u).arm === first.assign(u).arm)).to.equal(true);
  });

  it('the allocation hash and the arm hash are independent', () => {
    const splitter = createSplitter({ experiment: 'indep', allocation: 1 });
    const table = [[0, 0], [0, 0]];
    for (const u of ids(30000)) {
      const { bucket, arm } = splitter.assign(u);
      table[bucket < 2 ** 31 ? 0 : 1][arm === 'control' ? 0 : 1]++;
    }
    expect(independencePValue(table)).to.be.above(0.01);
  });

  it('rejects bad configuration and unit ids with typed errors', () => {
    const bad: [Partial<SplitterOptions>, string][] = [
      [{ experiment: '' }, 'options.experiment'],
      [{ experiment: 'e', salt: '' }, 'options.salt'],
      [{ experiment: 'e', arms: ['only'] }, 'options.arms'],
      [{ experiment: 'e', arms: ['a', 'a'] }, 'options.arms[1]'],
      [{ experiment: 'e', arms: ['a', ''] }, 'options.arms[1]'],
      [{ experiment: 'e', weights: [1] }, 'options.weights'],
      [{ experiment: 'e', weights: [1, 0] }, 'options.weights[1]'],
      [{ experiment: 'e', weights: [1, NaN] }, 'options.weights[1]'],
      [{ experiment: 'e', controlRatio: 1 }, 'options.controlRatio'],
      [{ experiment: 'e', controlRatio: 0.5, weights: [1, 1] }, 'options.controlRatio'],
      [{ experiment: 'e', allocation: 1.5 }, 'options.allocation'],
      [{ experiment: 'e', allocation: NaN }, 'options.allocation'],
    ];
    for (const [options, argument] of bad) {
      expect(() => createSplitter(options as SplitterOptions), JSON.stringify(options))
        .to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    const splitter = createSplitter({ experiment: 'e' });
    for (const unit of ['', 1.5, NaN, null, undefined, {}, 2 ** 60]) {
      expect(() => splitter.assign(unit as string), String(unit)).to.throw(InvalidArgumentError, 'unitId');
    }
    expect(() => splitter.setAllocation(-0.1)).to.throw(InvalidArgumentError, 'allocation');
  });
});
