/**
 * Sufficient statistics of an adaptively allocated experiment: per allocation period and arm, the
 * units first assigned then, with the (constant) probability they were assigned with.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertInteger, checkAlternative, checkConfidenceLevel, checkOptions, type Alternative } from '../../core/validate.js';

/** One (period, arm) cell: `n` units assigned to `arm` in `period`, each with probability `probability`. */
export interface PeriodArmStatistics {
  /** Allocation period (weights version), an integer >= 0. */
  period: number;
  arm: string;
  /** P(a new unit of the period gets `arm`), in (0, 1]. */
  probability: number;
  /** Units, and the sum and sum of squares of their metric. */
  n: number;
  sum: number;
  sumSquares: number;
}

/** What every analysis of adaptively allocated cells takes. */
export interface AdaptiveAnalysisOptions {
  control: string;
  treatment: string;
  alternative?: Alternative;
  confidenceLevel?: number;
}

/**
 * Checks the cells and the common options of an adaptive analysis; returns the options with defaults.
 * @throws {InvalidArgumentError} as {@link checkPeriodArmStatistics}, or on a bad alternative or level.
 */
export function checkAdaptiveAnalysis<T extends AdaptiveAnalysisOptions>(cells: readonly PeriodArmStatistics[], options: T) {
  options = checkOptions('options', options);
  checkPeriodArmStatistics(cells, options.control, options.treatment);
  return { ...options, alternative: checkAlternative(options.alternative), confidenceLevel: checkConfidenceLevel(options.confidenceLevel) };
}

/**
 * Checks cells and that `control` and `treatment` are among their arms.
 * @throws {InvalidArgumentError} naming the cell and field (`cells[2].probability`) of a bad value,
 *   or an arm that no cell has.
 */
export function checkPeriodArmStatistics(cells: readonly PeriodArmStatistics[], control: string, treatment: string): void {
  if (!Array.isArray(cells) || cells.length === 0) throw new InvalidArgumentError('cells', cells, 'expected a non-empty array of period-arm statistics');
  cells.forEach((cell, i) => {
    const name = `cells[${i}]`;
    if (typeof cell !== 'object' || cell === null) throw new InvalidArgumentError(name, cell, 'expected {period, arm, probability, n, sum, sumSquares}');
    assertInteger(`${name}.period`, cell.period, 0);
    if (typeof cell.arm !== 'string') throw new InvalidArgumentError(`${name}.arm`, cell.arm, 'expected an arm name');
    if (typeof cell.probability !== 'number' || !(cell.probability > 0 && cell.probability <= 1)) {
      throw new InvalidArgumentError(`${name}.probability`, cell.probability, 'expected a probability in (0, 1]');
    }
    assertInteger(`${name}.n`, cell.n, 0);
    assertFiniteNumber(`${name}.sum`, cell.sum);
    assertFiniteNumber(`${name}.sumSquares`, cell.sumSquares);
  });
  for (const [option, arm] of [['options.control', control], ['options.treatment', treatment]] as const) {
    if (!cells.some((cell) => cell.arm === arm)) throw new InvalidArgumentError(option, arm, `expected an arm of the cells (${[...new Set(cells.map((c) => c.arm))].join(', ')})`);
  }
  if (control === treatment) throw new InvalidArgumentError('options.treatment', treatment, 'expected an arm other than the control');
}
