/**
 * Monte Carlo standard error of a simulated rate: the binomial √(p(1 − p)/n) of the share of n
 * independent replications in which an event (a rejection, a rollback, a detection) happens with
 * probability p. Simulation tests allow the observed rate a few of these around the stated rate
 * (e.g. `rate ≤ α + 3·binomialMonteCarloSe(α, n)`) so that a correct method fails rarely.
 * Reference: Morris, White & Crowther (2019), "Using simulation studies to evaluate statistical
 * methods", Statistics in Medicine 38, Table 6 (Monte Carlo SE of coverage and power).
 * @example binomialMonteCarloSe(0.05, 400) // 0.010897247358851683
 */
export function binomialMonteCarloSe(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}
