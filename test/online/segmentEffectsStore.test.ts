import { expect } from 'chai';
import {
  createSplitter, InvalidArgumentError, NO_SEGMENT, openEventStore, Random, segmentArmsFromRows, segmentEffects, simulateTraffic,
} from '../../src/index.js';

describe('online: segment effects from the store', function () {
  this.timeout(60000);

  it('a model that helps on average and hurts one country: per-segment effects and Q from SQL sufficient statistics', async () => {
    const store = await openEventStore();
    const rng = new Random(8);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 8000; i++) {
      const segment = `${rng.bernoulli(0.6) ? 'mobile' : 'desktop'}/${['US', 'DE', 'IN'][rng.int(3)]}`;
      const arm = rng.bernoulli(0.5) ? 'treatment' : 'control';
      const p = arm === 'control' ? 0.2 : segment.endsWith('IN') ? 0.12 : 0.24;
      writes.push(store.recordPrediction({ experiment: 'seg', unitId: `u${i}`, arm, modelVersion: arm, segment, prediction: null, score: null, latencyMs: 5, timestamp: 0, error: null }));
      if (rng.bernoulli(p)) writes.push(store.recordOutcome({ experiment: 'seg', unitId: `u${i}`, metric: 'conversion', value: 1, timestamp: 1 }));
    }
    await Promise.all(writes);
    const rows = await store.sufficientStatistics({ experiment: 'seg', metric: 'conversion', bySegment: true, arms: ['control', 'treatment'] });
    const arms = segmentArmsFromRows(rows, { control: 'control', treatment: 'treatment' });
    expect(arms.map((a) => a.segment)).to.deep.equal(['desktop/DE', 'desktop/IN', 'desktop/US', 'mobile/DE', 'mobile/IN', 'mobile/US']);
    const control = rows.find((r) => r.arm === 'control' && r.segment === 'mobile/IN')!;
    expect(arms[4].control).to.include({ n: control.n, successes: control.successes });
    const result = segmentEffects(arms, { correction: 'holm' });
    const effect = (segment: string) => result.segments.find((s) => s.segment === segment)!;
    expect(effect('mobile/IN').estimate).to.be.below(0);
    expect(effect('mobile/IN').significant).to.equal(true);
    expect(effect('mobile/US').estimate).to.be.above(0);
    expect(result.heterogeneity!.pValue).to.be.below(0.001);
    await store.close();
  });

  it('simulateTraffic applies a segment-level lift only to that segment (−100%: no conversions there)', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'lift', arms: ['control', 'treatment'], allocation: 1 });
    await simulateTraffic({ splitter, store, seed: 2, days: 1, usersPerDay: 150, baseConversionRate: 0.5, arms: { treatment: { segmentLifts: { IN: -1 } } } });
    const rows = await store.sufficientStatistics({ experiment: 'lift', metric: 'conversion', bySegment: true });
    const successes = (arm: string, harmed: boolean) => rows.filter((r) => r.arm === arm && r.segment!.endsWith('/IN') === harmed).reduce((s, r) => s + r.successes, 0);
    expect(successes('treatment', true)).to.equal(0);
    expect(successes('control', true)).to.be.above(0);
    expect(successes('treatment', false)).to.be.above(0);
    await store.close();
  });

  it('names units without a segment and refuses bad rows by name', () => {
    const arms = segmentArmsFromRows([{ arm: 'a', segment: null, n: 10, sum: 3, sumSquares: 3, successes: 3 }], { control: 'a', treatment: 'b', kind: 'mean' });
    expect(arms[0].segment).to.equal(NO_SEGMENT);
    expect(arms[0].treatment.n).to.equal(0);
    expect(() => segmentArmsFromRows({} as never, { control: 'a', treatment: 'b' })).to.throw(InvalidArgumentError, 'rows');
    expect(() => segmentArmsFromRows([], { control: 'a', treatment: 'b', kind: 'median' as never })).to.throw(InvalidArgumentError, 'options.kind');
  });
});
