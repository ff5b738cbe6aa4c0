/**
 * The worker threads of one data-parallel training run (replicas 1 … k−1; the main thread is
 * replica 0): started from the main thread's compiled model, stopped when training ends or fails.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import { AblabError } from '../../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import { startWorker } from '../grid/startWorker.js';
import { createExchangeBuffers, GradientExchange } from './gradientExchange.js';
import type { FromReplica } from './replicaMessages.js';
import { describeReplica, sharedDataset } from './replicaSetup.js';

export interface ReplicaGroup {
  /** The main thread's (replica 0's) view of the exchange. */
  exchange: GradientExchange;
  /** The first failure a worker reported (or its exit), once it has. */
  failure: Promise<string>;
  /** Aborts whatever still runs and ends every worker. */
  stop(): Promise<void>;
}

/**
 * Starts `replicas − 1` workers holding copies of `model` and resolves once all are ready.
 * @throws AblabError when a worker cannot build its replica (the workers are stopped first).
 * @example
 * const group = await startReplicaGroup(model, 2, { backend: 'wasm', data: train, epochs: 1, batchSize: 64, seed: 7 });
 */
export async function startReplicaGroup(
  model: tf.LayersModel, replicas: number, run: { backend: string; data: Dataset; epochs: number; batchSize: number; seed: number },
): Promise<ReplicaGroup> {
  const parameters = model.trainableWeights.reduce((total, w) => total + w.shape.reduce((a, b) => a! * b!, 1)!, 0);
  const buffers = createExchangeBuffers(replicas, parameters);
  const data = sharedDataset(run.data);
  const workers: Worker[] = [];
  let reportFailure: (message: string) => void = () => undefined;
  const failure = new Promise<string>((resolve) => { reportFailure = resolve; });
  const readiness: Promise<void>[] = [];
  const description = await describeReplica(model, { ...run, data, buffers });
  for (let replica = 1; replica < replicas; replica++) {
    const worker = startWorker('replicaWorker', { ...description, replica }, __dirname);
    workers.push(worker);
    readiness.push(new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromReplica) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'failed') {
          reportFailure(`replica ${replica}: ${message.message}`);
          reject(new AblabError(`data-parallel replica ${replica} failed: ${message.message}`));
        }
      });
      worker.on('error', (error) => {
        reportFailure(`replica ${replica}: ${error.message}`);
        reject(error);
      });
      worker.on('exit', (code) => {
        reportFailure(`replica ${replica} exited with code ${code}`);
        reject(new AblabError(`data-parallel replica ${replica} exited with code ${code} before it was ready`));
      });
    }));
  }
  const exchange = new GradientExchange(buffers, 0);
  const stop = async () => {
    exchange.abort();
    await Promise.all(workers.map((w) => w.terminate()));
  };
  try {
    await Promise.all(readiness);
  } catch (error) {
    await stop();
    throw error;
  }
  return { exchange, failure, stop };
}
