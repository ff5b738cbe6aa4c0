/**
 * Distribution functions shared by every test. Tails are computed directly (erfc, incomplete beta
 * of the small side, upper incomplete gamma by continued fraction) rather than as `1 - cdf`, so tiny
 * p-values keep their relative accuracy.
 */
import { jStat } from 'jstat';
import { InvalidArgumentError } from '../../core/errors.js';
import { logBeta, logGamma, lowerRegularizedGamma, regularizedBeta, upperRegularizedGamma } from './special.js';

/** Throws unless `p` is a probability in [0, 1] (NaN included: a quantile of NaN is a bug upstream). */
function checkP(p: unknown): asserts p is number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new InvalidArgumentError('p', p, 'expected a probability in [0, 1]');
}

/** Throws unless a shape parameter or degrees of freedom is a number > 0 (Infinity allowed where `infinite`). */
function checkShape(name: string, value: unknown, infinite = false): asserts value is number {
  if (typeof value !== 'number' || !(value > 0) || (!infinite && value === Infinity)) {
    throw new InvalidArgumentError(name, value, `expected a number > 0${infinite ? ' (Infinity allowed)' : ''}`);
  }
}

/** Throws unless `x` is a number other than NaN (±Infinity allowed). */
function checkX(name: string, x: unknown): asserts x is number {
  if (typeof x !== 'number' || Number.isNaN(x)) throw new InvalidArgumentError(name, x, 'expected a number (not NaN)');
}

/**
 * Complementary error function, erfc(x) = Q(1/2, x²) for x ≥ 0 (jStat.erfc loses digits in the tails).
 * @throws {InvalidArgumentError} for NaN or a non-number (±Infinity give 0 and 2).
 * @example erfc(1) // 0.15729920705028455
 */
export function erfc(x: number): number {
  if (typeof x !== 'number' || x !== x) checkX('x', x);
  if (Math.abs(x) > 40) return x > 0 ? 0 : 2; // erfc(27.3) already underflows a double; saves the continued fraction at huge x²
  const q = upperRegularizedGamma(0.5, x * x);
  return x >= 0 ? q : 2 - q;
}

/**
 * Standard normal CDF, Φ(x) = erfc(-x/√2)/2.
 * @throws {InvalidArgumentError} for NaN or a non-number (±Infinity give 0 and 1).
 * @example normalCdf(1.96) // 0.9750021048517795
 */
export function normalCdf(x: number): number {
  if (typeof x !== 'number' || x !== x) checkX('x', x);
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Standard normal survival function, 1 - Φ(x) = erfc(x/√2)/2.
 * @throws {InvalidArgumentError} for NaN or a non-number (±Infinity give 1 and 0).
 * @example normalSf(1.96) // 0.02499789514822045
 */
export function normalSf(x: number): number {
  if (typeof x !== 'number' || x !== x) checkX('x', x);
  return 0.5 * erfc(x / Math.SQRT2);
}

/**
 * Standard normal density, exp(−x²/2)/√(2π).
 * @throws {InvalidArgumentError} for NaN or a non-number (±Infinity give 0).
 * @example normalPdf(0) // 0.3989422804014327
 */
export function normalPdf(x: number): number {
  if (typeof x !== 'number' || x !== x) checkX('x', x);
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation refined by one Halley step,
 * relative error ~1e-15); Φ⁻¹(0) = −Infinity, Φ⁻¹(1) = Infinity.
 * @throws {InvalidArgumentError} unless p is in [0, 1].
 * @example normalQuantile(0.975) // 1.9599639845400558
 */
export function normalQuantile(p: number): number {
  checkP(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // Halley refinement against the accurate tail-aware CDF.
  const e = (p < 0.5 ? normalCdf(x) - p : -(normalSf(x) - (1 - p)));
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/** Regularized incomplete beta I_x(a, b); see {@link regularizedBeta} for `complement`. */
export function betaCdf(x: number, a: number, b: number, complement = 1 - x): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return regularizedBeta(x, a, b, complement);
}

/** Beta(α, β) density. */
export function betaPdf(x: number, alpha: number, beta: number): number {
  checkX('x', x);
  checkShape('alpha', alpha);
  checkShape('beta', beta);
  if (x < 0 || x > 1) return 0;
  return Math.exp((alpha - 1) * Math.log(x) + (beta - 1) * Math.log1p(-x) - logBeta(alpha, beta));
}

/**
 * Beta(α, β) quantile: safeguarded Newton on the accurate incomplete beta, bisecting whenever a
 * Newton step leaves the current bracket, until the step is below 1e-15 relative.
 * @throws {InvalidArgumentError} unless p is in [0, 1] and alpha, beta are finite and > 0.
 * @example betaQuantile(0.5, 2, 2) // 0.49999999999999983
 */
export function betaQuantile(p: number, alpha: number, beta: number): number {
  checkP(p);
  checkShape('alpha', alpha);
  checkShape('beta', beta);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  let x = alpha / (alpha + beta);
  for (let i = 0; i < 400; i++) {
    const excess = betaCdf(x, alpha, beta) - p;
    if (excess === 0) return x;
    if (excess > 0) hi = x; else lo = x;
    const density = betaPdf(x, alpha, beta);
    let next = x - excess / density;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * x || next === lo || next === hi) return next;
    x = next;
  }
  return x;
}

/**
 * Student t CDF with `df` degrees of freedom (df may be fractional, e.g. Welch). Relative accuracy
 * ~1e-13 in both tails for df up to ~1e6, ~1e-8 for df around 1e8 (tested against scipy).
 */
export function studentTCdf(t: number, df: number): number {
  checkX('t', t);
  checkShape('df', df, true);
  if (df === Infinity) return normalCdf(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  // P(T > |t|) = ½·I_{ν/(ν+t²)}(ν/2, ½), with the complement t²/(ν+t²) passed exactly so that
  // neither large ν nor far tails lose digits.
  const tail = 0.5 * betaCdf(df / (df + t * t), df / 2, 0.5, (t * t) / (df + t * t));
  return t < 0 ? tail : 1 - tail;
}

/**
 * Student t density Γ((ν+1)/2) / (Γ(ν/2)·√(νπ)) · (1 + t²/ν)^(−(ν+1)/2); ν = Infinity gives the normal density.
 * @throws {InvalidArgumentError} unless t is a number (not NaN) and df > 0.
 * @example studentTPdf(0, 10) // 0.389108383966032
 */
export function studentTPdf(t: number, df: number): number {
  checkX('t', t);
  checkShape('df', df, true);
  if (df === Infinity) return normalPdf(t);
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI)
    - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Student t survival function P(T > t). */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/**
 * Student t quantile: Newton iterations on the accurate CDF, started from jStat's approximate
 * inverse; df = Infinity gives the normal quantile.
 * @throws {InvalidArgumentError} unless p is in [0, 1] and df > 0.
 * @example studentTQuantile(0.975, 10) // 2.228138851986276
 */
export function studentTQuantile(p: number, df: number): number {
  checkP(p);
  checkShape('df', df, true);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (df === Infinity) return normalQuantile(p);
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  // Huge df (power at n ~ 1e16): jStat's inverse breaks down; the Cornish–Fisher expansion around the
  // normal quantile (Abramowitz & Stegun 26.7.5) is exact to double precision there (next term ~1e-21).
  if (df > 1e7) {
    const z = normalQuantile(p), z2 = z * z;
    return z + (z * (z2 + 1)) / (4 * df) + (z * ((5 * z2 + 16) * z2 + 3)) / (96 * df * df);
  }
  let x = jStat.studentt.inv(p, df);
  if (!Number.isFinite(x)) x = normalQuantile(p);
  for (let i = 0; i < 50; i++) {
    const f = studentTCdf(x, df) - p;
    const dens = studentTPdf(x, df);
    if (!(dens > 0)) break;
    const step = f / dens;
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/**
 * Chi-square survival function P(X > x) with `df` degrees of freedom (1 for x <= 0).
 * @throws {InvalidArgumentError} when x is NaN or df is not finite and > 0.
 * @example chiSquareSf(3.84, 1) // 0.05004352124870513
 */
export function chiSquareSf(x: number, df: number): number {
  checkX('x', x);
  checkShape('df', df);
  if (x <= 0) return 1;
  return upperRegularizedGamma(df / 2, x / 2);
}

/** Chi-square CDF (0 for x <= 0). */
export function chiSquareCdf(x: number, df: number): number {
  checkX('x', x);
  checkShape('df', df);
  return x <= 0 ? 0 : x / 2 < df / 2 + 1 ? lowerRegularizedGamma(df / 2, x / 2) : 1 - chiSquareSf(x, df);
}

/** F distribution survival function P(F > f) with (df1, df2) degrees of freedom. */
export function fSf(f: number, df1: number, df2: number): number {
  checkX('f', f);
  checkShape('df1', df1);
  checkShape('df2', df2);
  if (f <= 0) return 1;
  return betaCdf(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
}
