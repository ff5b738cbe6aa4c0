/**
 * Applies one step's gradient to a model's trainable variables with the model's own optimizer.
 *
 * For tfjs's Adam (the optimizer of every built-in architecture) on the wasm backend, the update is
 * one SIMD pass per variable over the backend's heap (heapKernels.wat, adam) instead of ~14 tensor
 * kernels per variable: the same elementwise formula, in the same order of float32 operations, as
 * tfjs's AdamOptimizer.applyGradients,
 *   m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;
 *   w ← −lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε) + w;  β₁ᵗ ← β₁ᵗ·β₁;  β₂ᵗ ← β₂ᵗ·β₂
 * (Kingma & Ba 2015, Algorithm 1, as tfjs writes it), so the weights are bit-identical to tfjs's
 * (4 ms instead of 31 ms per step for the seed CNN's 2.1 M parameters; 1 call instead of ~90 kernel
 * calls for a small CNN). The moments live in two tensors of all parameters end to end while
 * training and are written back into the optimizer at the end, so model.fit, trainOnBatch or a later
 * trainModel continue from the same state. Other optimizers and backends get the optimizer's own
 * applyGradients, per variable (the same numbers either way).
 */
import * as tf from '@tensorflow/tfjs';
import { type HeapKernels, heapKernels } from '../backends/heapKernels.js';
import type { HeapBackend } from '../backends/kernelUtils.js';

/** One step's update of a fixed list of variables. */
export interface GradientApplier {
  /** Applies the gradient given per variable (in the list's order); the caller disposes it. */
  applyPerVariable(gradients: readonly tf.Tensor[]): void;
  /** Applies the gradient given as one array of all parameters laid end to end. */
  applyFlat(gradient: Float32Array): void;
  /** Hands the optimizer state back to the model's optimizer and frees what the applier held. */
  finish(): void;
}

/** The parts of tfjs's AdamOptimizer (4.x) the heap update reads and writes back. */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  iterations_: number;
}

/** Applies gradients with optimizer.applyGradients (any tfjs optimizer). */
function perVariableApplier(optimizer: tf.Optimizer, variables: readonly tf.Variable[]): GradientApplier {
  const applyPerVariable = (gradients: readonly tf.Tensor[]) => {
    const named: tf.NamedTensorMap = {};
    variables.forEach((v, i) => { named[v.name] = gradients[i]; });
    optimizer.applyGradients(named);
  };
  return {
    applyPerVariable,
    applyFlat: (gradient) => {
      let offset = 0;
      // Copies: the cpu backend keeps a view of the array it is given, and the caller reuses it.
      const parts = variables.map((v) => tf.tensor(gradient.slice(offset, (offset += v.size)), v.shape));
      applyPerVariable(parts);
      tf.dispose(parts);
    },
    finish: () => undefined,
  };
}

const f32 = Math.fround;

/** Adam on the wasm heap (see the file comment). */
function heapAdamApplier(adam: AdamInternals, optimizer: tf.Optimizer, variables: readonly tf.Variable[], kernels: HeapKernels, backend: HeapBackend): GradientApplier {
  const offsets: number[] = [];
  let parameters = 0;
  for (const v of variables) {
    offsets.push(parameters);
    parameters += v.size;
  }
  // Private tensors, updated in place by the kernel: nothing else holds their memory.
  const moment = (stored: AdamInternals['accumulatedFirstMoment']) => {
    const values = new Float32Array(parameters);
    variables.forEach((_, i) => { if (stored[i]) values.set(stored[i]!.variable.dataSync() as Float32Array, offsets[i]); });
    return tf.tensor1d(values);
  };
  const firstMoment = moment(adam.accumulatedFirstMoment);
  const secondMoment = moment(adam.accumulatedSecondMoment);
  // Heap addresses stay put for a tensor's life (a growing heap moves views, never addresses).
  const [firstAddress, secondAddress] = [firstMoment, secondMoment].map((t) => kernels.address(t));
  // The scalars as tfjs makes them: float32 tensors of the JavaScript numbers.
  const [beta1, beta2, share1, share2] = [adam.beta1, adam.beta2, 1 - adam.beta1, 1 - adam.beta2].map(f32);
  const [epsilon, negativeRate] = [f32(adam.epsilon), f32(-adam.learningRate)];
  let accBeta1 = adam.accBeta1.dataSync()[0];
  let accBeta2 = adam.accBeta2.dataSync()[0];
  let steps = 0;
  /** Applies the gradients of all variables, variable i's at byte address gradientAddress(i). */
  const step = (gradientAddress: (i: number) => number) => {
    const [oneMinusAccBeta1, oneMinusAccBeta2] = [f32(1 - accBeta1), f32(1 - accBeta2)];
    variables.forEach((variable, i) => {
      const updated = backend.makeOutput(variable.shape, 'float32');
      const offset = offsets[i] * Float32Array.BYTES_PER_ELEMENT;
      kernels.adam(gradientAddress(i), firstAddress + offset, secondAddress + offset, kernels.address(variable),
        kernels.address(updated), variable.size, beta1, beta2, share1, share2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon, negativeRate);
      const tensor = tf.engine().makeTensorFromTensorInfo(updated);
      variable.assign(tensor);
      tensor.dispose();
    });
    accBeta1 = f32(accBeta1 * beta1);
    accBeta2 = f32(accBeta2 * beta2);
    steps++;
  };
  return {
    applyPerVariable: (gradients) => step((i) => kernels.address(gradients[i])),
    applyFlat: (gradient) => {
      const flat = tf.tensor1d(gradient);
      const flatAddress = kernels.address(flat);
      step((i) => flatAddress + offsets[i] * Float32Array.BYTES_PER_ELEMENT);
      flat.dispose();
    },
    finish: () => {
      tf.tidy(() => {
        variables.forEach((v, i) => {
          for (const [stored, flat, suffix] of [[adam.accumulatedFirstMoment, firstMoment, 'm'], [adam.accumulatedSecondMoment, secondMoment, 'v']] as const) {
            const value = tf.reshape(tf.slice(flat, offsets[i], v.size), v.shape);
            if (stored[i]) stored[i]!.variable.assign(value);
            else stored[i] = { originalName: `${v.name}/${suffix}`, variable: value.variable(false) };
          }
        });
        adam.accBeta1.assign(tf.scalar(accBeta1));
        adam.accBeta2.assign(tf.scalar(accBeta2));
      });
      adam.iterations_ = optimizer.iterations + steps;
      tf.dispose([firstMoment, secondMoment]);
    },
  };
}

/**
 * The applier for `optimizer` and `variables` (Adam on the wasm heap for tfjs's Adam on the wasm
 * backend, else the optimizer's own applyGradients).
 * @example
 * const applier = gradientApplier(model.optimizer, model.trainableWeights.map((w) => w.read() as tf.Variable));
 * applier.applyPerVariable(gradients);
 * applier.finish();
 */
export function gradientApplier(optimizer: tf.Optimizer, variables: readonly tf.Variable[]): GradientApplier {
  const backend = tf.backend();
  const kernels = optimizer.getClassName() === 'Adam' && variables.every((v) => v.dtype === 'float32') ? heapKernels(backend) : null;
  if (kernels) return heapAdamApplier(optimizer as unknown as AdamInternals, optimizer, variables, kernels, backend as unknown as HeapBackend);
  return perVariableApplier(optimizer, variables);
}
