/** Validation of per-bin count or probability vectors shared by the distribution distances. */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertSameLength, toFiniteArray } from '../../core/validate.js';

/**
 * Checks that `p` and `q` are non-negative finite vectors of the same length ≥ `minLength`, each
 * with a positive total, and returns them normalized to sum to one.
 */
export function toProbabilityPair(nameP: string, p: unknown, nameQ: string, q: unknown, minLength = 1): [number[], number[]] {
  const vectors = [[nameP, p], [nameQ, q]].map(([name, values]) => {
    const counts = toFiniteArray(name as string, values, minLength);
    counts.forEach((c, i) => {
      if (c < 0) throw new InvalidArgumentError(`${name}[${i}]`, c, 'expected a non-negative count or probability');
    });
    const total = counts.reduce((s, c) => s + c, 0);
    if (!(total > 0)) throw new InvalidArgumentError(name as string, values, 'expected at least one positive entry (all are zero)');
    return counts.map((c) => c / total);
  });
  assertSameLength(nameP, vectors[0], nameQ, vectors[1]);
  return [vectors[0], vectors[1]];
}
