import { expect } from 'chai';
import { Random } from '../../../src/index.js';
import { IndexStream } from '../../../src/stats/resampling/indexStream.js';
import { fixtures } from './support.js';

describe('IndexStream', () => {
  // Python transcription of the xoshiro128** reference C code, seeded like src/core/random.ts.
  const c = fixtures.xoshiro;
  it('runs xoshiro128** seeded from the caller\'s Random', () => {
    const stream = new IndexStream(new Random(c.seed));
    expect(Array.from({ length: c.raw.length }, () => stream.nextUint32())).to.deep.equal(c.raw);
  });

  it('maps draws to [0, n) by Lemire\'s unbiased multiply-shift (small and wide n)', () => {
    for (const { n, values } of c.indices) {
      const out = new Int32Array(values.length);
      new IndexStream(new Random(c.seed)).fill(n, out, 0, values.length);
      expect(Array.from(out), `n = ${n}`).to.deep.equal(values);
    }
  });

  it('draws every index about equally often (chi-square within 5 sd)', () => {
    const n = 7;
    const out = new Int32Array(70000);
    new IndexStream(new Random(1)).fill(n, out, 0, out.length);
    const counts = new Array(n).fill(0);
    for (const i of out) counts[i]++;
    const chiSquare = counts.reduce((sum, k) => sum + (k - 10000) ** 2 / 10000, 0);
    expect(chiSquare).to.be.below(6 + 5 * Math.sqrt(12));
  });
});
