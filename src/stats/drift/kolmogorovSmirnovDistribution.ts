/**
 * Null distributions of Kolmogorov–Smirnov statistics, ported from scipy 1.10 so that
 * {@link ksTwoSample} reproduces scipy.stats.ks_2samp: the one-sample two-sided distribution
 * (scipy.stats.kstwo, Simard & L'Ecuyer 2011 algorithm selection with the Durbin matrix,
 * Pomeranz recursion and Pelz–Good expansion), the one-sided Smirnov tail (Birnbaum & Tingey 1951),
 * and the exact two-sample lattice-path counts (Hodges 1958).
 */
import { logBeta } from '../core/special.js';

const SCALE_EXPONENT = 128;
const BIG = 2 ** SCALE_EXPONENT;
const SMALL = 2 ** -SCALE_EXPONENT;
const clip = (p: number): number => Math.min(1, Math.max(0, p));

/** x·2^e without overflow in the power (numpy's ldexp). */
function ldexp(x: number, e: number): number {
  let result = x;
  let remaining = e;
  while (remaining > 1000) { result *= 2 ** 1000; remaining -= 1000; }
  while (remaining < -1000) { result *= 2 ** -1000; remaining += 1000; }
  return result * 2 ** remaining;
}

/**
 * One-sided Smirnov tail P(D⁺_n ≥ x) by the exact Birnbaum–Tingey sum
 * x·Σ_{j ≤ n(1−x)} C(n, j)(1 − x − j/n)^(n−j)(x + j/n)^(j−1); all terms are positive, evaluated in logs.
 */
export function smirnovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const last = Math.floor(n * (1 - x));
  let logChoose = 0;
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    const left = 1 - x - j / n;
    if (left > 0) sum += Math.exp(logChoose + (n - j) * Math.log(left) + (j - 1) * Math.log(x + j / n));
    logChoose += Math.log((n - j) / (j + 1));
  }
  return clip(x * sum);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

/** CDF P(D_n ≤ d) by the Durbin matrix method (Marsaglia, Tsang & Wang 2003), scipy's _kolmogn_DMTW. */
function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + k - 1]) > BIG) {
      for (let i = 0; i < H.length; i++) H[i] /= BIG;
      hExponent += SCALE_EXPONENT;
    }
  }
  let p = power[(k - 1) * m + k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SMALL) {
      p *= BIG;
      exponent -= SCALE_EXPONENT;
    }
  }
  return clip(ldexp(p, exponent));
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** CDF P(D_n ≤ x) by the Pomeranz (1974) recursion, scipy's _kolmogn_Pomeranz. */
function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * (g / n)) / m;
    twogpower[m] = (twogpower[m - 1] * ((2 * g) / n)) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * ((1 - 2 * g) / n)) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const powers = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const length = j2 - k1 + 1;
    if (length > 0) {
      // Entries j1 − k1 … j2 − k1 of the full convolution of V0[k1 − V0s …] with powers[0 … length).
      const start = k1 - V0s;
      const available = Math.min(length, npwrs - start);
      let largest = 0;
      for (let c = j1 - k1, out = 0; c <= j2 - k1; c++, out++) {
        let acc = 0;
        for (let a = Math.max(0, c - length + 1); a <= Math.min(c, available - 1); a++) acc += V0[start + a] * powers[c - a];
        V1[out] = acc;
        largest = Math.max(largest, acc);
      }
      if (largest > 0 && largest < SMALL) {
        for (let q = 0; q < npwrs; q++) V1[q] *= BIG;
        exponent -= SCALE_EXPONENT;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let answer = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > BIG) {
      answer *= SMALL;
      exponent += SCALE_EXPONENT;
    }
    answer *= m;
  }
  return clip(ldexp(answer, exponent));
}

/** CDF P(D_n ≤ x) by the Pelz–Good (1976) asymptotic expansion, scipy's _kolmogn_PelzGood. */
function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -(Math.PI ** 2) / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const pi2 = Math.PI ** 2;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  const k1a = -z2;
  const k1b = pi2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const sqrt2pi = Math.sqrt(2 * Math.PI);
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * sqrt2pi) / denominators[i];
  q = Math.exp(-pi2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * k2 * qk;
  }
  K[2] += (k2extra * pi2 * sqrt2pi) / (-36 * z ** 3);
  K[3] += (k3extra * pi2 * sqrt2pi) / (216 * z6);
  let total = 0;
  for (let i = 0; i < 4; i++) total += K[i] / n ** (i / 2);
  return total;
}

/** log(n!/nⁿ) by Stirling's series (scipy's _log_nfactorial_div_n_pow_n). */
function logFactorialOverPower(n: number): number {
  const coeffs = [-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
    8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
    -2.7777777777777777778e-3, 8.3333333333333333333e-2];
  const rn = 1 / n;
  let poly = 0;
  for (const c of coeffs) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}

/**
 * Survival function P(D_n > x) of the two-sided one-sample Kolmogorov–Smirnov statistic for
 * sample size n: scipy.stats.kstwo.sf (scipy's _kolmogn with cdf=False, same branch selection).
 */
export function kolmogorovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogorovCdfDurbin(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogorovCdfPomeranz(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
  return clip(1 - cdf);
}

/** Binomial coefficient as scipy.special.binom computes it (product for k < 20, else via the beta function). */
function binomial(n: number, k: number): number {
  const kk = k > n / 2 ? n - k : k;
  if (kk < 20) {
    let num = 1;
    let den = 1;
    for (let i = 1; i <= kk; i++) {
      num *= i + n - kk;
      den *= i;
      if (Math.abs(num) > 1e50) {
        num /= den;
        den = 1;
      }
    }
    return num / den;
  }
  return 1 / (n + 1) / Math.exp(logBeta(1 + n - kk, 1 + kk));
}

/** P(D_{n,n} ≥ h/n) for equal sample sizes (scipy's _compute_prob_outside_square, Horner form). */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * Two-sided P(D_{m,n} ≥ h/lcm) as the share of lattice paths from (0,0) to (m,n) that leave the band
 * |x/m − y/n| < h/lcm, propagated column by column as probabilities (scipy's
 * _compute_outer_prob_inside_method).
 */
export function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const A = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

/**
 * One-sided P(D⁺_{m,n} ≥ h/lcm): the number of lattice paths reaching the line m·y ≤ n·x − h·g
 * (Hodges 1958, scipy's _count_paths_outside_method) over C(m+n, n). Returns NaN when the path
 * counts overflow, as scipy's floating-point error check does, so the caller falls back to 'asymp'.
 */
export function probOneSidedPaths(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  const total = binomial(m0 + n0, m0);
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj === 0) return binomial(m + n, n) / total;
  const xj = Array.from({ length: lxj }, (_, j) => Math.floor((h + mg * j + ng - 1) / ng));
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let Bj = binomial(xj[j] + j, j);
    for (let i = 0; i < j; i++) Bj -= binomial(xj[j] - xj[i] + j - i, j - i) * B[i];
    B[j] = Bj;
  }
  let paths = 0;
  for (let j = 0; j < lxj; j++) paths += B[j] * binomial(m - xj[j] + (n - j), n - j);
  return Number.isFinite(paths) && Number.isFinite(total) && paths <= total ? paths / total : NaN;
}
