import { expect } from 'chai';
import { request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import {
  createHttpServer, createModelServer, createSplitter, InvalidArgumentError, openEventStore, type EventStore, type ModelServer,
} from '../../src/index.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

/** Sends one request; `chunks` are written separately (no content-length → chunked encoding). */
function send(port: number, method: string, path: string, chunks: string[] = [], headers: Record<string, string | number> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), headers: res.headers }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
const post = (port: number, path: string, body: unknown) => send(port, 'POST', path, [JSON.stringify(body)]);

describe('online: HTTP endpoint', () => {
  let store: EventStore;
  let modelServer: ModelServer;
  let http: Server;
  let port: number;

  before(async () => {
    store = await openEventStore();
    modelServer = createModelServer({
      splitter: createSplitter({ experiment: 'web' }),
      models: {
        control: { version: 'v1', predict: async (x: unknown) => (x as number[]).length },
        treatment: {
          version: 'v2',
          predict: async (x: unknown) => {
            if (x === 'boom') throw new Error('bad input');
            // A model refuses malformed input with InvalidArgumentError (as tfjsModel does): the client's error.
            if (!Array.isArray(x) || !x.every((v) => typeof v === 'number')) throw new InvalidArgumentError('features', x, 'expected numbers');
            return 0;
          },
        },
      },
      store,
    });
    http = createHttpServer(modelServer, { maxBodyBytes: 256 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => http.close(resolve));
    await store.close();
  });

  it('GET /health reports the experiment', async () => {
    expect(await send(port, 'GET', '/health')).to.deep.include({
      status: 200, body: { status: 'ok', experiment: 'web', allocation: 1, arms: ['control', 'treatment'] },
    });
  });

  it('POST /predict serves and records, POST /outcome records', async () => {
    const reply = await post(port, '/predict', { unitId: 'user-3', features: [1, 2, 3], segment: 'desktop' });
    expect(reply.status).to.equal(200);
    expect(reply.body).to.include({ unitId: 'user-3', inExperiment: true });
    expect(reply.body.modelVersion).to.be.oneOf(['v1', 'v2']);
    expect(await post(port, '/outcome', { unitId: 'user-3', metric: 'clicks', value: 2, timestamp: 1_700_000_000_000 }))
      .to.deep.include({ status: 200, body: { recorded: true } });
    expect(await store.query("SELECT unit_id, segment FROM predictions WHERE unit_id = 'user-3'")).to.deep.equal([{ unit_id: 'user-3', segment: 'desktop' }]);
    expect(await store.query('SELECT metric, value FROM outcomes')).to.deep.equal([{ metric: 'clicks', value: 2 }]);
  });

  it('answers bad requests with a clear JSON error (400)', async () => {
    const cases: [string[], string, string][] = [
      [['{"unitId": '], '/predict', 'invalid JSON'],
      [['[1,2]'], '/predict', 'body'],
      [['{"features": [1]}'], '/predict', 'unitId'],
      [['{"unitId": "", "features": [1]}'], '/predict', 'unitId'],
      [['{"unitId": "u"}'], '/predict', 'features'],
      [['{"unitId": "u", "features": [1], "segment": 3}'], '/predict', 'context.segment'],
      [['{"unitId": "u", "metric": "m"}'], '/outcome', 'outcome.value'],
      [['{"unitId": "u", "metric": "m", "value": "7"}'], '/outcome', 'outcome.value'],
      [['{"unitId": "u", "metric": 1, "value": 7}'], '/outcome', 'outcome.metric'],
      [['{"unitId": 1.5, "metric": "m", "value": 7}'], '/outcome', 'unitId'],
    ];
    for (const [chunks, path, mentions] of cases) {
      const reply = await send(port, 'POST', path, chunks);
      expect(reply.status, chunks[0]).to.equal(400);
      expect(reply.body.error, chunks[0]).to.be.a('string').that.contains(mentions);
    }
    expect(await store.query("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM predictions WHERE unit_id = 'u'")).to.deep.equal([{ n: 0 }]);
  });

  it('refuses oversized bodies with 413, by header or by bytes received', async () => {
    const big = JSON.stringify({ unitId: 'u', features: Array.from({ length: 200 }, () => 1) });
    const byHeader = await send(port, 'POST', '/predict', [big], { 'content-length': Buffer.byteLength(big) });
    expect(byHeader.status).to.equal(413);
    expect(byHeader.body.error).to.contain('256 bytes');
    const chunked = await send(port, 'POST', '/predict', [big.slice(0, 200), big.slice(200)], { 'transfer-encoding': 'chunked' });
    expect(chunked.status).to.equal(413);
    // The server keeps working afterwards.
    expect((await send(port, 'GET', '/health')).status).to.equal(200);
  });

  it('uses 404, 405, 415 and 502 where they apply', async () => {
    expect((await send(port, 'GET', '/nope')).status).to.equal(404);
    const wrongMethod = await send(port, 'GET', '/predict');
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.headers.allow).to.equal('POST');
    expect((await send(port, 'POST', '/predict', ['unitId=u'], { 'content-type': 'application/x-www-form-urlencoded' })).status).to.equal(415);
    const unit = Array.from({ length: 50 }, (_, i) => `u${i}`).find((u) => modelServer.splitter.assign(u).arm === 'treatment');
    const failed = await post(port, '/predict', { unitId: unit, features: 'boom' });
    expect(failed.status).to.equal(502);
    expect(failed.body.error).to.contain('bad input');
  });

  it('validates its options', () => {
    for (const maxBodyBytes of [0, -1, 1.5, NaN]) {
      expect(() => createHttpServer(modelServer, { maxBodyBytes }), String(maxBodyBytes))
        .to.throw(InvalidArgumentError).with.property('argument', 'options.maxBodyBytes');
    }
    for (const name of ['maxConcurrentRequests', 'headersTimeoutMs', 'requestTimeoutMs', 'keepAliveTimeoutMs']) {
      expect(() => createHttpServer(modelServer, { [name]: 0 }), name).to.throw(InvalidArgumentError).with.property('argument', `options.${name}`);
    }
    expect(() => createHttpServer(modelServer, null as never)).to.throw(InvalidArgumentError).with.property('argument', 'options');
    expect(() => createHttpServer(null as never)).to.throw(InvalidArgumentError).with.property('argument', 'modelServer');
  });

  it('refuses an outcome the store cannot hold with 400 naming the field; concurrent valid outcomes are all stored', async () => {
    const valid = Array.from({ length: 99 }, (_, i) => post(port, '/outcome', { unitId: `c${i}`, metric: 'conc', value: i, timestamp: 1_700_000_000_000 }));
    const bad = post(port, '/outcome', { unitId: 'c-bad', metric: 'conc', value: 1, timestamp: 1e20 });
    const replies = await Promise.all(valid);
    expect(replies.map((r) => r.status)).to.deep.equal(replies.map(() => 200));
    expect(await bad).to.deep.include({ status: 400 });
    expect((await bad).body.argument).to.equal('event.timestamp');
    expect(await store.query("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM outcomes WHERE metric = 'conc'")).to.deep.equal([{ n: 99 }]);
  });

  it('answers malformed features with 400 (the client\'s error), not 502', async () => {
    const unit = Array.from({ length: 50 }, (_, i) => `m${i}`).find((u) => modelServer.splitter.assign(u).arm === 'treatment');
    for (const features of [[[1]], 'abc']) {
      const reply = await post(port, '/predict', { unitId: unit, features });
      expect(reply.status, JSON.stringify(features)).to.equal(400);
    }
  });

  it('accepts application/json only (charset utf-8 at most)', async () => {
    const body = [JSON.stringify({ unitId: 'u', metric: 'ct', value: 1 })];
    for (const type of ['text/plain; charset=json', 'application/jsonx', 'application/json; charset=latin1', 'text/json']) {
      expect((await send(port, 'POST', '/outcome', body, { 'content-type': type })).status, type).to.equal(415);
    }
    for (const type of ['application/json', 'Application/JSON; charset=UTF-8', 'application/json;charset="utf-8"']) {
      expect((await send(port, 'POST', '/outcome', body, { 'content-type': type })).status, type).to.equal(200);
    }
  });

  it('answers an oversized body with a readable 413 also when the client keeps sending it (content-length)', async () => {
    const big = JSON.stringify({ unitId: 'u', features: Array.from({ length: 100_000 }, () => 1) });
    const reply = await send(port, 'POST', '/predict', [big], { 'content-length': Buffer.byteLength(big) });
    expect(reply.status).to.equal(413);
    expect(reply.body.error).to.contain('256 bytes');
  });
});

describe('online: HTTP endpoint under slow or many clients', () => {
  let store: EventStore;
  let http: Server;
  let port: number;
  let release: () => void = () => {};
  before(async () => {
    store = await openEventStore();
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = { version: 'v', predict: async () => { await gate; return 1; } };
    const modelServer = createModelServer({ splitter: createSplitter({ experiment: 'slow' }), models: { control: slow, treatment: slow }, store });
    http = createHttpServer(modelServer, { maxConcurrentRequests: 3, headersTimeoutMs: 300, requestTimeoutMs: 400 });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  });
  after(async () => {
    release();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await store.close();
  });

  it('answers 503 beyond maxConcurrentRequests requests in flight', async () => {
    const held = [0, 1, 2].map((i) => post(port, '/predict', { unitId: `h${i}`, features: [1] }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const busy = await post(port, '/predict', { unitId: 'h3', features: [1] });
    expect(busy.status).to.equal(503);
    expect(busy.headers['retry-after']).to.equal('1');
    release();
    expect((await Promise.all(held)).map((r) => r.status)).to.deep.equal([200, 200, 200]);
  });

  it('drops a client that never finishes its body within requestTimeoutMs', async function () {
    this.timeout(5000);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('POST /outcome HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"unitId"');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const started = Date.now();
    await new Promise((resolve) => socket.on('close', resolve));
    expect(Date.now() - started).to.be.below(2500);
    expect(answer).to.match(/^HTTP\/1.1 408/);
  });

});
