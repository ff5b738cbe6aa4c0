import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  binnedScoreStatisticsOfUnits, binProportionCovariance, CovarianceStats, emptyBinnedScoreStatistics, InsufficientDataError, InvalidArgumentError,
  multivariateNormalMixturePower, multivariateNormalMixtureTest, noncentralChiSquareSf, normalMixtureInterval, sequentialBinnedDrift, sequentialBinnedDriftPower,
} from '../../../src/index.js';
import { ratioEstimate } from '../../../src/stats/abtest/ratioMetricTest.js';
import { logMixtureLikelihoodRatio } from '../../../src/stats/sequential/normalMixture.js';
import { expectClose } from '../../support/close.js';

// numpy/scipy references computed from explicit per-unit residuals, not from the sums
// (test/fixtures/drift/generate_sequential_binned_drift.py → sequential_binned_drift.json).
const fixtures = JSON.parse(readFileSync(join(__dirname, '../../fixtures/drift/sequential_binned_drift.json'), 'utf8'));

describe('sequentialBinnedDrift (always-valid binned score drift, units as clusters)', () => {
  it('matches the numpy/scipy reference: clustered covariance, Wald statistic, mixture p-value, PSI and JS', () => {
    for (const c of fixtures.drift) {
      const control = binnedScoreStatisticsOfUnits(c.control);
      const treatment = binnedScoreStatisticsOfUnits(c.treatment);
      binProportionCovariance('control', control).covariance.forEach((row, j) => row.forEach((v, k) => expectClose(v, c.covarianceControl[j][k], 1e-10, 1e-15, `cov ${j},${k}`)));
      const r = sequentialBinnedDrift(control, treatment, { alpha: c.alpha, mixingSd: c.mixingSd });
      expectClose(r.statistic, c.wald, 1e-10, 0, 'wald');
      expect(r.df).to.equal(c.df);
      expectClose(r.pValue, c.pValue, 1e-10, 0, 'p');
      expectClose(r.details.logLikelihoodRatio, c.logLikelihoodRatio, 1e-10, 1e-12, 'log LR');
      expectClose(r.details.threshold, c.threshold, 1e-12, 0, 'threshold');
      expectClose(r.details.psi, c.psi, 1e-12, 0, 'psi');
      expectClose(r.details.jensenShannon, c.jensenShannon, 1e-12, 0, 'js');
      expect(r.details.drifted).to.equal(c.pValue <= c.alpha);
      const power = sequentialBinnedDriftPower({ control, treatment, unitsControl: control.units, unitsTreatment: treatment.units, alpha: c.alpha, mixingSd: c.mixingSd });
      expectClose(power, c.powerAtPilotSize, 1e-9, 1e-12, 'power');
      expect(r.print()).to.contain('Always-valid binned score drift test');
    }
  });

  it('each diagonal entry is the delta-method variance of the bin share as a ratio metric (ratioEstimate)', () => {
    const units = fixtures.drift[3].control as number[][];
    const { proportions, covariance } = binProportionCovariance('control', binnedScoreStatisticsOfUnits(units));
    proportions.forEach((p, k) => {
      const stats = CovarianceStats.fromArrays({ y: units.map((u) => u[k]), x: units.map((u) => u.reduce((s, v) => s + v, 0)) });
      const reference = ratioEstimate('bin', stats);
      expectClose(p, reference.ratio, 1e-14, 0, `p ${k}`);
      expectClose(covariance[k][k], reference.variance, 1e-10, 0, `var ${k}`);
    });
  });

  it('in one dimension the mixture is the univariate normal mixture with τ² scaled by the per-unit variance', () => {
    const [estimate, variance, units, tau2] = [0.03, 4e-4, 500, 0.02];
    const r = multivariateNormalMixtureTest({ estimate: [estimate], covariance: [[variance]], units, mixingVariance: tau2 });
    expectClose(r.details.logLikelihoodRatio, logMixtureLikelihoodRatio(estimate / Math.sqrt(variance), units * tau2), 1e-14, 0);
    const univariate = normalMixtureInterval({ estimate, standardError: Math.sqrt(variance), mixingVariance: tau2 * units * variance, alpha: 0.05 });
    expectClose(r.pValue, univariate.pValue, 1e-14, 0);
  });

  it('noncentral chi-square tail and stated power match scipy.stats.ncx2', () => {
    for (const c of fixtures.ncx2) expectClose(noncentralChiSquareSf(c.x, c.df, c.nc), c.sf, 1e-10, 1e-300, `ncx2 ${c.x} ${c.df} ${c.nc}`);
    for (const c of fixtures.power) expectClose(multivariateNormalMixturePower(c), c.power, 1e-10, 0, 'power');
  });

  it('identical one-bin distributions give p = 1; bad input is named', () => {
    const one = binnedScoreStatisticsOfUnits([[3, 0], [2, 0]]);
    expect(sequentialBinnedDrift(one, one).pValue).to.equal(1);
    const ok = binnedScoreStatisticsOfUnits([[1, 2, 0], [2, 1, 1]]);
    expect(() => sequentialBinnedDrift(ok, binnedScoreStatisticsOfUnits([[1, 2], [0, 1]]))).to.throw(InvalidArgumentError).with.property('argument', 'treatment.counts');
    expect(() => sequentialBinnedDrift(ok, binnedScoreStatisticsOfUnits([[1, 2, 0]]))).to.throw(InsufficientDataError).with.property('argument', 'treatment.units');
    expect(() => sequentialBinnedDrift(ok, ok, { alpha: 1 })).to.throw(InvalidArgumentError).with.property('argument', 'options.alpha');
    expect(() => sequentialBinnedDrift(ok, ok, { mixingSd: 0 })).to.throw(InvalidArgumentError).with.property('argument', 'options.mixingSd');
    // Each unit sends the same split: no between-unit variation left in the differences.
    const flat = binnedScoreStatisticsOfUnits([[1, 1], [2, 2]]);
    expect(() => sequentialBinnedDrift(flat, flat)).to.throw(InsufficientDataError).with.property('argument', 'options.covariance');
    expect(() => binnedScoreStatisticsOfUnits([[1, 0.5]])).to.throw(InvalidArgumentError).with.property('argument', 'units[0][1]');
    expect(() => multivariateNormalMixtureTest({ estimate: [1, 2], covariance: [[1, 0]], units: 1, mixingVariance: 1 })).to.throw(InvalidArgumentError).with.property('argument', 'options.covariance[0]');
    // A square covariance of another size: the estimate's length is what disagrees.
    expect(() => multivariateNormalMixtureTest({ estimate: [1], covariance: [[1, 0], [0, 1]], units: 1, mixingVariance: 1 })).to.throw(InvalidArgumentError).with.property('argument', 'options.estimate');
    expect(() => emptyBinnedScoreStatistics(Number.NaN)).to.throw(InvalidArgumentError).with.property('argument', 'bins');
    expect(() => emptyBinnedScoreStatistics(0)).to.throw(InvalidArgumentError).with.property('argument', 'bins');
    expect(() => emptyBinnedScoreStatistics(1e12)).to.throw(InvalidArgumentError).with.property('argument', 'bins');
    expect(emptyBinnedScoreStatistics(2).countsCross).to.deep.equal([[0, 0], [0, 0]]);
  });

  it('power: each field of each arm is checked and named as the caller wrote it', () => {
    const control = binnedScoreStatisticsOfUnits([[3, 1, 0], [2, 2, 1], [1, 3, 1], [4, 0, 1]]);
    const treatment = binnedScoreStatisticsOfUnits([[0, 2, 3], [1, 1, 3], [0, 3, 2], [1, 0, 4]]);
    const power = (arm: 'control' | 'treatment', field: string, value: unknown) => () => sequentialBinnedDriftPower({
      control, treatment, unitsControl: 12, unitsTreatment: 12, mixingSd: 0.5, [arm]: { ...(arm === 'control' ? control : treatment), [field]: value },
    });
    const cases: [string, unknown, string][] = [
      ['counts', [null], 'counts[0]'], ['counts', [1, 2], 'counts'], ['counts', [-1, 6, 4], 'counts[0]'],
      ['countsRequests', [1e12], 'countsRequests'], ['countsRequests', [Number.NaN, 1, 1], 'countsRequests[0]'], ['countsRequests', 'abc', 'countsRequests'],
      ['countsRequests', [-1, 1, 1], 'countsRequests[0]'], ['countsRequests', [], 'countsRequests'], ['countsCross', [[Number.NaN, 1]], 'countsCross'],
      ['countsCross', [-1], 'countsCross'], ['requests', '5', 'requests'], ['requests', 1e12, 'requests'],
      ['requestsSquares', Number.NaN, 'requestsSquares'], ['requestsSquares', 1.5, 'requestsSquares'], ['requestsSquares', -1, 'requestsSquares'],
      ['requestsSquares', {}, 'requestsSquares'], ['units', 2.5, 'units'],
    ];
    for (const arm of ['control', 'treatment'] as const) {
      for (const [field, value, named] of cases) {
        expect(power(arm, field, value), `${arm}.${field} = ${JSON.stringify(value)}`).to.throw(InvalidArgumentError).with.property('argument').that.satisfies((a: string) => a.startsWith(`options.${arm}.${named}`));
      }
    }
    // Every sum consistent, but countsCross no longer symmetric.
    const asymmetric = { ...control, countsCross: control.countsCross.map((row, j) => row.map((x, k) => x + (j === 0 && k === 1 ? 1 : j === 0 && k === 2 ? -1 : 0))) };
    expect(() => sequentialBinnedDriftPower({ control: asymmetric, treatment, unitsControl: 12, unitsTreatment: 12 })).to.throw(InvalidArgumentError).with.property('argument', 'options.control.countsCross[0][1]');
    expect(() => noncentralChiSquareSf(1, 2, -1)).to.throw(InvalidArgumentError).with.property('argument', 'noncentrality');
  });
});
