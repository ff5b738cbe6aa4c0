import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  accuracy, InsufficientDataError, InvalidArgumentError, isHigherBetter, logLoss, macroF1, meanAbsoluteError, meanSquaredError, rocAuc, rocAucOvr,
} from '../../src/index.js';
import { expectClose } from '../support/close.js';

// Values from numpy re-implementations of sklearn's definitions (test/fixtures/models/generate_models.py → models.json).
const fixtures = JSON.parse(readFileSync(join(__dirname, '../fixtures/models/models.json'), 'utf8'));

describe('models: metric functions vs numpy references', () => {
  it(`accuracy, macro F1, one-vs-rest ROC-AUC (with ties) and log loss on ${fixtures.classification.length} cases`, () => {
    for (const c of fixtures.classification) {
      const label = `n=${c.yTrue.length}`;
      expectClose(accuracy(c.yTrue, c.yPred), c.accuracy, 1e-12, 0, `accuracy ${label}`);
      expectClose(macroF1(c.yTrue, c.yPred), c.macroF1, 1e-12, 0, `macroF1 ${label}`);
      expectClose(rocAucOvr(c.yTrue, c.probabilities), c.rocAucOvr, 1e-12, 0, `rocAucOvr ${label}`);
      expectClose(logLoss(c.yTrue, c.probabilities), c.logLoss, 1e-12, 0, `logLoss ${label}`);
    }
  });

  it('binary ROC-AUC', () => {
    for (const c of fixtures.binary) expectClose(rocAuc(c.yTrue, c.scores), c.rocAuc, 1e-12, 0, `n=${c.yTrue.length}`);
    expect(rocAuc([false, true], [0.3, 0.3])).to.equal(0.5);
  });

  it('MSE and MAE', () => {
    for (const c of fixtures.regression) {
      expectClose(meanSquaredError(c.yTrue, c.yPred), c.mse, 1e-12, 0, 'mse');
      expectClose(meanAbsoluteError(c.yTrue, c.yPred), c.mae, 1e-12, 0, 'mae');
    }
  });

  it('hand-checkable values from the documentation', () => {
    expect(accuracy([0, 1, 2, 2], [0, 2, 2, 2])).to.equal(0.75);
    expectClose(macroF1([0, 0, 1, 1], [0, 1, 1, 1]), (2 / 3 + 4 / 5) / 2, 1e-15);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).to.equal(0.75);
    expectClose(logLoss([0, 1], [[0.9, 0.1], [0.2, 0.8]]), -(Math.log(0.9) + Math.log(0.8)) / 2, 1e-15);
  });

  it('rejects bad inputs with typed errors naming the argument', () => {
    const badLabels: unknown[] = [[0, 1.5], [0, -1], [0, NaN], 'abc', [0, '1']];
    for (const bad of badLabels) {
      expect(() => accuracy(bad as number[], [0, 1]), String(bad)).to.throw(InvalidArgumentError, /yTrue/);
      expect(() => macroF1([0, 1], bad as number[]), String(bad)).to.throw(InvalidArgumentError, /yPred/);
    }
    expect(() => accuracy([], [])).to.throw(InsufficientDataError);
    expect(() => accuracy([0, 1], [0])).to.throw(InvalidArgumentError, /yPred/);
    const badProbabilities: unknown[] = [
      [[0.5, 0.6], [0.5, 0.5]], [[0.5, 0.5], [0.2]], [[NaN, 1], [0.5, 0.5]], [[1.2, -0.2], [0.5, 0.5]], [[1], [1]], 7,
    ];
    for (const bad of badProbabilities) {
      expect(() => logLoss([0, 1], bad as number[][]), JSON.stringify(bad)).to.throw(InvalidArgumentError, /probabilities/);
      expect(() => rocAucOvr([0, 1], bad as number[][]), JSON.stringify(bad)).to.throw(InvalidArgumentError, /probabilities/);
    }
    expect(() => logLoss([0, 2], [[0.5, 0.5], [0.5, 0.5]])).to.throw(InvalidArgumentError, /yTrue\[1\]/);
    for (const eps of [0, -1, 0.5, NaN]) expect(() => logLoss([0], [[1, 0]], eps)).to.throw(InvalidArgumentError, /eps/);
    expect(() => rocAucOvr([0, 0], [[0.5, 0.5], [0.4, 0.6]])).to.throw(InsufficientDataError, /class 0/);
    expect(() => rocAuc([1, 1], [0.1, 0.2])).to.throw(InsufficientDataError);
    expect(() => rocAuc([0, 2], [0.1, 0.2])).to.throw(InvalidArgumentError, /yTrue/);
    for (const bad of [[1, Infinity], [1, NaN], ['x', 1]]) {
      expect(() => meanSquaredError([1, 2], bad as number[])).to.throw(InvalidArgumentError, /yPred/);
      expect(() => meanAbsoluteError(bad as number[], [1, 2])).to.throw(InvalidArgumentError, /yTrue/);
    }
  });
});

describe('metric direction', () => {
  it('knows which recorded metrics improve downwards', () => {
    expect(['accuracy', 'macroF1', 'rocAuc'].map(isHigherBetter)).to.deep.equal([true, true, true]);
    expect(['logLoss', 'mse', 'mae', 'loss', 'trainSeconds', 'inferenceMsPerSample'].map(isHigherBetter)).to.deep.equal([false, false, false, false, false, false]);
  });
});
