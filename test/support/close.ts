import { expect } from 'chai';
import { binomialMonteCarloSe } from './monteCarlo.js';

/**
 * Asserts |actual − expected| ≤ max(rel·|expected|, abs). Reference values come from JSON fixtures
 * produced by the generator scripts under test/fixtures (scipy/statsmodels/R).
 */
export function expectClose(actual: number, expected: number, rel = 1e-10, abs = 0, label = ''): void {
  if (Number.isNaN(expected)) {
    expect(actual, label).to.be.NaN;
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual, label).to.equal(expected);
    return;
  }
  const tol = Math.max(rel * Math.abs(expected), abs);
  const err = Math.abs(actual - expected);
  expect(err <= tol, `${label} expected ${actual} ≈ ${expected} (|err| = ${err}, tol = ${tol})`).to.equal(true);
}

/** Binomial band for a simulated rejection rate: passes when |rate − p| ≤ z·√(p(1−p)/n). */
export function expectWithinBinomialBand(rejections: number, n: number, p: number, z = 4, label = ''): void {
  const rate = rejections / n;
  const half = z * binomialMonteCarloSe(p, n);
  expect(Math.abs(rate - p) <= half, `${label} rate ${rate} outside ${p} ± ${half}`).to.equal(true);
}
