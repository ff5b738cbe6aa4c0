/**
 * Conv2DBackpropFilter for the wasm backend as a direct SIMD accumulation on the backend's heap
 * (heapKernels.wat, convFilterGradientTap), tap by tap:
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + kh·dh − top, ow·sw + kw·dw − left, ci] · dy[n, oh, ow, co]
 * summing only over the output positions where the tap meets the image (padding costs nothing),
 * 16 output channels at a time in registers (two input channels at once, convFilterGradientTapPairs,
 * where their number is even and the output channels a multiple of 16: one dy load serves both),
 * images in chunks whose dy (~256 KB) stays in cache, x first transposed to channel-major [ci, n, h, w] so that consecutive output columns read
 * consecutive floats (read from NHWC, every step touched a new cache line: 2.6x slower on the seed
 * CNN's second layer).
 * No im2col matrix and no matrix product: XNNPACK's product has a fixed cost per element of dy
 * (packing it as weights) that dominates when kh·kw·ci is small, e.g. ~30 ms of the ~40 ms the
 * im2col kernel takes for the seed CNN's first layer. Data the kernel does not cover (NCHW, not
 * float32, output channels not a multiple of 4, no SIMD) goes to `fallback`. Sums run in a fixed
 * order, so results are reproducible; they differ from other kernels in float rounding only.
 */
import * as tf from '@tensorflow/tfjs';
import { heapKernels } from './heapKernels.js';
import { disposeIntermediates, isHeapBackend, type KernelCall, tapOutputRange } from './kernelUtils.js';

/** Floats of dy per chunk of images: 256 KB, within a core's L2 cache. */
const CHUNK_FLOATS = 64 * 1024;

/**
 * Builds the kernel function; `fallback` computes what this one does not cover.
 * @example
 * tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm',
 *   kernelFunc: conv2dBackpropFilterSimd(conv2dBackpropFilterViaConv2d('wasm')) });
 */
export function conv2dBackpropFilterSimd(fallback: (call: KernelCall) => tf.TensorInfo): (call: KernelCall) => tf.TensorInfo {
  return (call) => {
    const { inputs: { x, dy }, backend, attrs } = call;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const kernels = heapKernels(backend);
    const [filterHeight, filterWidth, inChannels, outChannels] = filterShape;
    if (kernels === null || !isHeapBackend(backend) || dataFormat === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32' || outChannels % 4 !== 0) return fallback(call);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize, inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
    const { top, left } = info.padInfo;
    const pixels = batchSize * inHeight * inWidth;
    // With one input channel x already is channel-major.
    const xT = inChannels === 1 ? x : backend.makeOutput([inChannels, pixels], 'float32');
    const dw = backend.makeOutput(filterShape, 'float32');
    backend.typedArrayFromHeap(dw).fill(0);
    const [xAddress, xTAddress, dyAddress, dwAddress] = [x, xT, dy, dw].map((t) => kernels.address(t));
    if (xT !== x) kernels.transpose(xAddress, xTAddress, pixels, inChannels);
    const tap = inChannels % 2 === 0 && outChannels % 16 === 0 ? kernels.convFilterGradientTapPairs : kernels.convFilterGradientTap;
    const imagesPerChunk = Math.max(1, Math.floor(CHUNK_FLOATS / (outHeight * outWidth * outChannels)));
    for (let n0 = 0; n0 < batchSize; n0 += imagesPerChunk) {
      const n1 = Math.min(batchSize, n0 + imagesPerChunk);
      for (let kh = 0; kh < filterHeight; kh++) {
        const rowShift = kh * dilationHeight - top;
        const [ohMin, ohMax] = tapOutputRange(rowShift, strideHeight, inHeight, outHeight);
        for (let kw = 0; kw < filterWidth; kw++) {
          const colShift = kw * dilationWidth - left;
          const [owMin, owMax] = tapOutputRange(colShift, strideWidth, inWidth, outWidth);
          tap(xTAddress, dyAddress, dwAddress, batchSize, n0, n1, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels,
            strideHeight, strideWidth, rowShift, colShift, ohMin, ohMax, owMin, owMax, (kh * filterWidth + kw) * inChannels);
        }
      }
    }
    if (xT !== x) disposeIntermediates(backend, [xT]);
    return dw;
  };
}
