import { expect } from 'chai';
import { createSplitter, evaluateGuardrails, guardrailCheck, InsufficientDataError, latencyGuardrail, openEventStore, type Guardrail } from '../../src/index.js';

describe('online: evaluateGuardrails (one-off guardrail check from the store)', () => {
  it('builds the context from the store and splitter (arms in splitter order, empty arms filled) and runs each guardrail', async () => {
    const store = await openEventStore();
    const splitter = createSplitter({ experiment: 'g', arms: ['control', 'treatment'] });
    for (let i = 0; i < 400; i++) {
      const unitId = `u${i}`;
      const { arm } = splitter.assign(unitId);
      if (arm !== 'control') continue; // treatment has no traffic yet
      await store.recordPrediction({ experiment: 'g', unitId, arm, modelVersion: arm, segment: null, prediction: null, score: null, latencyMs: 20, timestamp: i, error: null });
    }
    let seen: Parameters<Guardrail>[0] | undefined;
    const spy: Guardrail = (context) => { seen = context; return guardrailCheck('spy', 'pass', 0, 0, ''); };
    const tooEarly: Guardrail = () => { throw new InsufficientDataError('latencies', [], 'need data in every arm'); };
    const { checks } = await evaluateGuardrails({ splitter, store, guardrails: [spy, tooEarly, latencyGuardrail()], alpha: 0.01 });
    expect(seen!.arms).to.deep.equal(['control', 'treatment']);
    expect(seen!.alpha).to.equal(0.01);
    expect(seen!.weights).to.deep.equal([0.5, 0.5]);
    expect(seen!.statistics.map((s) => s.arm)).to.deep.equal(['control', 'treatment']);
    expect(seen!.statistics[0].requests).to.be.above(0);
    expect(seen!.statistics[1]).to.include({ arm: 'treatment', units: 0, requests: 0, errors: 0 });
    expect(checks.map((c) => c.verdict)).to.deep.equal(['pass', 'inconclusive', 'inconclusive']); // no treatment traffic yet
    expect(checks[1]).to.include({ name: 'guardrail 2', verdict: 'inconclusive' });
    await store.close();
  });

  it('refuses a store without guardrail statistics and alpha outside (0, 1) by name', async () => {
    const splitter = createSplitter({ experiment: 'g', arms: ['control', 'treatment'] });
    const store = await openEventStore();
    for (const [options, argument] of [[{ splitter, store: {} }, 'options.store'], [{ splitter, store, alpha: 1 }, 'options.alpha'], [{ splitter, store, guardrails: [] }, 'options.guardrails']] as const) {
      const error = await evaluateGuardrails(options as never).catch((e: unknown) => e);
      expect(error, argument).to.have.property('argument', argument);
    }
    await store.close();
  });
});
