/**
 * JSON-over-HTTP front of a model server, on Node's own `http` module: POST /predict,
 * POST /outcome, GET /health, with input validation and bounded request bodies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AblabError, InvalidArgumentError } from '../../core/errors.js';
import { assertInteger } from '../../core/validate.js';
import { ModelPredictionError, type ModelServer } from './modelServer.js';

/** Options of {@link createHttpServer}. */
export interface HttpServerOptions {
  /** Largest accepted request body in bytes; larger ones get 413. Default 65536. */
  maxBodyBytes?: number;
  /** Most requests handled at once; more get 503 with `retry-after`. Default 256. */
  maxConcurrentRequests?: number;
  /** Time allowed to receive a request's headers, in ms. Default 10,000. */
  headersTimeoutMs?: number;
  /** Time allowed to receive a whole request (headers and body), in ms; slower ones get 408. Default 30,000. */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in ms. Default 5,000. */
  keepAliveTimeoutMs?: number;
}

/** Raised for a request the server refuses, carrying the HTTP status to answer with. */
class HttpError extends AblabError {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

type Handler = (body: unknown) => Promise<unknown>;

/**
 * Creates (but does not start) an HTTP server for `modelServer`. Routes:
 * - `POST /predict` `{unitId, features, segment?}` → 200 with the served prediction;
 * - `POST /outcome` `{unitId, metric, value, timestamp?}` → 200 `{recorded: true}`;
 * - `GET /health` → 200 `{status: 'ok', experiment, allocation, arms}`.
 * Errors are JSON `{error, argument?}`: 400 for malformed JSON or invalid fields, 404/405 for an
 * unknown route or method, 408 for a request not received within `requestTimeoutMs`, 413 for a
 * body over `maxBodyBytes` (declared or received; the body is discarded, never buffered past the
 * limit), 415 unless the content type is `application/json` (optionally `; charset=utf-8`), 502
 * when the model fails, 503 beyond `maxConcurrentRequests` requests in flight, 500 otherwise.
 * Malformed features are the client's error (400; logged with error kind 'input', not counted by
 * the guardrails). Slow or stalled clients are cut off by the header, request and keep-alive
 * timeouts. Responses are sent after the event is durably recorded.
 * @throws {InvalidArgumentError} when an option is not a positive integer.
 * @example
 * const http = createHttpServer(server, { maxBodyBytes: 16384 });
 * http.listen(8080, '127.0.0.1');
 * // curl -X POST localhost:8080/predict -H 'content-type: application/json' -d '{"unitId":"user-3","features":[1,2]}'
 */
export function createHttpServer(modelServer: ModelServer, options: HttpServerOptions = {}): Server {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected an options object');
  const setting = (name: keyof HttpServerOptions, fallback: number): number => {
    const value = options[name] ?? fallback;
    assertInteger(`options.${name}`, value, 1);
    return value;
  };
  const maxBodyBytes = setting('maxBodyBytes', 65536);
  const maxConcurrentRequests = setting('maxConcurrentRequests', 256);
  const headersTimeout = setting('headersTimeoutMs', 10_000);
  const requestTimeout = setting('requestTimeoutMs', 30_000);
  const keepAliveTimeout = setting('keepAliveTimeoutMs', 5_000);
  if (headersTimeout > requestTimeout) {
    throw new InvalidArgumentError('options.headersTimeoutMs', headersTimeout, `expected at most options.requestTimeoutMs (${requestTimeout})`);
  }
  if (typeof modelServer?.predict !== 'function') throw new InvalidArgumentError('modelServer', modelServer, 'expected a model server (createModelServer)');
  const { splitter } = modelServer;

  const routes: Record<string, { method: 'GET' | 'POST'; handle: Handler }> = {
    '/health': {
      method: 'GET',
      handle: async () => ({ status: 'ok', experiment: splitter.experiment, allocation: splitter.allocation, arms: splitter.arms }),
    },
    '/predict': {
      method: 'POST',
      handle: async (body) => {
        const { unitId, features, segment } = asObject(body);
        if (features === undefined) throw new InvalidArgumentError('features', features, 'expected the model input');
        return modelServer.predict(unitId as string, features, segment === undefined ? {} : { segment: segment as string });
      },
    },
    '/outcome': {
      method: 'POST',
      handle: async (body) => {
        const { unitId, metric, value, timestamp } = asObject(body);
        await modelServer.recordOutcome(unitId as string, {
          metric: metric as string, value: value as number, timestamp: timestamp as number | undefined,
        });
        return { recorded: true };
      },
    },
  };

  let inFlight = 0;
  const server = createServer({
    headersTimeout, requestTimeout, keepAliveTimeout,
    // Node checks the two timeouts only this often (default 30 s): check often enough to honour them.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 2))),
  }, (request, response) => {
    if (inFlight >= maxConcurrentRequests) {
      send(response, 503, { error: `server busy: more than ${maxConcurrentRequests} requests in flight, retry later` }, { 'retry-after': '1' });
      discardBody(request, response);
      return;
    }
    inFlight++;
    response.on('close', () => inFlight--);
    void respond(request, response, routes, maxBodyBytes);
  });
  return server;
}

/**
 * Reads and drops the rest of a refused request's body, so the client (still sending) receives the
 * answer instead of a connection reset, then closes the connection (`connection: close` was sent).
 * A client that keeps sending is cut off by the request timeout.
 */
function discardBody(request: IncomingMessage, response: ServerResponse): void {
  if (request.complete) return;
  request.on('error', () => {});
  request.resume();
  request.on('end', () => response.socket?.destroySoon());
}

async function respond(
  request: IncomingMessage, response: ServerResponse,
  routes: Record<string, { method: 'GET' | 'POST'; handle: Handler }>, maxBodyBytes: number,
): Promise<void> {
  try {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes[path];
    if (!route) throw new HttpError(404, `no route ${path}; try POST /predict, POST /outcome or GET /health`);
    if (request.method !== route.method) {
      throw new HttpError(405, `${path} accepts ${route.method} only`, { allow: route.method });
    }
    const body = route.method === 'POST' ? await readJson(request, maxBodyBytes) : undefined;
    send(response, 200, await route.handle(body));
  } catch (error) {
    if (error instanceof HttpError) {
      send(response, error.status, { error: error.message }, error.headers);
      if (error.status === 413 || error.status === 415) discardBody(request, response);
    } else if (error instanceof InvalidArgumentError) {
      send(response, 400, { error: error.message, argument: error.argument });
    } else if (error instanceof ModelPredictionError) {
      send(response, 502, { error: error.message });
    } else {
      send(response, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

function send(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(status === 413 || status === 415 || status === 503 ? { connection: 'close' } : {}),
    ...headers,
  });
  response.end(text);
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidArgumentError('body', body, 'expected a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Accepts `application/json`, with at most a `charset=utf-8` parameter (any case, optional quotes). */
function checkContentType(type: string | undefined): void {
  const [mediaType, ...parameters] = (type ?? '').split(';').map((part) => part.trim().toLowerCase());
  const utf8 = (parameter: string) => /^charset="?utf-8"?$/.test(parameter);
  if (mediaType !== 'application/json' || !parameters.every(utf8)) {
    throw new HttpError(415, `expected content-type application/json (charset utf-8), got ${type === undefined ? 'none' : JSON.stringify(type)}`);
  }
}

/** Reads a JSON body, refusing (413) as soon as it exceeds the limit, by header or by bytes received. */
async function readJson(request: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  checkContentType(request.headers['content-type']);
  const declared = Number(request.headers['content-length'] ?? 0);
  const tooLarge = () => new HttpError(413, `request body exceeds ${maxBodyBytes} bytes`);
  if (declared > maxBodyBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let received = 0;
  // destroyOnReturn: false keeps the socket open so the 413 answer can still be sent.
  for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `invalid JSON body: ${(error as Error).message}`);
  }
}
