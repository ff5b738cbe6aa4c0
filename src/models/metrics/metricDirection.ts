/**
 * Metrics (and costs) of a run where a smaller value is better: losses, errors, time. Every other
 * metric ablab records (accuracy, macroF1, rocAuc...) is higher-is-better.
 */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['logLoss', 'mse', 'mae', 'loss', 'trainSeconds', 'inferenceMsPerSample']);

/**
 * Whether a larger value of `metric` is an improvement.
 * @example
 * [isHigherBetter('accuracy'), isHigherBetter('logLoss')]; // [true, false]
 */
export function isHigherBetter(metric: string): boolean {
  return !LOWER_IS_BETTER.has(metric);
}
