import { expect } from 'chai';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
        treatment: { version: 'v2', predict: async (x: unknown) => { if (x === 'boom') throw new Error('bad input'); return 0; } },
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
  });
});
