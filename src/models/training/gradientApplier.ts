/**
 * Applies one step's gradient to a model's trainable variables with the model's own optimizer.
 *
 * For tfjs's Adam (the optimizer of every built-in architecture) the update runs once over all
 * parameters laid end to end instead of once per variable: the same elementwise formula, in the
 * same order of float32 operations, as tfjs's AdamOptimizer.applyGradients,
 *   m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;
 *   w ← −lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε) + w;  β₁ᵗ ← β₁ᵗ·β₁;  β₂ᵗ ← β₂ᵗ·β₂
 * (Kingma & Ba 2015, Algorithm 1, as tfjs writes it), so the weights are bit-identical to tfjs's, with
 * ~14 kernel calls per step instead of ~14 per variable (a small CNN's Adam step was ~90 kernel calls).
 * The moments live in two flat tensors while training and are written back into the optimizer at
 * the end, so model.fit, trainOnBatch or a later trainModel continue from the same state.
 * Only for models of at most FLAT_ADAM_MAX_PARAMETERS parameters, where kernel calls dominate: on the
 * seed CNN (2.1 M parameters) laying the gradient end to end and slicing the new weights back out
 * cost more than they save (measured 176 vs 49 ms CPU per step on wasm). Larger models and any other
 * optimizer get the optimizer's own applyGradients, per variable (the same numbers either way).
 */
import * as tf from '@tensorflow/tfjs';

/** Largest model (trainable parameters) whose Adam update runs over all parameters at once. */
export const FLAT_ADAM_MAX_PARAMETERS = 1 << 18;

/** One step's update of a fixed list of variables. */
export interface GradientApplier {
  /** Applies the gradient given per variable (in the list's order); the caller disposes it. */
  applyPerVariable(gradients: readonly tf.Tensor[]): void;
  /** Applies the gradient given as one array of all parameters laid end to end. */
  applyFlat(gradient: Float32Array): void;
  /** Hands the optimizer state back to the model's optimizer and frees what the applier held. */
  finish(): void;
}

/** The parts of tfjs's AdamOptimizer (4.x) the flat update reads and writes back. */
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

const flatten = (tensors: readonly tf.Tensor[]) => tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))));

/** Adam over all parameters at once (see the file comment). */
function flatAdamApplier(adam: AdamInternals, optimizer: tf.Optimizer, variables: readonly tf.Variable[]): GradientApplier {
  const moment = (stored: AdamInternals['accumulatedFirstMoment']) => tf.tidy(() =>
    flatten(variables.map((v, i) => stored[i]?.variable ?? tf.zerosLike(v))).variable(false));
  const weights = tf.tidy(() => flatten(variables).variable(false));
  const firstMoment = moment(adam.accumulatedFirstMoment);
  const secondMoment = moment(adam.accumulatedSecondMoment);
  const accBeta1 = tf.tidy(() => adam.accBeta1.clone().variable(false));
  const accBeta2 = tf.tidy(() => adam.accBeta2.clone().variable(false));
  let steps = 0;
  const applyTensor = (gradient: tf.Tensor) => {
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, accBeta2);
      const newFirstMoment = tf.add(tf.mul(firstMoment, adam.beta1), tf.mul(gradient, 1 - adam.beta1));
      const newSecondMoment = tf.add(tf.mul(secondMoment, adam.beta2), tf.mul(tf.square(gradient), 1 - adam.beta2));
      const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
      const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
      firstMoment.assign(newFirstMoment);
      secondMoment.assign(newSecondMoment);
      const newWeights = tf.add(tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), adam.epsilon)), -adam.learningRate), weights);
      weights.assign(newWeights);
      let offset = 0;
      for (const v of variables) {
        v.assign(tf.reshape(tf.slice(newWeights, offset, v.size), v.shape));
        offset += v.size;
      }
      accBeta1.assign(tf.mul(accBeta1, adam.beta1));
      accBeta2.assign(tf.mul(accBeta2, adam.beta2));
    });
    steps++;
  };
  return {
    applyPerVariable: (gradients) => {
      const flat = flatten(gradients);
      applyTensor(flat);
      flat.dispose();
    },
    applyFlat: (gradient) => {
      const flat = tf.tensor1d(gradient.slice());
      applyTensor(flat);
      flat.dispose();
    },
    finish: () => {
      tf.tidy(() => {
        let offset = 0;
        variables.forEach((v, i) => {
          for (const [stored, flat, suffix] of [[adam.accumulatedFirstMoment, firstMoment, 'm'], [adam.accumulatedSecondMoment, secondMoment, 'v']] as const) {
            const value = tf.reshape(tf.slice(flat, offset, v.size), v.shape);
            if (stored[i]) stored[i]!.variable.assign(value);
            else stored[i] = { originalName: `${v.name}/${suffix}`, variable: value.variable(false) };
          }
          offset += v.size;
        });
        adam.accBeta1.assign(accBeta1);
        adam.accBeta2.assign(accBeta2);
      });
      adam.iterations_ = optimizer.iterations + steps;
      tf.dispose([weights, firstMoment, secondMoment, accBeta1, accBeta2]);
    },
  };
}

/**
 * The applier for `optimizer` and `variables` (flat Adam for tfjs's Adam on a model of at most
 * FLAT_ADAM_MAX_PARAMETERS parameters, else the optimizer's own applyGradients).
 * @example
 * const applier = gradientApplier(model.optimizer, model.trainableWeights.map((w) => w.read() as tf.Variable));
 * applier.applyPerVariable(gradients);
 * applier.finish();
 */
export function gradientApplier(optimizer: tf.Optimizer, variables: readonly tf.Variable[]): GradientApplier {
  const parameters = variables.reduce((total, v) => total + v.size, 0);
  if (optimizer.getClassName() === 'Adam' && parameters <= FLAT_ADAM_MAX_PARAMETERS) return flatAdamApplier(optimizer as unknown as AdamInternals, optimizer, variables);
  return perVariableApplier(optimizer, variables);
}
