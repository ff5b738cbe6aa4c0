import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chiSquareSf, fSf, logGamma, normalCdf, normalQuantile, normalSf, regularizedBeta, studentTCdf, studentTQuantile,
} from '../../../src/index.js';
import { expectClose } from '../../support/close.js';

// Values from scipy (test/fixtures/core/generate_core.py → core.json).
const fixtures = JSON.parse(readFileSync(join(__dirname, '../../fixtures/core/core.json'), 'utf8'));

describe('core distributions vs scipy', () => {
  const fns: Record<string, (...args: number[]) => number> = {
    normalCdf, normalSf, normalQuantile, studentTCdf, studentTQuantile, chiSquareSf, fSf, logGamma, regularizedBeta,
  };
  for (const [name, cases] of Object.entries(fixtures) as [string, { args: number[]; value: number; rel?: number }[]][]) {
    it(`${name} matches scipy on ${cases.length} points`, () => {
      expect(fns[name], name).to.be.a('function');
      for (const c of cases) expectClose(fns[name](...c.args), c.value, c.rel ?? 1e-12, 1e-300, `${name}(${c.args})`);
    });
  }
});

describe('core distributions at the extremes', () => {
  it('returns exact limits at ±Infinity instead of failing to converge', () => {
    expect(normalCdf(Infinity)).to.equal(1);
    expect(normalCdf(-Infinity)).to.equal(0);
    expect(normalSf(Infinity)).to.equal(0);
    expect(chiSquareSf(Infinity, 3)).to.equal(0);
    expect(studentTCdf(Infinity, 4)).to.equal(1);
  });
});
