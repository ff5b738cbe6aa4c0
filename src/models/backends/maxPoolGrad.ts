/**
 * MaxPoolGrad for the wasm backend directly on the backend's heap: wasm's own kernel takes ~30 ms
 * for one [64,32,32,32] pooling gradient. The common 2 × 2 pooling with stride 2 and no padding,
 * channels a multiple of 4, runs as SIMD (heapKernels.wat, maxPoolGrad2x2: ~2 ms); any other
 * pooling as a typed-array loop (~15 ms).
 *
 * Semantics are tfjs's reference (cpu) kernel exactly: each output gradient goes to ONE input
 * position, the first maximum of its window in row-major scan order (strict `>` from −∞, so ties go
 * to the first, and a window of NaN/−∞ only passes no gradient); overlapping windows add their
 * gradients in the same order and in double precision as the reference does, so results are
 * bitwise equal.
 */
import * as tf from '@tensorflow/tfjs';
import { heapKernels } from './heapKernels.js';
import { isHeapBackend, type KernelCall } from './kernelUtils.js';

/**
 * Scatters `dy` to the first maximum of each pooling window of `x` (NHWC), adding into `dx`
 * (which must be zero on entry), window by window in row-major output order.
 */
export function maxPoolGradInto(x: Float32Array, dy: Float32Array, dx: Float32Array | Float64Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const filterHeight = info.effectiveFilterHeight;
  const filterWidth = info.effectiveFilterWidth;
  const { top, left } = info.padInfo;
  const rowStride = inWidth * channels;
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const batchOffset = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const rowCorner = oh * strideHeight - top;
      const rowMin = Math.max(0, rowCorner);
      const rowMax = Math.min(inHeight, rowCorner + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const colCorner = ow * strideWidth - left;
        const colMin = Math.max(0, colCorner);
        const colMax = Math.min(inWidth, colCorner + filterWidth);
        if (rowMax - rowMin === 2 && colMax - colMin === 2) {
          // A whole 2x2 window (the common pooling): same scan order, unrolled.
          const i0 = batchOffset + rowMin * rowStride + colMin * channels;
          const i1 = i0 + channels;
          const i2 = i0 + rowStride;
          const i3 = i2 + channels;
          for (let c = 0; c < channels; c++, dyIndex++) {
            let maxValue = Number.NEGATIVE_INFINITY;
            let maxIndex = -1;
            let value = x[i0 + c];
            if (value > maxValue) { maxValue = value; maxIndex = i0 + c; }
            value = x[i1 + c];
            if (value > maxValue) { maxValue = value; maxIndex = i1 + c; }
            value = x[i2 + c];
            if (value > maxValue) { maxValue = value; maxIndex = i2 + c; }
            value = x[i3 + c];
            if (value > maxValue) { maxIndex = i3 + c; }
            if (maxIndex >= 0) dx[maxIndex] += dy[dyIndex];
          }
          continue;
        }
        for (let c = 0; c < channels; c++, dyIndex++) {
          let maxValue = Number.NEGATIVE_INFINITY;
          let maxIndex = -1;
          for (let r = rowMin; r < rowMax; r++) {
            const rowOffset = batchOffset + r * rowStride + c;
            for (let col = colMin; col < colMax; col++) {
              const index = rowOffset + col * channels;
              const value = x[index];
              if (value > maxValue) {
                maxValue = value;
                maxIndex = index;
              }
            }
          }
          if (maxIndex >= 0) dx[maxIndex] += dy[dyIndex];
        }
      }
    }
  }
}

/**
 * Builds the kernel function, delegating to `original` for anything but float32 data on a backend
 * exposing its heap (wasm).
 * @example
 * const original = tf.getKernel('MaxPoolGrad', 'wasm');
 * tf.unregisterKernel('MaxPoolGrad', 'wasm');
 * tf.registerKernel({ ...original, kernelFunc: maxPoolGradDirect(original.kernelFunc) });
 */
export function maxPoolGradDirect(original: tf.KernelConfig['kernelFunc']): (call: KernelCall) => tf.TensorInfo {
  return (call) => {
    const { inputs, backend, attrs } = call;
    const { dy, input } = inputs;
    if (!isHeapBackend(backend) || input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4) {
      return original(call as Parameters<typeof original>[0]) as tf.TensorInfo;
    }
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    // Allocate first: growing the heap detaches views taken before.
    const dx = backend.makeOutput(input.shape, 'float32');
    const dxValues = backend.typedArrayFromHeap(dx);
    const kernels = heapKernels(backend);
    const { effectiveFilterHeight, effectiveFilterWidth, strideHeight, strideWidth, padInfo, inChannels } = info;
    if (kernels && effectiveFilterHeight === 2 && effectiveFilterWidth === 2 && strideHeight === 2 && strideWidth === 2
      && padInfo.top === 0 && padInfo.left === 0 && inChannels % 4 === 0) {
      dxValues.fill(0);
      kernels.maxPoolGrad2x2(kernels.address(input), kernels.address(dy), kernels.address(dx), info.batchSize, info.inHeight, info.inWidth,
        inChannels, info.outHeight, info.outWidth);
      return dx;
    }
    const overlapping = info.strideHeight < info.effectiveFilterHeight || info.strideWidth < info.effectiveFilterWidth;
    // Overlapping windows: add in double precision and round once, as the reference does.
    const sums = overlapping ? new Float64Array(dxValues.length) : dxValues;
    if (!overlapping) dxValues.fill(0);
    maxPoolGradInto(backend.typedArrayFromHeap(input), backend.typedArrayFromHeap(dy), sums, info);
    if (overlapping) dxValues.set(sums);
    return dx;
  };
}
