import { normalQuantile } from '../core/distributions.js';
import { checkConfidenceLevel } from '../../core/validate.js';
import { toPairedTable, type PairedTable } from './counts.js';
import type { ProportionInterval } from './proportionInterval.js';
import { wilsonBounds } from './wilsonInterval.js';

/** Interval from an already validated table (shared with the McNemar test). */
export function pairedDifferenceInterval(t: PairedTable, level: number): ProportionInterval {
  const n = t.bothRight + t.onlyA + t.onlyB + t.bothWrong;
  const rightA = t.bothRight + t.onlyA;
  const rightB = t.bothRight + t.onlyB;
  const p1 = rightA / n;
  const p2 = rightB / n;
  const z = normalQuantile(1 - (1 - level) / 2);
  const [l1, u1] = wilsonBounds(rightA, n, z, false);
  const [l2, u2] = wilsonBounds(rightB, n, z, false);
  // Correlation of p̂1 and p̂2, with Newcombe's n/2 shrinkage of a positive cross-product.
  const marginProduct = rightA * (n - rightA) * rightB * (n - rightB);
  const cross = t.bothRight * t.bothWrong - t.onlyA * t.onlyB;
  const phi = marginProduct === 0 ? 0
    : cross > n / 2 ? (cross - n / 2) / Math.sqrt(marginProduct)
      : cross >= 0 ? 0 : cross / Math.sqrt(marginProduct);
  const spread = (x: number, y: number): number => Math.sqrt(x * x + y * y - 2 * phi * x * y);
  const estimate = (t.onlyA - t.onlyB) / n;
  return {
    estimate,
    lower: estimate - spread(p1 - l1, u2 - p2),
    upper: estimate + spread(p2 - l2, u1 - p1),
    level,
  };
}

/**
 * Newcombe's square-and-add interval for the difference of two paired proportions, e.g. the
 * accuracies of models A and B on the same test set (A − B). `table` is
 * [[bothRight, onlyA], [onlyB, bothWrong]] (rows: A right/wrong, columns: B right/wrong), so
 * D = (onlyA − onlyB)/n. With Wilson intervals (l1, u1) for A's and (l2, u2) for B's accuracy and
 * φ̂ the correlation estimate (ad − bc)/√(product of margins), set to 0 when a margin is 0 and
 * replaced by max(ad − bc − n/2, 0)/√(…) when ad > bc, the interval is
 * [D − √((p̂1 − l1)² − 2φ̂(p̂1 − l1)(u2 − p̂2) + (u2 − p̂2)²), D + √((p̂2 − l2)² − 2φ̂(p̂2 − l2)(u1 − p̂1) + (u1 − p̂1)²)].
 *
 * References: Newcombe (1998), Improved confidence intervals for the difference between binomial
 * proportions based on paired data, Stat. Med. 17:2635–2650 (method 10); Fagerland, Lydersen &
 * Laake (2017), Statistical Analysis of Contingency Tables, §8.5.
 *
 * @throws {InvalidArgumentError} unless `table` is a 2×2 array of non-negative integers, or on a bad level.
 * @throws {InsufficientDataError} when the table is empty.
 * @example
 * newcombePairedInterval([[59, 6], [16, 80]]);
 * // { estimate: -0.062111801242236024, lower: -0.11862119563870999, upper: -0.004625113933049992, level: 0.95 }
 */
export function newcombePairedInterval(table: readonly (readonly number[])[], options: { confidenceLevel?: number } = {}): ProportionInterval {
  const t = toPairedTable('table', table);
  return pairedDifferenceInterval(t, checkConfidenceLevel(options.confidenceLevel));
}
