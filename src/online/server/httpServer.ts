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
 * unknown route or method, 413 for a body over `maxBodyBytes` (the body is not buffered past the
 * limit), 415 for a non-JSON content type, 502 when the model fails, 500 otherwise. Responses are
 * sent after the event is durably recorded.
 * @throws {InvalidArgumentError} when `maxBodyBytes` is not a positive integer.
 * @example
 * const http = createHttpServer(server, { maxBodyBytes: 16384 });
 * http.listen(8080, '127.0.0.1');
 * // curl -X POST localhost:8080/predict -H 'content-type: application/json' -d '{"unitId":"user-3","features":[1,2]}'
 */
export function createHttpServer(modelServer: ModelServer, options: HttpServerOptions = {}): Server {
  const maxBodyBytes = options.maxBodyBytes ?? 65536;
  assertInteger('options.maxBodyBytes', maxBodyBytes, 1);
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

  return createServer((request, response) => {
    void respond(request, response, routes, maxBodyBytes);
  });
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
      // Stop receiving the rest of an oversized body once the answer is out.
      if (error.status === 413) response.on('finish', () => request.destroy());
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
    ...(status === 413 ? { connection: 'close' } : {}),
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

/** Reads a JSON body, refusing (413) as soon as it exceeds the limit, by header or by bytes received. */
async function readJson(request: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  const type = request.headers['content-type'];
  if (type !== undefined && !/\bjson\b/i.test(type)) throw new HttpError(415, `expected content-type application/json, got ${type}`);
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
