/**
 * Seeded pseudo-random numbers: every random choice in ablab (bootstrap resamples, simulators,
 * bandits, data shuffles, weight seeds) draws from a {@link Random} so a seed reproduces a result
 * exactly. Generator: xoshiro128** (Blackman & Vigna 2018), state seeded with splitmix32.
 */
import { InvalidArgumentError } from './errors.js';

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Checks a seed: an integer in [0, 2^32).
 * @throws {InvalidArgumentError} naming `name` (how the caller wrote the seed, e.g. 'options.seed').
 */
export function checkSeed(name: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new InvalidArgumentError(name, seed, 'expected an integer in [0, 2^32)');
  }
}

export class Random {
  /** xoshiro128** state, kept as int32 so V8 never boxes it (≈3x faster than number fields). */
  private readonly state = new Int32Array(4);
  private spareNormal: number | null = null;

  /**
   * @param seed any integer in [0, 2^32); the same seed always gives the same stream.
   * @param name how the caller wrote the seed, for the error (e.g. 'options.seed').
   */
  constructor(seed: number, name = 'seed') {
    checkSeed(name, seed);
    const next = splitmix32(seed);
    for (let i = 0; i < 4; i++) this.state[i] = next();
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /** Next 32 random bits as a signed int32 (the generator's native step). */
  private nextInt32(): number {
    const s = this.state;
    const s0 = s[0], s1 = s[1], s2 = s[2] ^ s0, s3 = s[3] ^ s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextInt32() >>> 5;
    const lo = this.nextInt32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) without modulo bias (n ≤ 2^32). */
  int(n: number): number {
    if (n <= 1) return 0;
    const limit = 0x100000000 - (0x100000000 % n);
    let r: number;
    do r = this.nextUint32(); while (r >= limit);
    return r % n;
  }

  /** Standard normal deviate (Marsaglia polar method; the pair's second value is cached). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Bernoulli(p) draw as 0/1. */
  bernoulli(p: number): number {
    return this.uniform() < p ? 1 : 0;
  }

  /** Gamma(shape, 1) deviate (Marsaglia & Tsang 2000). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) deviate. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Fisher–Yates shuffle of `array` in place; returns it. */
  shuffle<T>(array: T[]): T[] {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A new independent generator derived from this one (for per-run or per-worker streams). */
  fork(): Random {
    return new Random(this.nextUint32());
  }
}
