/**
 * What a worker needs to hold an exact replica of a compiled model: topology, weights, optimizer
 * class, configuration and state, the loss's name, the shared training data and exchange buffers.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset.js';
import { SeededDropout } from '../layers/seededDropout.js';
import type { ExchangeBuffers } from './gradientExchange.js';

interface ArrayWithShape { name: string; values: Float32Array | Int32Array | Uint8Array; shape: number[]; dtype: tf.DataType }

export interface ReplicaSetup {
  replica: number;
  backend: string;
  modelTopology: tf.serialization.ConfigDict;
  loss: string;
  weights: ArrayWithShape[];
  /** `betaPowers`: Adam's running β₁ᵗ and β₂ᵗ, which its setWeights would recompute as powers (not bit-identical to the running products). */
  optimizer: { className: string; config: tf.serialization.ConfigDict; state: ArrayWithShape[]; betaPowers: [number, number] | null };
  data: Dataset;
  buffers: ExchangeBuffers;
  epochs: number;
  batchSize: number;
  seed: number;
}

/**
 * Why `model` cannot be copied into a worker (a loss given as a function, an unregistered optimizer), or null when it can.
 * @example
 * replicationObstacle(buildCnn({ inputShape: [28, 28, 1], numClasses: 10, seed: 1 })); // null
 */
export function replicationObstacle(model: tf.LayersModel): string | null {
  if (typeof model.loss !== 'string') return 'its loss is not a named tfjs loss (a function cannot be sent to a worker)';
  const className = model.optimizer?.getClassName();
  if (!className || !tf.serialization.SerializationMap.getMap().classNameMap[className]) return `its optimizer ${className} is not a registered tfjs class`;
  return null;
}

function withShape(name: string, tensor: tf.Tensor): ArrayWithShape {
  return { name, values: tensor.dataSync().slice() as ArrayWithShape['values'], shape: tensor.shape, dtype: tensor.dtype };
}

/**
 * A copy of `data` whose arrays live in SharedArrayBuffers (workers then share one copy instead of cloning it).
 * @example
 * sharedDataset(train).x.buffer instanceof SharedArrayBuffer; // true
 */
export function sharedDataset(data: Dataset): Dataset {
  const share = (array: Float32Array) => {
    if (array.buffer instanceof SharedArrayBuffer) return array;
    const shared = new Float32Array(new SharedArrayBuffer(array.byteLength));
    shared.set(array);
    return shared;
  };
  return { x: share(data.x), y: share(data.y), sampleShape: [...data.sampleShape], numClasses: data.numClasses };
}

/**
 * Describes `model` (already checked with replicationObstacle) for every replica: the setup of
 * replica r is `{ ...description, replica: r }`.
 * @example
 * const description = await describeReplica(model, { backend: 'wasm', data, buffers, epochs: 1, batchSize: 64, seed: 7 });
 */
export async function describeReplica(
  model: tf.LayersModel, run: Pick<ReplicaSetup, 'backend' | 'data' | 'buffers' | 'epochs' | 'batchSize' | 'seed'>,
): Promise<Omit<ReplicaSetup, 'replica'>> {
  const state = await model.optimizer.getWeights();
  const stateArrays = state.map((s) => withShape(s.name, s.tensor));
  tf.dispose(state[0]?.tensor); // the iteration count, a fresh scalar (the others are the optimizer's variables)
  const { accBeta1, accBeta2 } = model.optimizer as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable };
  const betaPowers: [number, number] | null = accBeta1 && accBeta2 ? [accBeta1.dataSync()[0], accBeta2.dataSync()[0]] : null;
  return {
    ...run,
    modelTopology: model.toJSON(null, false) as tf.serialization.ConfigDict,
    loss: model.loss as string,
    weights: model.weights.map((w, i) => withShape(String(i), w.read())),
    optimizer: { className: model.optimizer.getClassName(), config: model.optimizer.getConfig(), state: stateArrays, betaPowers },
  };
}

/**
 * Builds the replica a setup describes on the current backend: same topology, weights, optimizer
 * state; its seeded dropout layers draw their own masks (SeededDropout.reseedForReplica).
 * @throws whatever tfjs throws for a topology it cannot rebuild (e.g. an unregistered custom layer).
 * @example
 * const model = await buildReplica(setup);
 */
export async function buildReplica(setup: ReplicaSetup): Promise<tf.LayersModel> {
  const model = await tf.models.modelFromJSON({ modelTopology: setup.modelTopology });
  const [optimizerClass, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[setup.optimizer.className];
  const optimizer = fromConfig(optimizerClass, setup.optimizer.config) as unknown as tf.Optimizer;
  model.compile({ optimizer, loss: setup.loss });
  const weights = setup.weights.map((w) => tf.tensor(w.values, w.shape, w.dtype));
  model.setWeights(weights);
  tf.dispose(weights);
  if (setup.optimizer.state.length > 0) {
    await optimizer.setWeights(setup.optimizer.state.map((s) => ({ name: s.name, tensor: tf.tensor(s.values, s.shape, s.dtype) })));
  }
  const powers = setup.optimizer.betaPowers;
  if (powers) {
    const { accBeta1, accBeta2 } = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
    tf.tidy(() => { accBeta1.assign(tf.scalar(powers[0])); accBeta2.assign(tf.scalar(powers[1])); });
  }
  for (const layer of model.layers) if (layer instanceof SeededDropout) layer.reseedForReplica(setup.replica);
  return model;
}
