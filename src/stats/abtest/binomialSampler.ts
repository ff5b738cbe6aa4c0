import type { Random } from '../../core/random.js';

/** Half-width of the table of pmf ratios around the mode (BTPE's explicit step covers |y − m| ≤ 20). */
const NEAR_MODE = 20;

/**
 * Exact Binomial(n, p) sampler in O(1) expected time, the algorithm numpy's Generator.binomial
 * uses: inversion by sequential search when min(p, 1 − p)·n ≤ 30, otherwise BTPE
 * (triangle/parallelogram/exponential acceptance–rejection with squeeze). Constants are set up once
 * per (n, p), so drawing many experiments with the same design costs a few uniforms per draw; the
 * pmf ratios f(y)/f(mode) that BTPE's explicit step recomputes by a loop are tabulated for
 * |y − mode| ≤ 20, which makes this faster than numpy's implementation of the same algorithm.
 *
 * Reference: Kachitvichyanukul & Schmeiser (1988) "Binomial random variate generation",
 * Communications of the ACM 31(2), 216–222.
 */
export class BinomialSampler {
  private readonly n: number;
  private readonly flip: boolean;
  private readonly r: number;
  private readonly q: number;
  private readonly useInversion: boolean;
  // Inversion: P(X = 0) and the search bound.
  private readonly q0: number = 0;
  private readonly bound: number = 0;
  // BTPE region constants.
  private readonly m: number = 0;
  private readonly p1: number = 0;
  private readonly p2: number = 0;
  private readonly p3: number = 0;
  private readonly p4: number = 0;
  private readonly xm: number = 0;
  private readonly xl: number = 0;
  private readonly xr: number = 0;
  private readonly c: number = 0;
  private readonly laml: number = 0;
  private readonly lamr: number = 0;
  private readonly nrq: number = 0;
  private readonly nearMode = new Float64Array(2 * NEAR_MODE + 1);

  /** n a non-negative integer, p in [0, 1] (callers validate). */
  constructor(n: number, p: number) {
    this.n = n;
    this.flip = p > 0.5;
    this.r = Math.min(p, 1 - p);
    this.q = 1 - this.r;
    const { r, q } = this;
    this.useInversion = r * n <= 30;
    if (this.useInversion) {
      this.q0 = Math.exp(n * Math.log1p(-r));
      const np = n * r;
      this.bound = Math.min(n, np + 10 * Math.sqrt(np * q + 1));
      return;
    }
    const fm = n * r + r;
    this.m = Math.floor(fm);
    this.nrq = n * r * q;
    this.p1 = Math.floor(2.195 * Math.sqrt(this.nrq) - 4.6 * q) + 0.5;
    this.xm = this.m + 0.5;
    this.xl = this.xm - this.p1;
    this.xr = this.xm + this.p1;
    this.c = 0.134 + 20.5 / (15.3 + this.m);
    let a = (fm - this.xl) / (fm - this.xl * r);
    this.laml = a * (1 + a / 2);
    a = (this.xr - fm) / (this.xr * q);
    this.lamr = a * (1 + a / 2);
    this.p2 = this.p1 * (1 + 2 * this.c);
    this.p3 = this.p2 + this.c / this.laml;
    this.p4 = this.p3 + this.c / this.lamr;
    // f(m + j)/f(m) for |j| ≤ 20, by the same recurrence BTPE's explicit step uses (O(1) lookups).
    const odds = r / q;
    const scaledOdds = odds * (n + 1);
    this.nearMode[NEAR_MODE] = 1;
    for (let j = 1; j <= NEAR_MODE; j++) {
      this.nearMode[NEAR_MODE + j] = this.m + j <= n ? this.nearMode[NEAR_MODE + j - 1] * (scaledOdds / (this.m + j) - odds) : 0;
      this.nearMode[NEAR_MODE - j] = this.m - j >= 0 ? this.nearMode[NEAR_MODE - j + 1] / (scaledOdds / (this.m - j + 1) - odds) : 0;
    }
  }

  /** One draw. */
  sample(rng: Random): number {
    if (this.r === 0) return this.flip ? this.n : 0;
    const y = this.useInversion ? this.inversion(rng) : this.btpe(rng);
    return this.flip ? this.n - y : y;
  }

  private inversion(rng: Random): number {
    const { n, r, q } = this;
    for (;;) {
      let x = 0;
      let px = this.q0;
      let u = rng.uniform();
      while (u > px) {
        x++;
        if (x > this.bound) break;
        u -= px;
        px = ((n - x + 1) * r * px) / (x * q);
      }
      if (x <= this.bound) return x;
    }
  }

  private btpe(rng: Random): number {
    for (;;) {
      const u = rng.uniform() * this.p4;
      let v = rng.uniform();
      // Triangle region (~70% of draws): accepted at once, so read no other constant.
      if (u <= this.p1) return Math.floor(this.xm - this.p1 * v + u);
      const { n, r, q, m, p1, p2, p3, xm, xl, xr, c, laml, lamr, nrq } = this;
      let y: number;
      if (u <= p2) { // parallelogram
        const x = xl + (u - p1) / c;
        v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
        if (v > 1) continue;
        y = Math.floor(x);
      } else if (u <= p3) { // left exponential tail
        y = Math.floor(xl + Math.log(v) / laml);
        if (y < 0 || v === 0) continue;
        v *= (u - p2) * laml;
      } else { // right exponential tail
        y = Math.floor(xr - Math.log(v) / lamr);
        if (y > n || v === 0) continue;
        v *= (u - p3) * lamr;
      }
      const k = Math.abs(y - m);
      if (!(k > 20 && k < nrq / 2 - 1)) {
        // Explicit f(y)/f(m): precomputed near the mode, else by the recurrence of binomial probabilities.
        let f: number;
        if (k <= NEAR_MODE) {
          f = this.nearMode[y - m + NEAR_MODE];
        } else {
          const s = r / q;
          const a = s * (n + 1);
          f = 1;
          if (m < y) for (let i = m + 1; i <= y; i++) f *= a / i - s;
          else for (let i = y + 1; i <= m; i++) f /= a / i - s;
        }
        if (v <= f) return y;
        continue;
      }
      // Squeeze on log f(y)/f(m), then the Stirling-based exact bound.
      const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
      const t = (-k * k) / (2 * nrq);
      const logV = Math.log(v);
      if (logV < t - rho) return y;
      if (logV > t + rho) continue;
      const x1 = y + 1;
      const f1 = m + 1;
      const z = n + 1 - m;
      const w = n - y + 1;
      if (logV <= xm * Math.log(f1 / x1) + (n - m + 0.5) * Math.log(z / w) + (y - m) * Math.log((w * r) / (x1 * q))
        + stirlingTail(f1) + stirlingTail(z) + stirlingTail(x1) + stirlingTail(w)) return y;
    }
  }
}

/** Stirling series remainder of log-factorials, as in BTPE's final acceptance test. */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}
