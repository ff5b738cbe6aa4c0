/**
 * Conv2DBackpropFilter for the wasm backend as ONE XNNPACK matrix product over a transposed im2col
 * matrix built directly in the wasm heap:
 *   colsᵀ[(kh,kw,ci), (n,oh,ow)] = x[n, oh·sh + kh·dh − top, ow·sw + kw·dw − left, ci]  (0 outside)
 *   dW[(kh,kw,ci), co] = colsᵀ · dy[(n,oh,ow), co]                    — already [KH,KW,CI,CO].
 * For the seed CNN's second layer this is ~2.5x faster than the Conv2D-over-transposed-tensors
 * formulation (XNNPACK's matmul runs ~3x the FLOP rate of its convolution with a 16x16 kernel).
 * The columns are gathered from x transposed to [CI,N,H,W] (wasm Transpose), so each
 * (kh,kw,ci,n,oh) row copies a contiguous run of x.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeIntermediates, isHeapBackend, type KernelCall, requireKernel, tapOutputRange } from './kernelUtils.js';

/** Upper bound on the im2col matrix (floats) before falling back, to bound the heap it takes. */
const MAX_COLUMN_FLOATS = 64 * 1024 * 1024;

/**
 * Fills `cols` ([KH·KW·CI, N·OH·OW], row-major) from `xT` = x transposed to [CI, N, H, W].
 */
export function im2colTransposed(xT: Float32Array, cols: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth,
    dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const plane = inHeight * inWidth;
  let out = 0;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const colShift = kw * dilationWidth - left;
      const [owMin, owMax] = tapOutputRange(colShift, strideWidth, inWidth, outWidth);
      for (let ci = 0; ci < inChannels; ci++) {
        for (let n = 0; n < batchSize; n++) {
          const planeOffset = (ci * batchSize + n) * plane;
          for (let oh = 0; oh < outHeight; oh++) {
            const row = oh * strideHeight + kh * dilationHeight - top;
            if (row < 0 || row >= inHeight) {
              cols.fill(0, out, out + outWidth);
              out += outWidth;
              continue;
            }
            const rowOffset = planeOffset + row * inWidth + colShift;
            let ow = 0;
            for (; ow < owMin; ow++) cols[out++] = 0;
            if (strideWidth === 1) {
              for (; ow < owMax; ow++) cols[out++] = xT[rowOffset + ow];
            } else {
              for (; ow < owMax; ow++) cols[out++] = xT[rowOffset + ow * strideWidth];
            }
            for (; ow < outWidth; ow++) cols[out++] = 0;
          }
        }
      }
    }
  }
}

/**
 * Builds the kernel function for `backendName` (wasm: needs Transpose and BatchMatMul and a heap);
 * delegates to `fallback` for NCHW data, non-float32 data, a backend without a heap or an im2col
 * matrix over 256 MB.
 * @throws AblabError when the backend lacks Transpose or BatchMatMul.
 * @example
 * tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm',
 *   kernelFunc: conv2dBackpropFilterIm2col('wasm', conv2dBackpropFilterViaConv2d('wasm')) });
 */
export function conv2dBackpropFilterIm2col(backendName: string, fallback: (call: KernelCall) => tf.TensorInfo): (call: KernelCall) => tf.TensorInfo {
  const transpose = requireKernel('Transpose', backendName);
  const batchMatMul = requireKernel('BatchMatMul', backendName);
  return (call) => {
    const { inputs, backend, attrs } = call;
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (!isHeapBackend(backend) || dataFormat === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32') return fallback(call);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const [kh, kw, ci, co] = filterShape;
    const rows = kh * kw * ci;
    const columns = info.batchSize * info.outHeight * info.outWidth;
    if (rows * columns > MAX_COLUMN_FLOATS) return fallback(call);
    const xT = transpose({ inputs: { x }, backend, attrs: { perm: [3, 0, 1, 2] } });
    const cols = backend.makeOutput([rows, columns], 'float32');
    // Views after the last allocation: growing the heap detaches earlier ones.
    im2colTransposed(backend.typedArrayFromHeap(xT), backend.typedArrayFromHeap(cols), info);
    const dy2d: tf.TensorInfo = { dataId: dy.dataId, shape: [columns, co], dtype: 'float32' };
    const out = batchMatMul({ inputs: { a: cols, b: dy2d }, backend, attrs: { transposeA: false, transposeB: false } });
    disposeIntermediates(backend, [xT, cols]);
    return { ...out, shape: [kh, kw, ci, co] };
  };
}
