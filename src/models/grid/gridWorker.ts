/**
 * Worker-thread entry of runGrid: selects its own backend, loads the data once, then runs the
 * tasks it is sent, streaming epoch progress and results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BackendPreference, selectBackend } from '../backends/selectBackend.js';
import { type DatasetSpec, loadDatasetSpec } from './datasetSpec.js';
import { trainAndEvaluate, type RunTask } from './trainAndEvaluate.js';
import type { FromWorker, ToWorker } from './workerMessages.js';

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const { dataset, backend } = workerData as { dataset: DatasetSpec; backend?: BackendPreference };

const ready = (async () => {
  await selectBackend({ prefer: backend });
  return loadDatasetSpec(dataset);
})();

port.on('message', async (message: ToWorker) => {
  const task: RunTask = message.task;
  try {
    const data = await ready;
    const result = await trainAndEvaluate(task, data, (record) => post({ type: 'epoch', variant: task.variant, seed: task.seed, record }));
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', variant: task.variant, seed: task.seed, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
