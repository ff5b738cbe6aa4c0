import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { assembleHeapKernels } from '../../scripts/buildHeapKernels.js';
import { conv2dBackpropFilterSimd } from '../../src/models/backends/conv2dBackpropFilterSimd.js';
import { heapKernels } from '../../src/models/backends/heapKernels.js';
import { HEAP_KERNELS_WASM_BASE64 } from '../../src/models/backends/heapKernelsBinary.js';
import { identityShared } from '../../src/models/backends/identityShared.js';
import type { KernelCall } from '../../src/models/backends/kernelUtils.js';
import { maxPoolGradDirect } from '../../src/models/backends/maxPoolGrad.js';
import { sumLeadingAxes } from '../../src/models/backends/sumLeadingAxes.js';
import { transposeSimd } from '../../src/models/backends/transposeSimd.js';
import { Random, registerTrainingKernels, restoreStockKernels } from '../../src/index.js';

// The SIMD kernels of heapKernels.wat and the other wasm kernels added with them, each called
// directly (with a stock kernel that fails the test if the fast path declines), against tfjs's
// stock cpu kernels or tfjs's own tensor operations as the reference.

type Kernel = (call: KernelCall) => tf.TensorInfo;
const mustNotFallBack: tf.KernelConfig['kernelFunc'] = () => { throw new Error('fell back to the stock kernel'); };

/** Runs `kernel` on the wasm backend with `inputs` (given as arrays) and returns its output's values. */
function runWasm(kernel: Kernel, inputs: Record<string, tf.Tensor>, attrs: object): { values: Float32Array; shape: number[] } {
  const backend = tf.backend();
  const info = kernel({ inputs: Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, { dataId: t.dataId, shape: t.shape, dtype: t.dtype }])), backend, attrs: attrs as tf.NamedAttrMap });
  const out = tf.engine().makeTensorFromTensorInfo(info);
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return { values, shape: info.shape };
}

/** The same computation with tfjs's operations on the cpu backend, from the same values. */
async function onCpu<T>(compute: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return compute();
  } finally {
    await tf.setBackend('wasm');
  }
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function bitwiseEqual(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

const maxRelativeDifference = (a: Float32Array, b: Float32Array) => {
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0) / scale;
};

describe('models: SIMD heap kernels (heapKernels.wat) on wasm', function () {
  this.timeout(30_000);
  const rng = new Random(77);
  const randomValues = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

  before(async () => {
    restoreStockKernels('cpu');
    registerTrainingKernels('wasm');
    await tf.setBackend('wasm');
  });
  after(async () => { await tf.setBackend('cpu'); });

  it('the committed module is exactly what wabt assembles from heapKernels.wat', async () => {
    expect(Buffer.from(await assembleHeapKernels()).toString('base64')).to.equal(HEAP_KERNELS_WASM_BASE64);
    expect(heapKernels(tf.backend())).to.not.equal(null);
    expect(heapKernels(tf.findBackend('cpu'))).to.equal(null);
  });

  it('adam is bit-identical to tfjs\'s Adam operations, vector body and scalar tail alike', () => {
    const kernels = heapKernels(tf.backend())!;
    const f = Math.fround;
    for (const [n, step] of [[1, 1], [3, 2], [4, 5], [17, 1], [1001, 40]] as const) {
      const [beta1, beta2, rate, epsilon] = [0.9, 0.999, 0.003, 1e-7];
      const [accBeta1, accBeta2] = [f(beta1 ** step), f(beta2 ** step)];
      const [g, m, v, w] = [randomValues(n), randomValues(n), randomValues(n).map(Math.abs), randomValues(n)];
      g[0] = 0; // a zero gradient and zero moments exercise the √0 + ε branch
      const reference = tf.tidy(() => {
        const [gt, mt, vt, wt] = [g, m, v, w].map((a) => tf.tensor1d(a));
        const newM = tf.add(tf.mul(mt, beta1), tf.mul(gt, 1 - beta1));
        const newV = tf.add(tf.mul(vt, beta2), tf.mul(tf.square(gt), 1 - beta2));
        const corrected = tf.div(newM, tf.sub(1, tf.scalar(accBeta1)));
        const denominator = tf.add(tf.sqrt(tf.div(newV, tf.sub(1, tf.scalar(accBeta2)))), epsilon);
        return [newM, newV, tf.add(tf.mul(tf.div(corrected, denominator), -rate), wt)].map((t) => t.dataSync() as Float32Array);
      });
      const [gt, mt, vt, wt, out] = [g, m, v, w, new Float32Array(n)].map((a) => tf.tensor1d(a));
      const at = (t: tf.Tensor) => kernels.address({ dataId: t.dataId, shape: t.shape, dtype: 'float32' });
      kernels.adam(at(gt), at(mt), at(vt), at(wt), at(out), n, f(beta1), f(beta2), f(1 - beta1), f(1 - beta2), f(1 - accBeta1), f(1 - accBeta2), f(epsilon), f(-rate));
      [mt, vt, out].forEach((t, i) => expect(bitwiseEqual(t.dataSync() as Float32Array, reference[i]), `n=${n} output ${i}`).to.equal(true));
      tf.dispose([gt, mt, vt, wt, out]);
    }
  });

  // (tfjs has no gradient for dilated convolutions, so no dilation here.)
  it('Conv2DBackpropFilter (SIMD taps) agrees with the cpu reference within 1e-5 relative on strides, padding, filter sizes and channel mixes', async () => {
    const kernel = conv2dBackpropFilterSimd(() => { throw new Error('fell back'); });
    const cases = [
      { x: [2, 9, 11, 3], f: [3, 3, 3, 20], strides: 1, pad: 'same' }, // 16-wide block, then one of 4
      { x: [3, 8, 7, 5], f: [5, 4, 5, 36], strides: 2, pad: 'same' },
      { x: [2, 12, 10, 2], f: [3, 2, 2, 8], strides: 1, pad: 'valid' },
      { x: [1, 6, 6, 1], f: [1, 1, 1, 4], strides: 3, pad: 'valid' }, // one input channel: no transpose
      { x: [20, 16, 16, 4], f: [3, 3, 4, 64], strides: 1, pad: 'same' }, // several image chunks
    ] as const;
    for (const c of cases) {
      const [x, dy] = tf.tidy(() => {
        const xt = tf.tensor(randomValues(sizeOf(c.x)), [...c.x]) as tf.Tensor4D;
        const outShape = tf.conv2d(xt, tf.zeros([...c.f]) as tf.Tensor4D, c.strides, c.pad).shape;
        return [xt, tf.tensor(randomValues(sizeOf(outShape)), outShape) as tf.Tensor4D];
      });
      const attrs = { strides: [c.strides, c.strides], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [...c.f] };
      const got = runWasm(kernel, { x, dy }, attrs).values;
      const [xValues, dyValues] = [x.dataSync(), dy.dataSync()];
      const want = await onCpu(() => tf.tidy(() => tf.grad((f: tf.Tensor) =>
        tf.conv2d(tf.tensor(xValues, x.shape) as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad).mul(tf.tensor(dyValues, dy.shape)).sum())(tf.zeros([...c.f])).dataSync() as Float32Array));
      expect(maxRelativeDifference(got, want), JSON.stringify(c)).to.be.below(1e-5);
      tf.dispose([x, dy]);
    }
  });

  it('Transpose of the last two axes is exact on edge sizes and batches; other permutations go to the stock kernel', async () => {
    const kernel = transposeSimd(mustNotFallBack);
    for (const shape of [[1, 1], [3, 5], [4, 4], [7, 9], [37, 129], [3, 6, 10], [2, 2, 5, 8]]) {
      const x = tf.tensor(randomValues(sizeOf(shape)), shape);
      const perm = shape.map((_, i) => i);
      [perm[shape.length - 2], perm[shape.length - 1]] = [perm[shape.length - 1], perm[shape.length - 2]];
      const got = runWasm(kernel, { x }, { perm });
      const values = x.dataSync();
      const want = await onCpu(() => tf.transpose(tf.tensor(values, shape), perm));
      expect(got.shape).to.deep.equal(want.shape);
      expect(bitwiseEqual(got.values, want.dataSync() as Float32Array), shape.join('x')).to.equal(true);
      x.dispose();
    }
    const x = tf.zeros([2, 3, 4]);
    expect(() => runWasm(kernel, { x }, { perm: [1, 0, 2] })).to.throw(/fell back/);
    x.dispose();
  });

  it('MaxPoolGrad 2x2/2 is bitwise equal to the cpu reference with ties, NaN and −∞ windows, −0 gradients and odd sizes', async () => {
    const kernel = maxPoolGradDirect(mustNotFallBack);
    for (const shape of [[2, 6, 8, 4], [3, 7, 5, 8], [1, 32, 32, 32]] as [number, number, number, number][]) {
      const size = sizeOf(shape);
      // Small integers after a ReLU: many exact ties, as in a trained network.
      const input = Float32Array.from({ length: size }, () => Math.max(0, Math.floor(rng.uniform() * 4 - 1)));
      input[0] = Number.NaN;
      input.fill(Number.NEGATIVE_INFINITY, shape[3] * 2, shape[3] * 4); // part of a window of −∞
      const outShape = [shape[0], Math.floor(shape[1] / 2), Math.floor(shape[2] / 2), shape[3]];
      const dyValues = randomValues(sizeOf(outShape));
      dyValues[1] = -0;
      const x = tf.tensor(input, shape);
      const dy = tf.tensor(dyValues, outShape);
      const got = runWasm(kernel, { dy, input: x }, { filterSize: 2, strides: 2, pad: 'valid', dimRoundingMode: undefined });
      const want = await onCpu(() => tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid').mul(tf.tensor(dyValues, outShape)).sum())(tf.tensor(input, shape)).dataSync() as Float32Array));
      expect(bitwiseEqual(got.values, want), shape.join('x')).to.equal(true);
      tf.dispose([x, dy]);
    }
  });

  it('Sum over leading axes agrees with the cpu reference (keepDims too); other reductions go to the stock kernel', async () => {
    const kernel = sumLeadingAxes(mustNotFallBack);
    for (const [shape, axis, keepDims] of [[[64, 5, 5, 12], [0, 1, 2], false], [[13, 3], 0, true], [[9, 2, 7], [1, 0], false], [[1, 1], [0], false]] as const) {
      const x = tf.tensor(randomValues(sizeOf(shape)), [...shape]);
      const got = runWasm(kernel, { x }, { axis, keepDims });
      const values = x.dataSync();
      const want = await onCpu(() => tf.sum(tf.tensor(values, [...shape]), typeof axis === 'number' ? axis : [...axis], keepDims));
      expect(got.shape, JSON.stringify(shape)).to.deep.equal(want.shape);
      expect(maxRelativeDifference(got.values, want.dataSync() as Float32Array)).to.be.below(1e-6);
      x.dispose();
    }
    const x = tf.zeros([3, 4]);
    expect(() => runWasm(kernel, { x }, { axis: [1], keepDims: false })).to.throw(/fell back/);
    expect(() => runWasm(kernel, { x }, { axis: [0, 1], keepDims: false })).to.throw(/fell back/);
    x.dispose();
  });

  it('Identity shares the input\'s memory (no copy), which stays valid until both are disposed', () => {
    const kernel = identityShared(mustNotFallBack);
    const backend = tf.backend() as unknown as { refCount(dataId: object): number };
    const x = tf.tensor([1, 2, 3]);
    const info = kernel({ inputs: { x: { dataId: x.dataId, shape: x.shape, dtype: x.dtype } }, backend: tf.backend() });
    expect(info.dataId).to.equal(x.dataId);
    expect(backend.refCount(x.dataId)).to.equal(2);
    const out = tf.engine().makeTensorFromTensorInfo(info);
    x.dispose();
    expect(Array.from(out.dataSync())).to.deep.equal([1, 2, 3]);
    out.dispose();
  });

  it('matMul during gradient recording takes the swapped form for a large right operand and agrees with the cpu reference', async () => {
    const [a, w] = [randomValues(4 * 64), randomValues(64 * 200)];
    const gradientOf = () => {
      const weights = tf.variable(tf.tensor(w, [64, 200]));
      const result = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.matMul(tf.tensor(a, [4, 64]), weights).square().sum() as tf.Scalar, [weights]);
        return [value.dataSync() as Float32Array, grads[weights.name].dataSync() as Float32Array];
      });
      weights.dispose();
      return result;
    };
    const got = gradientOf();
    const want = await onCpu(gradientOf);
    got.forEach((values, i) => expect(maxRelativeDifference(values, want[i])).to.be.below(1e-5));
  });
});
