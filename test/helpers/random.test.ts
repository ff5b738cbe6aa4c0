import { expect } from 'chai';
import { InvalidArgumentError, Random } from '../../src/index.js';

describe('Random', () => {
  it('is reproducible per seed and differs across seeds', () => {
    const a = new Random(7), b = new Random(7), c = new Random(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).to.deep.equal(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.to.deep.equal(xs);
  });

  it('draws uniform, integer and normal values with the right moments', () => {
    const rng = new Random(1);
    const n = 200_000;
    let sum = 0, sumSq = 0, normalSum = 0, normalSq = 0;
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).to.equal(true);
      sum += u; sumSq += u * u;
      counts[rng.int(6)]++;
      const z = rng.normal();
      normalSum += z; normalSq += z * z;
    }
    expect(Math.abs(sum / n - 0.5)).to.be.lessThan(0.005);
    expect(Math.abs(sumSq / n - 1 / 3)).to.be.lessThan(0.005);
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).to.be.lessThan(0.005);
    expect(Math.abs(normalSum / n)).to.be.lessThan(0.01);
    expect(Math.abs(normalSq / n - 1)).to.be.lessThan(0.02);
  });

  it('draws gamma and beta deviates with the right means', () => {
    const rng = new Random(3);
    const n = 50_000;
    let g = 0, gs = 0, b = 0;
    for (let i = 0; i < n; i++) { g += rng.gamma(2.5); gs += rng.gamma(0.4); b += rng.beta(2, 6); }
    expect(Math.abs(g / n - 2.5)).to.be.lessThan(0.05);
    expect(Math.abs(gs / n - 0.4)).to.be.lessThan(0.02);
    expect(Math.abs(b / n - 0.25)).to.be.lessThan(0.005);
  });

  it('shuffles as a permutation and rejects bad seeds', () => {
    const shuffled = new Random(5).shuffle([...Array(50).keys()]);
    expect([...shuffled].sort((x, y) => x - y)).to.deep.equal([...Array(50).keys()]);
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) expect(() => new Random(bad)).to.throw(InvalidArgumentError, /seed/);
  });
});
