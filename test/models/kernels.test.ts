import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { Random, registerTrainingKernels, restoreStockKernels } from '../../src/index.js';

// The project's training kernels against tfjs's stock cpu kernels (the reference gradients).

interface ConvCase { xShape: [number, number, number, number]; filterShape: [number, number, number, number]; stride: 1 | 2; pad: 'same' | 'valid' }

function randomCases(seed: number): ConvCase[] {
  const rng = new Random(seed);
  const cases: ConvCase[] = [];
  for (const stride of [1, 2] as const) {
    for (const pad of ['same', 'valid'] as const) {
      for (let i = 0; i < 3; i++) {
        const k = 1 + rng.int(4);
        const size = k + 1 + rng.int(7);
        cases.push({ xShape: [1 + rng.int(4), size, size + rng.int(3), 1 + rng.int(5)], filterShape: [k, 1 + rng.int(3) + (k > 1 ? 1 : 0), 0, 1 + rng.int(6)], stride, pad });
      }
    }
  }
  for (const c of cases) c.filterShape[2] = c.xShape[3];
  return cases;
}

/** Gradients of sum(conv2d(x, f) · dy) w.r.t. x and f, plus a matMul gradient with both transposes, as flat arrays. */
function gradients(c: ConvCase, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.xShape, 0, 1, 'float32', seed);
    const f = tf.randomNormal(c.filterShape, 0, 1, 'float32', seed + 1);
    const dy = tf.randomNormal(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad).shape, 0, 1, 'float32', seed + 2);
    const loss = (xx: tf.Tensor4D, ff: tf.Tensor4D) => tf.conv2d(xx, ff, c.stride, c.pad).mul(dy).sum();
    const [dx, df] = tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, f]);
    const a = tf.randomNormal([2, 5, 3], 0, 1, 'float32', seed + 3);
    const b = tf.randomNormal([2, 4, 5], 0, 1, 'float32', seed + 4);
    const [da, db] = tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.matMul(aa as tf.Tensor3D, bb as tf.Tensor3D, true, true).square().sum())([a, b]);
    return [dx, df, da, db, tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, true, true)].map((t) => t.dataSync() as Float32Array);
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).to.equal(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('models: training kernels vs tfjs cpu reference gradients', function () {
  const cases = randomCases(2024);
  let reference: Float32Array[][];

  before(async () => {
    restoreStockKernels('cpu');
    await tf.setBackend('cpu');
    reference = cases.map((c, i) => gradients(c, 100 + 10 * i));
  });

  for (const backendName of ['wasm', 'cpu']) {
    it(`${backendName}: dW, dx and transposed matMul agree within 1e-4 on ${cases.length} random convolutions`, async () => {
      registerTrainingKernels(backendName);
      await tf.setBackend(backendName);
      cases.forEach((c, i) => {
        const got = gradients(c, 100 + 10 * i);
        ['dx', 'dW', 'dA', 'dB', 'matMul'].forEach((label, j) => {
          expect(maxAbsDiff(got[j], reference[i][j]), `${label} ${JSON.stringify(c)}`).to.be.below(1e-4);
        });
      });
    });
  }

  it('registration is idempotent and restorable, and rejects backends without project kernels', async () => {
    expect(registerTrainingKernels('wasm')).to.include('Conv2DBackpropFilter');
    expect(registerTrainingKernels('wasm')).to.include('BatchMatMul');
    for (const bad of ['webgl', '', 'WASM']) expect(() => registerTrainingKernels(bad)).to.throw(/backendName/);
    restoreStockKernels('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).to.equal(undefined);
    registerTrainingKernels('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).to.not.equal(undefined);
  });
});
