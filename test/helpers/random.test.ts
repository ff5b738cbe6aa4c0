import { expect } from 'chai';
import { fastGamma, InvalidArgumentError, Random, ZigguratRandom } from '../../src/index.js';

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

describe('fast deviates', () => {
  it('ziggurat normals have the standard normal moments and tails', () => {
    const rng = new ZigguratRandom(11);
    const n = 400_000;
    let sum = 0, sumSq = 0, sum4 = 0, beyond2 = 0, beyond35 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z; sumSq += z * z; sum4 += z ** 4;
      if (Math.abs(z) > 2) beyond2++;
      if (Math.abs(z) > 3.5) beyond35++;
    }
    expect(Math.abs(sum / n)).to.be.lessThan(0.006);
    expect(Math.abs(sumSq / n - 1)).to.be.lessThan(0.01);
    expect(Math.abs(sum4 / n - 3)).to.be.lessThan(0.06);
    // P(|Z| > 2) = 0.0455003, P(|Z| > 3.5) = 4.6528e-4 (scipy.stats.norm.sf · 2); 4-sigma binomial bands
    expect(Math.abs(beyond2 / n - 0.0455003)).to.be.lessThan(4 * Math.sqrt(0.0455 * 0.9545 / n));
    expect(Math.abs(beyond35 / n - 4.6528e-4)).to.be.lessThan(4 * Math.sqrt(4.65e-4 / n));
  });

  it('fast Gamma deviates have the right mean and variance, for shapes below and above 1', () => {
    const rng = new Random(5);
    for (const shape of [0.3, 1, 4.5]) {
      const n = 100_000;
      let sum = 0, sumSq = 0;
      for (let i = 0; i < n; i++) { const g = fastGamma(rng, shape); sum += g; sumSq += g * g; }
      const mean = sum / n;
      expect(Math.abs(mean - shape), `mean of Gamma(${shape})`).to.be.lessThan(5 * Math.sqrt(shape / n));
      expect(Math.abs(sumSq / n - mean * mean - shape) / shape, `variance of Gamma(${shape})`).to.be.lessThan(0.05);
    }
  });
});
