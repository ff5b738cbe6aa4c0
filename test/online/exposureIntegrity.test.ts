import { expect } from 'chai';
import {
  createRolloutController, createSplitter, exposureIntegrity, exposureIntegrityGuardrail, InvalidArgumentError, openEventStore,
  type EventStore, type PredictionEvent,
} from '../../src/index.js';

function exposure(unitId: string, arm: string | null, modelVersion: string, timestamp: number, experiment = 'exp'): PredictionEvent {
  return { experiment, unitId, arm, modelVersion, segment: null, prediction: null, score: null, latencyMs: 5, timestamp, error: null };
}

async function record(store: EventStore, events: PredictionEvent[]): Promise<void> {
  await Promise.all(events.map((e) => store.recordPrediction(e)));
}

describe('online: exposure integrity', () => {
  it('counts units logged under several arms or several model versions of one arm, in SQL', async () => {
    const store = await openEventStore();
    await record(store, [
      exposure('clean-1', 'control', 'v1', 1), exposure('clean-1', 'control', 'v1', 2),
      exposure('clean-2', 'treatment', 'v2', 1),
      exposure('switcher', 'control', 'v1', 1), exposure('switcher', 'treatment', 'v2', 2), // two arms
      exposure('hotfix', 'treatment', 'v2', 1), exposure('hotfix', 'treatment', 'v2.1', 5), // two versions, one arm
      exposure('ramped', null, 'v1', 1), exposure('ramped', 'treatment', 'v2', 3), // outside, then assigned: fine
      exposure('switcher', 'control', 'v1', 1, 'other'), exposure('switcher', 'treatment', 'v2', 1, 'other'), // another experiment
    ]);
    const result = await exposureIntegrity(store, 'exp');
    expect(result).to.include({ units: 5, mixedArmUnits: 1, mixedVersionUnits: 1, contaminatedUnits: 2, contaminatedShare: 0.4 });
    expect(result.examples).to.deep.equal(['hotfix', 'switcher']);
    expect(result.arms).to.deep.equal([
      { arm: 'control', units: 2, unitsInOtherArms: 1, unitsWithSeveralVersions: 0, versions: 1 },
      { arm: 'treatment', units: 4, unitsInOtherArms: 1, unitsWithSeveralVersions: 1, versions: 2 },
    ]);
    const check = await exposureIntegrityGuardrail({ source: store })({ experiment: 'exp' } as never);
    expect(check).to.include({ name: 'exposure integrity', verdict: 'fail', value: 0.4, threshold: 0 });
    expect(check.detail).to.contain('1 of 5 units logged under several arms').and.to.contain('e.g. hotfix, switcher');
    expect((await exposureIntegrityGuardrail({ source: store, tolerance: 0.5 })({ experiment: 'exp' } as never)).verdict).to.equal('pass');
    const empty = await exposureIntegrity(store, 'nothing');
    expect(empty).to.include({ units: 0, contaminatedShare: 0 });
    await store.close();
  });

  it('rolls a rollout back when units are served both arms, like a sample ratio mismatch', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'exp', arms: ['control', 'treatment'], allocation: 1 });
    const controller = createRolloutController({ splitter, store, stages: [0.5], minUnitsPerArm: 2, guardrails: [exposureIntegrityGuardrail({ source: store })] });
    const events: PredictionEvent[] = [];
    for (let i = 0; i < 200; i++) {
      const { arm } = splitter.assign(`u${i}`);
      events.push(exposure(`u${i}`, arm, arm!, i));
      // A buggy cache serves every tenth unit the other arm's model on its second visit.
      if (i % 10 === 0) events.push(exposure(`u${i}`, arm === 'control' ? 'treatment' : 'control', 'cached', i + 1000));
    }
    await record(store, events);
    const decision = await controller.evaluate();
    expect(decision.decision).to.equal('rollback');
    expect(decision.checks[0].value).to.equal(0.1);
    await store.close();
  });

  it('refuses a missing source or a bad tolerance by name', async () => {
    expect(() => exposureIntegrityGuardrail({ source: {} as never, tolerance: 2 })).to.throw(InvalidArgumentError, 'options.tolerance');
    const error = await exposureIntegrity({} as never, 'e').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError).with.property('argument', 'source');
  });
});
