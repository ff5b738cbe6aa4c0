/**
 * Worker-thread entry of a data-parallel training run: builds its replica, reports ready, then
 * trains every epoch in lockstep with the other replicas (see trainEpoch) and reports done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { AblabError } from '../../core/errors.js';
import { type BackendPreference, selectBackend } from '../backends/selectBackend.js';
import { epochOrders } from './epochOrder.js';
import { GradientExchange, ReplicaAbortedError } from './gradientExchange.js';
import { buildReplica, type ReplicaSetup } from './replicaSetup.js';
import { trainEpoch, trainingStep } from './trainEpoch.js';
import type { FromReplica } from './replicaMessages.js';

const port = parentPort!;
const post = (message: FromReplica) => port.postMessage(message);
const setup = workerData as ReplicaSetup;
const exchange = new GradientExchange(setup.buffers, setup.replica);
let finished = false;
// The main thread waits in Atomics.wait and cannot see this thread die: a replica that exits before
// finishing (process.exit, a fatal error) releases the others with an abort instead of leaving them waiting.
process.on('exit', () => {
  if (!finished) exchange.abort();
});

(async () => {
  let model: tf.LayersModel | undefined;
  try {
    await selectBackend({ prefer: setup.backend as BackendPreference });
    if (tf.getBackend() !== setup.backend) throw new AblabError(`replica ${setup.replica} got backend '${tf.getBackend()}', the run uses '${setup.backend}'`);
    model = await buildReplica(setup);
    const step = trainingStep(model, 'model');
    post({ type: 'ready' });
    const nextOrder = epochOrders(setup.seed, setup.data.y.length);
    for (let epoch = 1; epoch <= setup.epochs; epoch++) {
      exchange.totalLoss(trainEpoch(step, setup.data, nextOrder(), setup.batchSize, exchange));
    }
    finished = true;
    post({ type: 'done' });
  } catch (error) {
    // Another replica's failure is reported by that replica.
    finished = true;
    if (!(error instanceof ReplicaAbortedError)) {
      post({ type: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      exchange.abort();
    }
  } finally {
    model?.dispose();
  }
})();
