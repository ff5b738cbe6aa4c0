/**
 * wasm's BatchMatMul/_FusedMatMul leave XNNPACK for a slow path (12–37x slower) when transposeA or
 * transposeB is set, which every dense-layer gradient does. This wrapper calls the original kernel
 * with both flags off, transposing explicitly whichever operands make that cheapest:
 *   A·B   = as it is                     or  (Bᵀ·Aᵀ)ᵀ
 *   A·Bᵀ  = transpose(B) then A·B'       or  (B·Aᵀ)ᵀ
 *   Aᵀ·B  = transpose(A) then A'·B       or  (Bᵀ·A)ᵀ
 *   Aᵀ·Bᵀ = transpose both               or  (B·A)ᵀ
 * counting the elements each way transposes and, while gradients are recorded, the elements of the
 * right operand, which XNNPACK repacks as weights on every call (~8 ns each, against ~1–2.5 ns to
 * transpose one; outside training tfjs keeps the packed weights of a layer between calls). The
 * seed CNN's forward dense product x[64,4096]·W[4096,512] thus runs as (Wᵀ·xᵀ)ᵀ: 61 → ~25 ms. The
 * swapped forms are used for BatchMatMul only (a fused bias/activation needs the output unswapped).
 */
import * as tf from '@tensorflow/tfjs';
import { disposeIntermediates, type KernelCall, requireKernel } from './kernelUtils.js';

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Cost of XNNPACK packing one element of the right operand, in transposed elements. */
const PACKING_COST = 4;

/** True while tfjs records operations for gradients (the forward pass of a training step). */
function recordingGradients(): boolean {
  return (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;
}

/**
 * Wraps `original` (a BatchMatMul or _FusedMatMul kernel function of `backendName`); `allowSwap`
 * permits the swapped-operand forms (only for kernels without bias/activation).
 * @throws AblabError when the backend has no Transpose kernel.
 * @example
 * const original = tf.getKernel('BatchMatMul', 'wasm');
 * tf.unregisterKernel('BatchMatMul', 'wasm');
 * tf.registerKernel({ ...original, kernelFunc: matMulWithoutTransposeFlags('wasm', original.kernelFunc, true) });
 */
export function matMulWithoutTransposeFlags(backendName: string, original: tf.KernelConfig['kernelFunc'], allowSwap = false): (call: KernelCall) => tf.TensorInfo {
  const transpose = requireKernel('Transpose', backendName);
  return (call) => {
    const { inputs, backend, attrs } = call;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB && !allowSwap) return original(call as Parameters<typeof original>[0]) as tf.TensorInfo;
    const swapLastTwo = (t: tf.TensorInfo): tf.TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      const rank = perm.length;
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
      return transpose({ inputs: { x: t }, backend, attrs: { perm } });
    };
    const plain = (a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo => original({
      inputs: { ...inputs, a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false },
    } as Parameters<typeof original>[0]) as tf.TensorInfo;
    const { a, b } = inputs;
    const aSize = size(a.shape);
    const bSize = size(b.shape);
    // Elements of the output m×n per batch; the output has the larger batch of the two (broadcast).
    const m = transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2];
    const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    const outSize = m * n * Math.max(aSize / (a.shape[a.shape.length - 1] * a.shape[a.shape.length - 2]), bSize / (b.shape[b.shape.length - 1] * b.shape[b.shape.length - 2]));
    const packing = recordingGradients() ? PACKING_COST : 0;
    const direct = (transposeA ? aSize : 0) + (transposeB ? bSize : 0) + packing * bSize;
    // Swapped: out = (B'·A')ᵀ with B' = B (if transposeB) else Bᵀ, A' = A (if transposeA) else Aᵀ.
    const swapped = (transposeA ? 0 : aSize) + (transposeB ? 0 : bSize) + outSize + packing * aSize;
    const intermediates: tf.TensorInfo[] = [];
    let out: tf.TensorInfo;
    if (allowSwap && swapped < direct) {
      const a2 = transposeA ? a : swapLastTwo(a);
      const b2 = transposeB ? b : swapLastTwo(b);
      if (!transposeA) intermediates.push(a2);
      if (!transposeB) intermediates.push(b2);
      const product = plain(b2, a2);
      intermediates.push(product);
      out = swapLastTwo(product);
    } else {
      const a2 = transposeA ? swapLastTwo(a) : a;
      const b2 = transposeB ? swapLastTwo(b) : b;
      if (transposeA) intermediates.push(a2);
      if (transposeB) intermediates.push(b2);
      out = plain(a2, b2);
    }
    disposeIntermediates(backend, intermediates);
    return out;
  };
}
