/**
 * Fast upper normal tail Q(x) = 1 − Φ(x) for the integration's inner loops, by Marsaglia's (2004)
 * Taylor expansion of the Mills ratio R(x) = Q(x)/φ(x) around the nearest integer z:
 * R(z + h) = Σ a_i h^i with a_i from the recursion R' = zR − 1, so Q(x) = R(x)·φ(x) keeps full
 * relative accuracy deep into the tail (Marsaglia 2004, "Evaluating the normal distribution",
 * J. Stat. Software 11(4); his even-integer anchors are replaced by integer ones, |h| ≤ 1/2, which keeps
 * the double-precision recursion at ~1e-14). The anchors R(0), R(1), …, R(8) come from the core's normalSf.
 * For |x| > 7.5 Laplace's continued fraction R(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))) is used instead.
 */
import { normalPdf, normalSf } from '../core/distributions.js';

/** Beyond this the Taylor recursion loses digits (|z|^i/i! terms grow); Laplace's continued fraction converges fast there. */
const SERIES_LIMIT = 7.5;
const ANCHORS = Float64Array.from({ length: 9 }, (_, j) => normalSf(j) / normalPdf(j));
const CONTINUED_FRACTION_TERMS = 60;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Q(x) = P(Z > x) for a standard normal Z. */
export function normalUpperTail(x: number): number {
  const ax = Math.abs(x);
  if (ax > SERIES_LIMIT) {
    if (ax > 38.5) return x > 0 ? 0 : 1; // Q(38.5) underflows
    const tail = millsRatioContinuedFraction(ax) * Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
    return x >= 0 ? tail : 1 - tail;
  }
  const z = Math.round(ax);
  const h = ax - z;
  const hSquared = h * h;
  let a = ANCHORS[z];
  let b = z * a - 1;
  let power = 1;
  let sum = a + h * b;
  let previous = a;
  for (let i = 2; sum !== previous; i += 2) {
    a = (a + z * b) / i;
    b = (b + z * a) / (i + 1);
    power *= hSquared;
    previous = sum;
    sum = previous + power * (a + h * b);
  }
  const tail = sum * Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
  return x >= 0 ? tail : 1 - tail;
}

/** Laplace's continued fraction for the Mills ratio, evaluated bottom-up (x > 7.5: 60 terms reach double precision). */
function millsRatioContinuedFraction(x: number): number {
  let fraction = x;
  for (let k = CONTINUED_FRACTION_TERMS; k >= 1; k--) fraction = x + k / fraction;
  return 1 / fraction;
}
