/**
 * Noncentral Student t distribution: T = (Z + δ) / √(V/ν) with Z ~ N(0, 1), V ~ χ²_ν.
 * Used by power analysis and by the confidence intervals of standardized mean differences.
 */
import { normalCdf, normalSf } from '../core/distributions.js';
import { logBeta, logGamma, regularizedBeta } from '../core/special.js';
import { assertFiniteNumber, assertPositive } from '../../core/validate.js';

/** Relative size below which the neglected part of a series or integral is dropped. */
const TOLERANCE = 1e-17;
/**
 * Beyond this |δ| the Poisson series needs O(δ) terms (minutes at δ ~ 1e7) and loses accuracy
 * (~2e-13 at δ ≈ 22 with ν ≈ 8e5, enough to make power non-monotone in n; ~1e-6 at δ ≈ 3e4): the
 * chi-mixture integral of the smaller tail is used instead. It matches the 90-digit fixtures
 * (δ up to 50) to 2e-12 as well.
 */
const SERIES_NCP_LIMIT = 8;

/**
 * ½ Σ_j [p_j B(j + ½) + q_j B(j + 1)] with the Poisson-type weights of Lenth (1989, AS 243),
 * p_j = e^{−λ} λ^j / j! and q_j = δ e^{−λ} λ^j / (√2 Γ(j + 3/2)), λ = δ²/2, where B(a) is the
 * incomplete beta I_x(a, ν/2) (or its complement I_y(ν/2, a) when `complement`), x = t²/(t²+ν),
 * y = ν/(t²+ν). As in Benton & Krishnamoorthy (2003) the sum starts at the Poisson mode and runs
 * both ways with the recurrence I_x(a+1, b) = I_x(a, b) − x^a y^b / (a B(a, b)), stopping when a
 * bound on the remaining weights times the largest remaining B is negligible next to `offset + sum`.
 */
function poissonBetaSeries(x: number, y: number, halfDf: number, ncp: number, complement: boolean, offset: number): number {
  const lambda = (ncp * ncp) / 2;
  const mode = Math.floor(lambda);
  const logLambdaPower = mode === 0 ? 0 : mode * Math.log(lambda);
  const pMode = Math.exp(-lambda + logLambdaPower - logGamma(mode + 1));
  const qMode = ncp === 0 ? 0
    : Math.sign(ncp) * Math.exp(Math.log(Math.abs(ncp)) - lambda + logLambdaPower - 0.5 * Math.LN2 - logGamma(mode + 1.5));
  // Incomplete betas at a = mode + ½ and mode + 1, and the jumps x^a y^b / (a B(a, b)) between neighbours.
  const beta = (a: number): number => (complement ? regularizedBeta(y, halfDf, a) : regularizedBeta(x, a, halfDf));
  // ln y = −ln(1 + t²/ν) via log1p: ln of the rounded y would be off by ~ε/(1 − y), amplified ν/2 times.
  const logX = Math.log(x), logY = -Math.log1p(x / y);
  const jump = (a: number): number => Math.exp(a * logX + halfDf * logY - Math.log(a) - logBeta(a, halfDf));
  const sign = complement ? 1 : -1; // moving a up: I_x decreases, its complement increases.
  const startHalf = beta(mode + 0.5);
  const startWhole = beta(mode + 1);
  const startJumpHalf = jump(mode + 0.5);
  const startJumpWhole = jump(mode + 1);

  let sum = pMode * startHalf + qMode * startWhole;
  // Forward: j = mode + 1, mode + 2, ...
  let p = pMode, q = qMode, bHalf = startHalf, bWhole = startWhole, jHalf = startJumpHalf, jWhole = startJumpWhole;
  for (let j = mode + 1; ; j++) {
    bHalf += sign * jHalf;
    bWhole += sign * jWhole;
    jHalf *= (x * (j - 0.5 + halfDf)) / (j + 0.5);
    jWhole *= (x * (j + halfDf)) / (j + 1);
    p *= lambda / j;
    q *= lambda / (j + 0.5);
    sum += p * bHalf + q * bWhole;
    const ratio = lambda / (j + 1);
    if (ratio < 1) {
      const remainingWeight = (p + Math.abs(q)) * ratio / (1 - ratio);
      const largestBeta = complement ? 1 : Math.max(bHalf, bWhole, 0);
      if (remainingWeight * largestBeta <= TOLERANCE * Math.abs(offset + sum) || remainingWeight === 0) break;
    }
  }
  // Backward: j = mode − 1, ..., 0.
  p = pMode; q = qMode; bHalf = startHalf; bWhole = startWhole; jHalf = startJumpHalf; jWhole = startJumpWhole;
  for (let j = mode - 1; j >= 0; j--) {
    jHalf *= (j + 1.5) / (x * (j + 0.5 + halfDf));
    jWhole *= (j + 2) / (x * (j + 1 + halfDf));
    bHalf -= sign * jHalf;
    bWhole -= sign * jWhole;
    p *= (j + 1) / lambda;
    q *= (j + 1.5) / lambda;
    sum += p * bHalf + q * bWhole;
    const ratio = j / lambda;
    const remainingWeight = (p + Math.abs(q)) * ratio / (1 - ratio);
    if (remainingWeight <= TOLERANCE * Math.abs(offset + sum)) break;
  }
  return Math.min(1, offset + 0.5 * sum);
}

/**
 * h·ln h − lnΓ(h) − h, the log-normalizer of the scaled chi density with the exponent's −h folded in;
 * for h ≥ 15 by Stirling's series ½ln h − ½ln 2π − 1/(12h) + 1/(360h³) − … (Abramowitz & Stegun 6.1.41).
 */
function logScaledChiNormalizer(h: number): number {
  if (h < 15) return h * Math.log(h) - logGamma(h) - h;
  const inv2 = 1 / (h * h);
  const series = (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188)))) / h;
  return 0.5 * Math.log(h / (2 * Math.PI)) - series;
}

/**
 * ln Φ(x) for x ≤ −30, where Φ(x) underflows below x ≈ −38: ln φ(x) − ln(−x) plus the log of the
 * asymptotic Mills-ratio series 1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸ (next term below 2e-12 at x = −30).
 */
function logNormalCdfFarTail(x: number): number {
  const r = 1 / (x * x);
  return -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log1p(r * (-1 + r * (3 + r * (-15 + 105 * r))));
}

/** e^{2y} − 1 − 2y without cancellation for small |y| (its Taylor series there). */
function expm1MinusLinear(y: number): number {
  if (Math.abs(y) > 0.01) return Math.expm1(2 * y) - 2 * y;
  let term = 2 * y * y, sum = 0;
  for (let k = 3; Math.abs(term) > 1e-18 * Math.abs(sum); k++) {
    sum += term;
    term *= (2 * y) / k;
  }
  return sum;
}

/**
 * ∫₀^∞ Φ(slope·u + offset) f(u) du, with f the density of u = √(V/ν), V ~ χ²_ν:
 * P(T ≤ t) = integral(t, −δ) and P(T > t) = integral(−t, δ). Used where the series terms cancel
 * (t < 0 < δ, tiny probabilities) or need O(δ) terms (large |δ|). In y = ln u the integrand is
 * unimodal (log-concave for slope < 0: ln Φ is concave and increasing, slope·e^y + offset concave,
 * the chi part concave; for slope > 0 a product of log-concave functions of u, unimodal in any
 * monotone reparametrisation), and the trapezoid rule on the whole line converges geometrically
 * for such smooth, fast-decaying integrands (Trefethen & Weideman 2014). Searches and steps are
 * scaled by the width 1/√(2ν) of the chi part, so huge ν (n ~ 1e16) works too.
 */
function chiMixtureIntegral(slope: number, offset: number, df: number): number {
  const half = df / 2;
  // ln[2 h^h / Γ(h)] − h, h = ν/2, with the large terms of h·ln h − lnΓ(h) cancelled analytically
  // (Stirling) so that large df keeps full relative accuracy.
  const logConstant = Math.LN2 + logScaledChiNormalizer(half);
  const logPhi = (x: number): number => (x > 0 ? Math.log1p(-normalSf(x)) : x > -30 ? Math.log(normalCdf(x)) : logNormalCdfFarTail(x));
  const logIntegrand = (y: number): number => logPhi(slope * Math.exp(y) + offset) + logConstant - half * expm1MinusLinear(y);
  const width = Math.min(1, 1 / Math.sqrt(2 * df));
  // Concave → unimodal: locate the peak by golden-section search on a bracket that surely contains it.
  let lo = -50, hi = 10;
  const golden = (Math.sqrt(5) - 1) / 2;
  while (hi - lo > Math.max(1e-6 * width, 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi)))) {
    const m1 = hi - golden * (hi - lo), m2 = lo + golden * (hi - lo);
    if (logIntegrand(m1) < logIntegrand(m2)) lo = m1; else hi = m2;
  }
  const peak = (lo + hi) / 2;
  const peakValue = logIntegrand(peak);
  // The integrand is below e^peak on a support narrower than e^5: below e^-750 the result underflows anyway.
  if (!(peakValue > -750)) return 0;
  // Integration limits: where the integrand has fallen by e^-60 relative to its peak.
  const edge = (direction: number): number => {
    let step = 1e-3 * width;
    while (logIntegrand(peak + direction * step) > peakValue - 60) step *= 2;
    return peak + direction * step;
  };
  const left = edge(-1), right = edge(1);
  let points = 64;
  let h = (right - left) / points;
  let total = 0;
  for (let i = 0; i <= points; i++) total += Math.exp(logIntegrand(left + i * h) - peakValue);
  let estimate = total * h;
  for (let refinement = 0; refinement < 10; refinement++) {
    // Halving the step reuses every previous node; only the midpoints are new.
    for (let i = 0; i < points; i++) total += Math.exp(logIntegrand(left + (i + 0.5) * h) - peakValue);
    points *= 2;
    h /= 2;
    const refined = total * h;
    const converged = Math.abs(refined - estimate) <= 1e-14 * refined;
    estimate = refined;
    if (converged) break;
  }
  return estimate * Math.exp(peakValue);
}

/**
 * Cumulative distribution function of the noncentral t distribution, P(T ≤ t) for
 * T = (Z + ncp)/√(V/df), Z standard normal and V chi-square with `df` degrees of freedom.
 *
 * For t ≥ 0 it is Φ(−δ) + ½ Σ_j [p_j I_x(j+½, ν/2) + q_j I_x(j+1, ν/2)] with x = t²/(t²+ν) and
 * Poisson weights p_j, q_j (Lenth 1989, AS 243), summed outward from the Poisson mode as in Benton
 * & Krishnamoorthy (2003). For t < 0 the reflection P(T ≤ t) = 1 − P(T' ≤ −t), T' with −δ, is
 * evaluated as the complementary series so no subtraction from 1 happens; when that series would
 * cancel (t < 0 < δ, tiny probabilities) a numerical integral over the chi variable is used, and
 * so it is for every t when |δ| > 8 (the smaller tail directly, P(T ≤ t) when δ > t, else
 * 1 − P(T > t), so values near 1 stay monotone), where the series would need O(δ) terms and drift.
 * Relative accuracy is about 1e-12 (checked against 90-digit mpmath for df from 0.5 to 1e6 and
 * ncp up to 50), tails far below 1e-10 included, down to where the series terms underflow
 * (probabilities near 1e-300).
 *
 * References: Lenth, R. V. (1989) Algorithm AS 243, Applied Statistics 38, 185–189;
 * Benton, D. & Krishnamoorthy, K. (2003) Computational Statistics & Data Analysis 43, 249–267.
 *
 * @param t quantile (±Infinity allowed)
 * @param df degrees of freedom > 0 (may be fractional)
 * @param ncp noncentrality parameter δ
 * @throws {InvalidArgumentError} if t is NaN, df is not a finite positive number or ncp is not finite.
 * @example
 * noncentralTCdf(2, 10, 1); // 0.8076115625303741
 */
export function noncentralTCdf(t: number, df: number, ncp: number): number {
  if (typeof t !== 'number' || Number.isNaN(t)) assertFiniteNumber('t', t);
  assertPositive('df', df);
  assertFiniteNumber('ncp', ncp);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (t === 0) return normalCdf(-ncp);
  const x = (t * t) / (t * t + df);
  const y = df / (t * t + df);
  // Large |δ|: integrate the smaller tail (δ > t: mass mostly above t), so results near 1 are 1 − (small, accurate).
  if (Math.abs(ncp) > SERIES_NCP_LIMIT) return ncp > t ? chiMixtureIntegral(t, -ncp, df) : Math.max(0, 1 - chiMixtureIntegral(-t, ncp, df));
  if (t > 0) return poissonBetaSeries(x, y, df / 2, ncp, false, normalCdf(-ncp));
  if (ncp <= 0) return poissonBetaSeries(x, y, df / 2, -ncp, true, 0);
  return chiMixtureIntegral(t, -ncp, df);
}

/**
 * Survival function of the noncentral t distribution, P(T > t) = P(−T < −t), where −T is
 * noncentral t with noncentrality −ncp; computed without subtracting from 1, so upper tails
 * keep their relative accuracy.
 *
 * @throws {InvalidArgumentError} as {@link noncentralTCdf}.
 * @example
 * noncentralTSf(2, 10, 1); // 0.1923884374696253
 */
export function noncentralTSf(t: number, df: number, ncp: number): number {
  if (typeof t !== 'number' || Number.isNaN(t)) assertFiniteNumber('t', t);
  assertFiniteNumber('ncp', ncp);
  return noncentralTCdf(-t, df, -ncp);
}
