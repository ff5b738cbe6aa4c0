/**
 * Starts a worker thread on a sibling module, both from the built JavaScript (dist/) and from the
 * TypeScript sources run through tsx (tests, benchmarks), where the worker must register tsx itself:
 * tsx's loader hooks are not inherited by worker threads.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * A worker running `moduleBaseName` (no extension) from `folder` (default: this folder) with `workerData`.
 * @example
 * const worker = startWorker('gridWorker', { dataset, backend: 'wasm' });
 */
export function startWorker(moduleBaseName: string, workerData: unknown, folder = __dirname): Worker {
  const fromTypeScript = __filename.endsWith('.ts');
  const entry = join(folder, `${moduleBaseName}${fromTypeScript ? '.ts' : '.js'}`);
  if (!fromTypeScript) return new Worker(entry, { workerData });
  const tsxApi = require.resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsxApi)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}
