/**
 * Globally adaptive Gauss–Kronrod (G7/K15) quadrature, the scheme of QUADPACK's QAG
 * (Piessens et al. 1983): the interval with the largest |K15 − G7| is bisected until the summed
 * error estimate meets the tolerance. Used for posterior probabilities that have no closed form.
 */
import { ConvergenceError } from '../../core/errors.js';

const KRONROD_NODES = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const KRONROD_WEIGHTS = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
/** Gauss weights of the 7-point rule, whose nodes are the odd-indexed Kronrod nodes. */
const GAUSS_WEIGHTS = [
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
];

interface Panel { a: number; b: number; value: number; error: number }

function kronrod(f: (x: number) => number, a: number, b: number): Panel {
  const center = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const fc = f(center);
  let kronrodSum = KRONROD_WEIGHTS[7] * fc;
  let gaussSum = GAUSS_WEIGHTS[3] * fc;
  for (let i = 0; i < 7; i++) {
    const dx = half * KRONROD_NODES[i];
    const pair = f(center - dx) + f(center + dx);
    kronrodSum += KRONROD_WEIGHTS[i] * pair;
    if (i % 2 === 1) gaussSum += GAUSS_WEIGHTS[(i - 1) / 2] * pair;
  }
  return { a, b, value: kronrodSum * half, error: Math.abs((kronrodSum - gaussSum) * half) };
}

/**
 * ∫ f over each consecutive pair of `breakpoints` (ascending), to |error| ≤ max(absTol, relTol·|I|).
 * @throws {ConvergenceError} when `maxPanels` bisections do not reach the tolerance.
 */
export function integrate(
  f: (x: number) => number, breakpoints: readonly number[], absTol = 1e-15, relTol = 1e-13, maxPanels = 4000,
): number {
  const panels: Panel[] = [];
  for (let i = 1; i < breakpoints.length; i++) {
    if (breakpoints[i] > breakpoints[i - 1]) panels.push(kronrod(f, breakpoints[i - 1], breakpoints[i]));
  }
  for (;;) {
    let total = 0;
    let totalError = 0;
    let worst = 0;
    for (let i = 0; i < panels.length; i++) {
      total += panels[i].value;
      totalError += panels[i].error;
      if (panels[i].error > panels[worst].error) worst = i;
    }
    if (totalError <= Math.max(absTol, relTol * Math.abs(total))) return total;
    const { a, b } = panels[worst];
    const middle = 0.5 * (a + b);
    if (panels.length >= maxPanels || middle <= a || middle >= b) {
      throw new ConvergenceError(`quadrature did not converge: error estimate ${totalError} for integral ${total}`);
    }
    panels[worst] = kronrod(f, a, middle);
    panels.push(kronrod(f, middle, b));
  }
}
