import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import {
  createModelServer, createSplitter, createVirtualClock, defaultScore, InvalidArgumentError, ModelPredictionError,
  openEventStore, tfjsModel, type EventStore, type ModelEndpoint,
} from '../../src/index.js';

const constantModel = (version: string, value: unknown): ModelEndpoint => ({ version, predict: async () => value });

describe('online: model server', () => {
  let store: EventStore;
  beforeEach(async () => {
    store = await openEventStore();
  });
  afterEach(() => store.close());

  it('serves the assigned arm’s model and records variant, version, prediction, latency and time', async () => {
    const splitter = createSplitter({ experiment: 'checkout', allocation: 0.5 });
    const clock = createVirtualClock(Date.UTC(2024, 0, 1));
    const models = {
      control: { version: 'v1', predict: async (x: unknown) => (clock.elapse(3), [(x as number[])[0] * 0.1]) },
      treatment: { version: 'v2', predict: async (x: unknown) => (clock.elapse(5), [(x as number[])[0] * 0.2]) },
    };
    const server = createModelServer({ splitter, models, store, clock });
    // Per the golden vectors: user-3 → control, user-1 → outside the experiment (served by control).
    expect(await server.predict('user-3', [2], { segment: 'mobile' })).to.deep.equal({
      unitId: 'user-3', arm: 'control', inExperiment: true, modelVersion: 'v1', prediction: [0.2], latencyMs: 3, timestamp: Date.UTC(2024, 0, 1),
    });
    expect((await server.predict('user-1', [1])).arm).to.equal(null);
    const treated = Array.from({ length: 40 }, (_, i) => `t${i}`).find((u) => splitter.assign(u).arm === 'treatment')!;
    expect(await server.predict(treated, [5])).to.include({ arm: 'treatment', modelVersion: 'v2', latencyMs: 5 });
    clock.setTime(Date.UTC(2024, 0, 3));
    await server.recordOutcome('user-3', { metric: 'revenue', value: 12.5 });
    await server.recordOutcome('user-3', { metric: 'revenue', value: 1, timestamp: new Date(Date.UTC(2024, 0, 4)) });

    const rows = await store.query(`SELECT unit_id, arm, model_version, segment, prediction, score, latency_ms, epoch_ms(ts) AS ms, error
      FROM predictions ORDER BY rowid`);
    expect(rows[0]).to.deep.equal({
      unit_id: 'user-3', arm: 'control', model_version: 'v1', segment: 'mobile', prediction: '[0.2]', score: 0.2, latency_ms: 3,
      ms: BigInt(Date.UTC(2024, 0, 1)), error: null,
    });
    expect(rows.map((r) => r.arm)).to.deep.equal(['control', null, 'treatment']);
    const outcomes = await store.query('SELECT unit_id, metric, value, epoch_ms(ts) AS ms FROM outcomes ORDER BY ts');
    expect(outcomes).to.deep.equal([
      { unit_id: 'user-3', metric: 'revenue', value: 12.5, ms: BigInt(Date.UTC(2024, 0, 3)) },
      { unit_id: 'user-3', metric: 'revenue', value: 1, ms: BigInt(Date.UTC(2024, 0, 4)) },
    ]);
  });

  it('measures real latency with the high-resolution clock by default', async () => {
    const slow: ModelEndpoint = { version: 's', predict: () => new Promise((resolve) => setTimeout(() => resolve(1), 20)) };
    const server = createModelServer({ splitter: createSplitter({ experiment: 'lat' }), models: { control: slow, treatment: slow }, store });
    const served = await server.predict('u', null);
    expect(served.latencyMs).to.be.within(15, 1000);
    expect(Math.abs(served.timestamp - Date.now())).to.be.below(5000);
  });

  it('records a failing model as an error event and throws ModelPredictionError', async () => {
    const failing: ModelEndpoint = { version: 'broken', predict: () => Promise.reject(new Error('GPU on fire')) };
    const server = createModelServer({ splitter: createSplitter({ experiment: 'err' }), models: { control: failing, treatment: failing }, store });
    const error = await server.predict('u1', [1]).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ModelPredictionError).with.property('modelVersion', 'broken');
    expect((error as Error).message).to.contain('GPU on fire');
    expect(await store.query('SELECT error, prediction, score FROM predictions')).to.deep.equal([{ error: 'GPU on fire', prediction: null, score: null }]);
  });

  it('scores predictions: numbers and one-element arrays by default, or a custom function', async () => {
    expect([defaultScore(0.3), defaultScore([0.7]), defaultScore([0.1, 0.9]), defaultScore('x'), defaultScore(NaN)])
      .to.deep.equal([0.3, 0.7, null, null, null]);
    const models = { control: constantModel('a', [0.1, 0.9]), treatment: constantModel('b', [0.4, 0.6]) };
    const server = createModelServer({ splitter: createSplitter({ experiment: 's' }), models, store, score: (p) => (p as number[])[1] });
    await server.predict('u1', []);
    expect((await store.query('SELECT score FROM predictions'))[0].score).to.be.oneOf([0.9, 0.6]);
  });

  it('serves tfjs models and disposes every tensor, also when the model throws', async () => {
    await tf.ready();
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones', activation: 'linear' })] });
    const endpoint = tfjsModel(model, { version: 'mlp-1' });
    expect(await endpoint.predict([1, 2])).to.deep.equal([3]);
    const server = createModelServer({ splitter: createSplitter({ experiment: 'tf' }), models: { control: endpoint, treatment: endpoint }, store });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) expect((await server.predict(`u${i}`, [i, 1])).prediction).to.deep.equal([i + 1]);
    // Malformed features are the client's error (InvalidArgumentError → 400), not a model failure.
    for (const features of [[1, 2, 3], [1, 'x'], [[1, 2]], 'abc', [], null]) {
      const refused = await server.predict('u', features).catch((e: unknown) => e);
      expect(refused, JSON.stringify(features)).to.be.instanceOf(InvalidArgumentError).with.property('argument').that.matches(/^features/);
    }
    const failing = tfjsModel({ predict: () => { throw new Error('kernel crashed'); } }, { version: 'x' });
    expect(await Promise.resolve().then(() => failing.predict([1])).catch((e: unknown) => e)).to.be.instanceOf(Error).and.not.be.instanceOf(InvalidArgumentError);
    expect(tf.memory().numTensors).to.equal(before);
    model.dispose();
    expect(() => tfjsModel({} as never, { version: 'x' })).to.throw(InvalidArgumentError, 'model');
    expect(() => tfjsModel(model, { version: '' })).to.throw(InvalidArgumentError, 'options.version');
  });

  it('malformed features from a few hostile units are logged as input errors and never raise an arm\'s error rate', async () => {
    await tf.ready();
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })] });
    const endpoint = tfjsModel(model, { version: 'mlp' });
    const splitter = createSplitter({ experiment: 'hostile' });
    const server = createModelServer({ splitter, models: { control: endpoint, treatment: endpoint }, store });
    const units = Array.from({ length: 200 }, (_, i) => `u${i}`);
    const hostile = units.filter((u) => splitter.assign(u).arm === 'treatment').slice(0, 5);
    for (const u of units) await server.predict(u, [1, 2]);
    const malformed = [[1], [[1, 2]], 'x', [], [1, 2, 3]];
    let refused = 0;
    for (const u of hostile) for (const features of malformed) await server.predict(u, features).catch((e: unknown) => { if (e instanceof InvalidArgumentError) refused++; });
    expect(refused).to.equal(hostile.length * malformed.length);
    expect(await store.query("SELECT error_kind, CAST(COUNT(*) AS INTEGER) AS n FROM predictions WHERE error IS NOT NULL GROUP BY ALL"))
      .to.deep.equal([{ error_kind: 'input', n: refused }]);
    const monitoring = await store.guardrailStatistics({ experiment: 'hostile' });
    expect(monitoring.map((m) => [m.arm, m.errors, m.requests])).to.deep.equal(
      [['control', 0, units.length - monitoring[1].requests], ['treatment', 0, monitoring[1].requests]]);
    model.dispose();
  });

  it('rejects bad configuration, unit ids and outcomes with typed errors', async () => {
    const splitter = createSplitter({ experiment: 'bad' });
    const ok = constantModel('v', 1);
    const badConfigs: [object, string][] = [
      [{ models: { control: ok } }, 'options.models.treatment'],
      [{ models: { control: ok, treatment: { version: 'v' } } }, 'options.models.treatment'],
      [{ models: { control: ok, treatment: { version: '', predict: ok.predict } } }, 'options.models.treatment.version'],
      [{ models: { control: ok, treatment: ok }, defaultArm: 'other' }, 'options.defaultArm'],
      [{ models: null }, 'options.models'],
    ];
    for (const [config, argument] of badConfigs) {
      expect(() => createModelServer({ splitter, store, ...config } as never), argument)
        .to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    const server = createModelServer({ splitter, store, models: { control: ok, treatment: ok } });
    const calls: [() => Promise<unknown>, string][] = [
      [() => server.predict('', 1), 'unitId'],
      [() => server.predict('u', 1, { segment: '' }), 'context.segment'],
      [() => server.recordOutcome('u', null as never), 'outcome'],
      [() => server.recordOutcome('u', { metric: '', value: 1 }), 'outcome.metric'],
      [() => server.recordOutcome('u', { metric: 'm', value: NaN }), 'outcome.value'],
      [() => server.recordOutcome('u', { metric: 'm', value: 1, timestamp: new Date(NaN) }), 'outcome.timestamp'],
      [() => server.recordOutcome(1.5, { metric: 'm', value: 1 }), 'unitId'],
    ];
    for (const [call, argument] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, argument).to.be.instanceOf(InvalidArgumentError).with.property('argument', argument);
    }
    const clock = createVirtualClock(0);
    for (const [call, argument] of [
      [() => createVirtualClock(NaN), 'epochMs'], [() => clock.setTime(Infinity), 'epochMs'],
      [() => clock.elapse(-1), 'ms'], [() => clock.elapse(NaN), 'ms'],
    ] as [() => unknown, string][]) {
      expect(call, argument).to.throw(InvalidArgumentError).with.property('argument', argument);
    }
    clock.elapse(2.5);
    clock.setTime(-5); // never goes backwards
    expect([clock.monotonicNs(), clock.now()]).to.deep.equal([2500000n, 0]);
  });
});
