import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AblabError, asymptoticConfidenceSequence, createSequentialMonitor, groupSequentialBounds, InsufficientDataError,
  InvalidArgumentError, msprt, normalMixtureInterval, normalMixturePower, Random, type MsprtOptions, type SampleSummary,
} from '../../../src/index.js';
import { normalUpperTail } from '../../../src/stats/sequential/normalTail.js';
import { expectClose } from '../../support/close.js';
import { binomialMonteCarloSe } from '../../support/monteCarlo.js';

// Closed forms of Johari et al. (2022) and Waudby-Smith et al. (2023) and scipy's norm.sf
// (test/fixtures/sequential/generate_always_valid.py → always_valid.json).
const fixtures = JSON.parse(readFileSync(join(__dirname, '../../fixtures/sequential/always_valid.json'), 'utf8'));

const summary = (n: number, mean: number, variance: number): SampleSummary => ({ n, mean, variance });

describe('msprt', () => {
  it("matches Johari et al.'s closed form for n per arm", () => {
    for (const c of fixtures.msprt) {
      const r = msprt({ looks: c.looks, mixingVariance: c.mixingVariance, nullValue: c.nullValue });
      r.likelihoodRatios.forEach((l, k) => expectClose(l, c.likelihoodRatios[k], 1e-12, 0, `Lambda ${k}`));
      r.pValues.forEach((p, k) => expectClose(p, c.pValues[k], 1e-12, 0, `p ${k}`));
      expect(r.pValue).to.equal(r.pValues[r.pValues.length - 1]);
      expect(r.print()).to.contain('Mixture sequential probability ratio test');
    }
  });

  it('p-values never increase, intervals shrink, and stopping is recorded at the first p ≤ alpha', () => {
    const looks = [0.4, 0.1, 0.35, 0.05].map((d, k) => ({ a: summary(100 * (k + 1), 0, 1), b: summary(100 * (k + 1), d, 1) }));
    const r = msprt({ looks, mixingVariance: 0.05 });
    for (let k = 1; k < r.pValues.length; k++) expect(r.pValues[k]).to.be.at.most(r.pValues[k - 1]);
    expect(r.stoppedAt).to.equal(r.pValues.findIndex((p) => p <= 0.05) + 1 || null);
    expect(r.ci!.lower).to.be.below(r.ci!.upper);
    // The running interval excludes 0 exactly when p ≤ alpha at some look (same mixture boundary).
    expect(r.ci!.lower > 0).to.equal(r.pValues[r.pValues.length - 1] <= 0.05);
  });

  it('rejects bad input', () => {
    const ok = { looks: [{ a: summary(10, 0, 1), b: summary(10, 0, 1) }], mixingVariance: 1 };
    const bad: [Partial<MsprtOptions>, string][] = [
      [{ looks: [] }, 'options.looks'],
      [{ mixingVariance: 0 }, 'options.mixingVariance'],
      [{ mixingVariance: NaN }, 'options.mixingVariance'],
      [{ alpha: 1.5 }, 'options.alpha'],
      [{ nullValue: Infinity }, 'options.nullValue'],
      [{ looks: [{ a: summary(1, 0, 1), b: summary(10, 0, 1) }] }, 'options.looks[0].a.n'],
      [{ looks: [{ a: summary(10, 0, 1), b: summary(10, NaN, 1) }] }, 'options.looks[0].b.mean'],
      [{ looks: [{ a: summary(10, 0, -1), b: summary(10, 0, 1) }] }, 'options.looks[0].a.variance'],
      [{ looks: [{ a: summary(10, 0, 1) } as never] }, 'options.looks[0].b'],
    ];
    for (const [change, argument] of bad) {
      expect(() => msprt({ ...ok, ...change } as MsprtOptions), argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    expect(() => msprt({ ...ok, looks: [{ a: summary(10, 0, 0), b: summary(10, 1, 0) }] })).to.throw(InsufficientDataError);
  });
});

describe('asymptoticConfidenceSequence', () => {
  it("matches Waudby-Smith et al.'s margin (one mean and a difference of means)", () => {
    for (const c of fixtures.confidenceSequence) {
      const cs = asymptoticConfidenceSequence({ a: c.a, b: c.b, alpha: c.alpha, targetN: c.targetN, rho: c.targetN ? undefined : c.rho });
      expectClose(cs.rho, c.rho, 1e-14, 0, 'rho');
      expectClose(cs.lower, c.lower, 1e-12, 1e-14, 'lower');
      expectClose(cs.upper, c.upper, 1e-12, 1e-14, 'upper');
      expect(cs.level).to.equal(1 - c.alpha);
      expectClose(cs.intrinsicTime, c.a.n, 1e-12);
    }
  });

  it('its p-value is the alpha at which the sequence just touches 0', () => {
    const a = summary(300, 0, 2), b = summary(300, 0.3, 1.5);
    const { pValue } = asymptoticConfidenceSequence({ a, b, rho: 0.1 });
    expectClose(asymptoticConfidenceSequence({ a, b, rho: 0.1, alpha: pValue }).lower, 0, 0, 1e-12);
  });

  it('rejects bad input', () => {
    const a = summary(50, 1, 2);
    expect(() => asymptoticConfidenceSequence({ a })).to.throw(InvalidArgumentError).with.property('argument', 'options.rho');
    expect(() => asymptoticConfidenceSequence({ a, rho: -1 })).to.throw(InvalidArgumentError).with.property('argument', 'options.rho');
    expect(() => asymptoticConfidenceSequence({ a, targetN: 0 })).to.throw(InvalidArgumentError).with.property('argument', 'options.targetN');
    expect(() => asymptoticConfidenceSequence({ a, rho: 1, alpha: 0 })).to.throw(InvalidArgumentError).with.property('argument', 'options.alpha');
    expect(() => asymptoticConfidenceSequence({ a: summary(50, 1, 2), b: summary(2.5, 0, 1), rho: 1 })).to.throw(InvalidArgumentError).with.property('argument', 'options.b.n');
    expect(() => asymptoticConfidenceSequence({ a: summary(50, 1, 0), rho: 1 })).to.throw(InsufficientDataError);
    expect(() => asymptoticConfidenceSequence(null as never)).to.throw(AblabError);
  });
});

describe('createSequentialMonitor', () => {
  const peeks = [0.3, -0.1, 0.2, 0.25, 0.0].map((d, k) => [summary(200 * (k + 1), 0, 1), summary(200 * (k + 1), d, 1.2)] as const);

  it('mSPRT monitor reproduces msprt() look by look', () => {
    const monitor = createSequentialMonitor({ method: 'msprt', mixingVariance: 0.04 });
    peeks.forEach(([a, b], k) => {
      const state = monitor.update(a, b);
      const batch = msprt({ looks: peeks.slice(0, k + 1).map(([x, y]) => ({ a: x, b: y })), mixingVariance: 0.04 });
      expectClose(state.pValue!, batch.pValue, 1e-12);
      expectClose(state.ci!.lower, batch.ci!.lower, 1e-12);
      expect(state.decision).to.equal(batch.stoppedAt === null ? 'continue' : 'rejectH0');
    });
    expect(monitor.history).to.have.length(peeks.length);
  });

  it('confidence-sequence monitor: running min p, running intersection, sticky decision', () => {
    const monitor = createSequentialMonitor({ method: 'confidenceSequence', targetN: 500 });
    const states = peeks.map(([a, b]) => monitor.update(a, b));
    states.forEach((s, k) => {
      const cs = asymptoticConfidenceSequence({ a: peeks[k][0], b: peeks[k][1], targetN: 500 });
      expect(s.ci!.lower).to.be.at.least(cs.lower);
      expect(s.ci!.upper).to.be.at.most(cs.upper);
      if (k > 0) {
        expect(s.pValue!).to.be.at.most(states[k - 1].pValue!);
        if (states[k - 1].decision === 'rejectH0') expect(s.decision).to.equal('rejectH0');
      }
    });
    const firstStop = states.findIndex((s) => s.decision === 'rejectH0');
    expect(firstStop).to.be.greaterThan(-1);
    expect(states[states.length - 1].stoppedAt).to.equal(firstStop + 1);
  });

  it('group sequential monitor follows sequentialDecision and refuses extra looks', () => {
    const bounds = groupSequentialBounds({ looks: 2, sides: 2, spending: 'obrienFleming' });
    const monitor = createSequentialMonitor({ method: 'groupSequential', bounds });
    const first = monitor.update(summary(100, 0, 1), summary(100, 0.1, 1));
    expect(first).to.include({ decision: 'continue', pValue: null, ci: null, zBoundary: bounds.looks[0].zBoundary });
    expect(monitor.update(summary(200, 0, 1), summary(200, 0.05, 1)).decision).to.equal('acceptH0');
    expect(() => monitor.update(summary(300, 0, 1), summary(300, 0, 1))).to.throw(InvalidArgumentError).with.property('argument', 'look');
  });

  it('rejects bad options and summaries', () => {
    expect(() => createSequentialMonitor({ method: 'sprt' } as never)).to.throw(InvalidArgumentError).with.property('argument', 'options.method');
    expect(() => createSequentialMonitor({} as never)).to.throw(InvalidArgumentError).with.property('argument', 'options.method');
    expect(() => createSequentialMonitor({ method: 'msprt' } as never)).to.throw(InvalidArgumentError).with.property('argument', 'options.mixingVariance');
    expect(() => createSequentialMonitor({ method: 'confidenceSequence' })).to.throw(InvalidArgumentError).with.property('argument', 'options.rho');
    expect(() => createSequentialMonitor({ method: 'groupSequential', bounds: null as never })).to.throw(InvalidArgumentError).with.property('argument', 'options.bounds');
    const monitor = createSequentialMonitor({ method: 'msprt', mixingVariance: 1 });
    expect(() => monitor.update(summary(10, 0, 1), summary(10, Infinity, 1))).to.throw(InvalidArgumentError).with.property('argument', 'statsB.mean');
    expect(() => monitor.update(summary(10, 0, 1), undefined as never)).to.throw(InvalidArgumentError).with.property('argument', 'statsB');
  });
});

describe('normalUpperTail (internal fast tail of the integration)', () => {
  it('matches scipy norm.sf to 1e-13 relative', () => {
    for (const { x, value } of fixtures.normalUpperTail) expectClose(normalUpperTail(x), value, 1e-13, 0, `Q(${x})`);
  });
});

describe('normalMixtureInterval / normalMixturePower', () => {
  it('is the one-look interval of the mSPRT (same Robbins mixture boundary)', () => {
    const a = { n: 400, mean: 1, variance: 4 };
    const b = { n: 300, mean: 1.3, variance: 5 };
    const standardError = Math.sqrt(4 / 400 + 5 / 300);
    const m = msprt({ looks: [{ a, b }], mixingVariance: 0.04, alpha: 0.01 });
    const i = normalMixtureInterval({ estimate: 0.3, standardError, mixingVariance: 0.04, alpha: 0.01 });
    expect(i.lower).to.be.closeTo(m.ci!.lower, 1e-12);
    expect(i.upper).to.be.closeTo(m.ci!.upper, 1e-12);
    expect(i.pValue).to.be.closeTo(m.pValue, 1e-12);
  });

  it('states the probability that the lower bound exceeds 0 at that standard error (checked by simulation)', () => {
    const rng = new Random(3);
    const options = { effect: 0.02, standardError: 0.006, mixingVariance: 1e-4, alpha: 0.01 };
    let detected = 0;
    const draws = 20000;
    for (let k = 0; k < draws; k++) {
      const estimate = options.effect + options.standardError * rng.normal();
      if (normalMixtureInterval({ ...options, estimate }).lower > 0) detected++;
    }
    const power = normalMixturePower(options);
    expect(Math.abs(detected / draws - power)).to.be.below(4 * binomialMonteCarloSe(power, draws));
    expect(normalMixturePower({ ...options, effect: 0.04 })).to.be.greaterThan(power);
    expect(() => normalMixturePower({ ...options, effect: -1 })).to.throw(InvalidArgumentError).with.property('argument', 'options.effect');
    expect(() => normalMixtureInterval({ ...options, estimate: 0, standardError: 0 })).to.throw(InvalidArgumentError).with.property('argument', 'options.standardError');
  });
});
