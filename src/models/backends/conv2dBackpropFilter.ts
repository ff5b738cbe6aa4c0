/**
 * Conv2DBackpropFilter (the weight gradient of a convolution) composed from a backend's own
 * Transpose, Conv2D and Slice kernels. The wasm backend has no such kernel (so it cannot train a
 * CNN), and the cpu backend's is a naive loop ~20x slower than its Conv2D:
 *   dW[kh,kw,ci,co] = conv2d(xᵀ[ci,H,W,N], dyᵀ[OH,OW,N,co]; stride 1, dilation = forward stride,
 *                            forward padding), sliced to [KH,KW] and transposed back to [KH,KW,CI,CO].
 */
import * as tf from '@tensorflow/tfjs';
import { AblabError } from '../../core/errors.js';
import { disposeIntermediates, type KernelCall, requireKernel } from './kernelUtils.js';

/**
 * Builds the kernel function for `backendName` (which must register Transpose, Conv2D and Slice).
 * @throws AblabError when a required kernel is missing, or at call time for NCHW data.
 * @example
 * tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm',
 *   kernelFunc: conv2dBackpropFilterViaConv2d('wasm') });
 */
export function conv2dBackpropFilterViaConv2d(backendName: string): (call: KernelCall) => tf.TensorInfo {
  const transpose = requireKernel('Transpose', backendName);
  const conv2d = requireKernel('Conv2D', backendName);
  const slice = requireKernel('Slice', backendName);
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (dataFormat === 'NCHW') throw new AblabError('Conv2DBackpropFilter via Conv2D supports NHWC data only.');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { top, bottom, left, right } = info.padInfo;
    const [kh, kw, ci, co] = filterShape;
    const xT = transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
    const dyT = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
    const full = conv2d({
      inputs: { x: xT, filter: dyT }, backend,
      attrs: {
        strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC',
        dilations: [info.strideHeight, info.strideWidth], dimRoundingMode: undefined as unknown as string,
      },
    });
    const intermediates = [xT, dyT, full];
    // 'valid' padding with a stride that does not divide H−KH leaves extra rows/columns.
    let grad = full;
    if (full.shape[1] !== kh || full.shape[2] !== kw) {
      grad = slice({ inputs: { x: full }, backend, attrs: { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] } });
      intermediates.push(grad);
    }
    const out = transpose({ inputs: { x: grad }, backend, attrs: { perm: [1, 2, 0, 3] } });
    disposeIntermediates(backend, intermediates);
    return out;
  };
}
