import { ConvergenceError, InvalidArgumentError } from '../../core/errors.js';
import { assertFunction } from '../../core/validate.js';

/** Throws unless `f` is a function and the named bounds are numbers (not NaN). */
function checkRootArguments(f: unknown, bounds: Record<string, unknown>): void {
  assertFunction('f', f);
  for (const [name, value] of Object.entries(bounds)) {
    if (typeof value !== 'number' || Number.isNaN(value)) throw new InvalidArgumentError(name, value, 'expected a number');
  }
}

/**
 * Root finders shared by the power solvers, effect-size intervals and group-sequential boundaries.
 */

/**
 * Root of a continuous function on a bracket [lo, hi] with f(lo), f(hi) of opposite signs, by
 * Brent's method (inverse quadratic interpolation safeguarded by bisection; Brent 1973, ch. 4).
 * A bracketing method is robust where a function is monotone but very flat in its tails (crossing
 * probabilities, power curves), where Newton steps overshoot.
 * @throws {ConvergenceError} when f(lo), f(hi) do not bracket a root or no convergence.
 */
export function brentRoot(f: (x: number) => number, lo: number, hi: number, tolerance = 1e-13, maxIterations = 200): number {
  checkRootArguments(f, { lo, hi, tolerance, maxIterations });
  let a = lo, b = hi, fa = f(a), fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new ConvergenceError(`brentRoot: f(${lo}) = ${fa} and f(${hi}) = ${fb} do not bracket a root`);
  let c = a, fc = fa, d = b - a, e = d;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (fb * fc > 0) { c = a; fc = fa; d = b - a; e = d; }
    if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const qa = fa / fc, r = fb / fc;
        p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q; else p = -p;
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(e * q))) { e = d; d = p / q; } else { d = half; e = d; }
    } else {
      d = half;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : (half > 0 ? tol : -tol);
    fb = f(b);
  }
  throw new ConvergenceError(`brentRoot: no convergence within ${maxIterations} iterations`);
}

/**
 * Root of a decreasing function on [lo, hi] (f(lo) > 0 > f(hi)) by Newton's method safeguarded by
 * bisection: a step leaving the current bracket is replaced by its midpoint. `f` returns the value
 * and the derivative. Used where derivatives are nearly free (the crossing probability's slope).
 */
export function safeguardedNewton(f: (x: number) => { value: number; derivative: number }, lo: number, hi: number,
  start: number, tolerance = 1e-13, maxIterations = 200): number {
  checkRootArguments(f, { lo, hi, start, tolerance, maxIterations });
  let x = start;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const { value, derivative } = f(x);
    if (value === 0) return x;
    if (value > 0) lo = x; else hi = x;
    let next = x - value / derivative;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= tolerance * Math.max(1, Math.abs(x)) || hi - lo <= tolerance) return next;
    x = next;
  }
  throw new ConvergenceError(`safeguardedNewton: no convergence within ${maxIterations} iterations`);
}

/**
 * Root of a monotone `f` when no bracket is known: steps from `start` in the direction that
 * reduces |f|, doubling the step until the sign changes (never beyond `limit`), then applies
 * {@link brentRoot}.
 */
export function monotoneRoot(f: (x: number) => number, start: number, step: number, limit = Infinity): number {
  checkRootArguments(f, { start, step, limit });
  if (!(Number.isFinite(start) && Number.isFinite(step) && step !== 0)) throw new InvalidArgumentError('step', step, 'expected a finite non-zero step from a finite start');
  const f0 = f(start);
  if (f0 === 0) return start;
  const fUp = f(start + step);
  const direction = (fUp - f0) * f0 < 0 ? 1 : -1;
  let previous = start;
  let width = step;
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = start + direction * width;
    if (Math.abs(next - start) > limit) break;
    if (f(next) * f0 <= 0) return brentRoot(f, Math.min(previous, next), Math.max(previous, next));
    previous = next;
    width *= 2;
  }
  throw new ConvergenceError(`monotoneRoot: no sign change found from ${start}`);
}
