import { expect } from 'chai';
import { createSplitter, evaluateGuardrails, guardrailCheck, InsufficientDataError, latencyGuardrail, openEventStore, Random, type Guardrail } from '../../src/index.js';

describe('online: evaluateGuardrails (one-off guardrail check from the store)', () => {
  it('builds the context from the store and splitter (arms in splitter order, empty arms filled) and runs each guardrail', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'g', arms: ['control', 'treatment'], allocation: 0.5 });
    const rng = new Random(3);
    for (let i = 0; i < 400; i++) {
      const unitId = `u${i}`;
      const { arm } = splitter.assign(unitId);
      if (arm !== 'control') continue; // treatment has no traffic yet
      await store.recordPrediction({ experiment: 'g', unitId, arm, modelVersion: arm, segment: null, prediction: null, score: rng.normal(), latencyMs: 20, timestamp: i, error: null });
    }
    let seen: Parameters<Guardrail>[0] | undefined;
    const spy: Guardrail = (context) => { seen = context; return guardrailCheck('spy', 'pass', 0, 0, ''); };
    const tooEarly: Guardrail = () => { throw new InsufficientDataError('latencies', [], 'need data in every arm'); };
    const { checks } = await evaluateGuardrails({ splitter, store, guardrails: [spy, tooEarly, latencyGuardrail({ resamples: 100 })], random: 7 });
    expect(seen!.arms).to.deep.equal(['control', 'treatment']);
    expect(seen!.allocation).to.equal(0.5);
    expect(seen!.monitoring.map((m) => m.arm)).to.deep.equal(['control', 'treatment']);
    expect(seen!.monitoring[0].requests).to.be.above(0);
    expect(seen!.monitoring[1]).to.deep.equal({ arm: 'treatment', units: 0, requests: 0, errors: 0, latenciesMs: [], scores: [] });
    expect(checks.map((c) => c.verdict)).to.deep.equal(['pass', 'inconclusive', 'inconclusive']); // no latencies in treatment yet
    expect(checks[1]).to.include({ name: 'guardrail 2', verdict: 'inconclusive' });
    await store.close();
  });
});
