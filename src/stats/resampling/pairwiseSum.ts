/** numpy's block size below which pairwise summation runs its 8-way unrolled loop. */
const BLOCK = 128;

/**
 * Σ values[indices[i]] for i in [start, start + count), in
 * numpy's pairwise order (Higham 1993; numpy's pairwise_sum): blocks of ≤ 128 summed with eight
 * interleaved accumulators, larger ranges split in two. Means of resamples therefore round exactly as
 * numpy's do (checked up to n = 5000), so values that tie with the estimate tie here too, as in scipy.
 *
 * Reference: N. J. Higham (1993), "The accuracy of floating point summation", SIAM J. Sci. Comput. 14(4).
 */
export function pairwiseSum(values: Float64Array, indices: Int32Array, start: number, count: number): number {
  if (count > BLOCK) {
    let half = count >> 1;
    half -= half % 8;
    return pairwiseSum(values, indices, start, half) + pairwiseSum(values, indices, start + half, count - half);
  }
  const end = start + count;
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[indices[i]];
    return sum;
  }
  let r0 = values[indices[start]], r1 = values[indices[start + 1]], r2 = values[indices[start + 2]], r3 = values[indices[start + 3]];
  let r4 = values[indices[start + 4]], r5 = values[indices[start + 5]], r6 = values[indices[start + 6]], r7 = values[indices[start + 7]];
  let i = start + 8;
  for (const unrolledEnd = end - (count % 8); i < unrolledEnd; i += 8) {
    r0 += values[indices[i]]; r1 += values[indices[i + 1]]; r2 += values[indices[i + 2]]; r3 += values[indices[i + 3]];
    r4 += values[indices[i + 4]]; r5 += values[indices[i + 5]]; r6 += values[indices[i + 6]]; r7 += values[indices[i + 7]];
  }
  let sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
  for (; i < end; i++) sum += values[indices[i]];
  return sum;
}
