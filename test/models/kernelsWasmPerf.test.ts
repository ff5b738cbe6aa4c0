import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { registerTrainingKernels, restoreStockKernels } from '../../src/index.js';

// The wasm speed-up kernels (direct MaxPoolGrad, SIMD and im2col filter gradients, swapped-operand matMul)
// against tfjs's stock cpu kernels. MaxPoolGrad must be bitwise equal, ties included.

type Compute = () => Float32Array[];

async function onBackend(name: 'cpu' | 'wasm', compute: Compute): Promise<Float32Array[]> {
  await tf.setBackend(name);
  return compute();
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).to.equal(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function exactlyEqual(a: Float32Array, b: Float32Array): boolean {
  expect(a.length).to.equal(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

interface PoolCase { shape: [number, number, number, number]; window: number; stride: number; pad: 'valid' | 'same'; ties: boolean }

const poolCases: PoolCase[] = [];
for (const window of [2, 3]) {
  for (const stride of [1, 2]) {
    for (const pad of ['valid', 'same'] as const) {
      for (const ties of [false, true]) poolCases.push({ shape: [2, 7, 6, 3], window, stride, pad, ties });
    }
  }
}
poolCases.push({ shape: [3, 32, 32, 8], window: 2, stride: 2, pad: 'valid', ties: true }, { shape: [2, 9, 9, 5], window: 3, stride: 2, pad: 'same', ties: true });

/** x with (optionally) many exact ties: ReLU of a few small integers, as after a ReLU layer. */
function poolGradient(c: PoolCase, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const raw = tf.randomUniform(c.shape, -2, 3, 'float32', seed);
    const x = c.ties ? tf.relu(tf.floor(raw)) : raw;
    const dy = tf.randomNormal(tf.maxPool(x as tf.Tensor4D, c.window, c.stride, c.pad).shape, 0, 1, 'float32', seed + 1);
    const dx = tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, c.window, c.stride, c.pad).mul(dy).sum())(x);
    return [dx.dataSync() as Float32Array];
  });
}

interface FilterCase { x: [number, number, number, number]; k: [number, number]; co: number; stride: number; pad: 'same' | 'valid' }
const filterCases: FilterCase[] = [
  { x: [2, 32, 32, 3], k: [3, 3], co: 8, stride: 1, pad: 'same' },
  { x: [2, 16, 16, 32], k: [3, 3], co: 16, stride: 1, pad: 'same' },
  { x: [3, 11, 9, 4], k: [3, 2], co: 5, stride: 2, pad: 'same' },
  { x: [3, 11, 9, 4], k: [3, 2], co: 5, stride: 2, pad: 'valid' },
  { x: [2, 10, 13, 3], k: [5, 4], co: 4, stride: 3, pad: 'same' },
  { x: [2, 10, 13, 3], k: [1, 1], co: 4, stride: 1, pad: 'valid' },
];

function filterGradient(c: FilterCase, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.x, -1, 1, 'float32', seed) as tf.Tensor4D;
    const f = tf.randomUniform([...c.k, c.x[3], c.co], -1, 1, 'float32', seed + 1) as tf.Tensor4D;
    const dy = tf.randomUniform(tf.conv2d(x, f, c.stride, c.pad).shape, -1, 1, 'float32', seed + 2);
    const df = tf.grad((ff: tf.Tensor) => tf.conv2d(x, ff as tf.Tensor4D, c.stride, c.pad).mul(dy).sum())(f);
    return [df.dataSync() as Float32Array];
  });
}

interface MatMulCase { a: number[]; b: number[]; tA: boolean; tB: boolean }
const matMulCases: MatMulCase[] = [
  { a: [16, 64], b: [200, 64], tA: false, tB: true }, // dense dx = dy·Wᵀ: swapped form
  { a: [64, 16], b: [64, 200], tA: true, tB: false }, // dense dW = xᵀ·dy: direct form
  { a: [64, 200], b: [64, 3], tA: true, tB: false }, // Aᵀ·B, swapped
  { a: [200, 64], b: [16, 64], tA: false, tB: true }, // A·Bᵀ, direct
  { a: [64, 16], b: [5, 64], tA: true, tB: true }, // both, swapped
  { a: [2, 64, 7], b: [2, 9, 64], tA: true, tB: true }, // batched
  { a: [3, 12, 64], b: [1, 40, 64], tA: false, tB: true }, // broadcast batch
];

function matMuls(seed: number): Float32Array[] {
  return tf.tidy(() => matMulCases.map((c, i) => {
    const a = tf.randomUniform(c.a, -1, 1, 'float32', seed + 2 * i);
    const b = tf.randomUniform(c.b, -1, 1, 'float32', seed + 2 * i + 1);
    return tf.matMul(a, b, c.tA, c.tB).dataSync() as Float32Array;
  }));
}

describe('models: wasm speed-up kernels vs tfjs cpu', function () {
  this.timeout(20000);
  before(() => {
    restoreStockKernels('cpu');
    registerTrainingKernels('wasm');
  });
  after(async () => { await tf.setBackend('cpu'); });

  it(`MaxPoolGrad is bitwise equal on ${poolCases.length} cases (windows 2/3, strides 1/2, valid/same, with and without ties)`, async () => {
    for (const [i, c] of poolCases.entries()) {
      const [want] = await onBackend('cpu', () => poolGradient(c, 10 + i));
      const [got] = await onBackend('wasm', () => poolGradient(c, 10 + i));
      expect(exactlyEqual(got, want), JSON.stringify(c)).to.equal(true);
    }
  });

  it('MaxPoolGrad passes each window\'s gradient to exactly one position when the window ties', async () => {
    await tf.setBackend('wasm');
    const dx = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid').sum())(tf.zeros([1, 4, 4, 1])).dataSync());
    expect(Array.from(dx)).to.deep.equal([1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
  });

  // XNNPACK sums up to N·OH·OW products in float32 (the reference in double): the error grows with
  // the sum, ~1e-4 at |dW| ≈ 50 for the Conv2D-based kernel as well, so the bound is relative.
  it(`Conv2DBackpropFilter (SIMD taps; im2col where output channels are not a multiple of 4) agrees within 1e-5 relative on ${filterCases.length} convolutions, seed-CNN shapes included`, async () => {
    for (const [i, c] of filterCases.entries()) {
      const [want] = await onBackend('cpu', () => filterGradient(c, 50 + i));
      const [got] = await onBackend('wasm', () => filterGradient(c, 50 + i));
      const scale = Math.max(1, ...Array.from(want, Math.abs));
      expect(maxAbsDiff(got, want) / scale, JSON.stringify(c)).to.be.below(1e-5);
    }
  });

  it(`matMul with transpose flags (direct and swapped forms) agrees within 1e-5 on ${matMulCases.length} shapes`, async () => {
    const want = await onBackend('cpu', () => matMuls(7));
    const got = await onBackend('wasm', () => matMuls(7));
    matMulCases.forEach((c, i) => expect(maxAbsDiff(got[i], want[i]), JSON.stringify(c)).to.be.below(1e-5));
  });

  it('leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const dataIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    poolGradient(poolCases[0], 1);
    filterGradient(filterCases[1], 1);
    matMuls(1);
    expect(tf.memory().numTensors).to.equal(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).to.equal(dataIds);
  });
});
