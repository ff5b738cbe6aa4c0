import { assertFiniteNumber, assertInteger, assertOpenUnitInterval, assertPositive, checkOptions } from '../../core/validate.js';
import { normalCdf } from '../../stats/core/distributions.js';
import { mixtureHalfWidth } from '../../stats/sequential/normalMixture.js';
import { resolveRho } from '../../stats/sequential/confidenceSequence.js';

export interface ProtectedSegmentPowerOptions {
  /** Units per arm in the harmed segment at the final look. */
  unitsPerArm: number;
  /** Standard deviation of the per-unit metric in that segment (each arm). */
  sd: number;
  /** True harm (positive = worse), in metric units. */
  harm: number;
  /** The segment's margin. Default 0. */
  margin?: number;
  /** The guardrail's overall alpha. Default 0.05. */
  alpha?: number;
  /** K = protected segments × treatment arms (the Bonferroni divisor). */
  hypotheses: number;
  /** The guardrail's targetUnitsPerArm. Default 1000. */
  targetUnitsPerArm?: number;
}

/**
 * Probability that {@link protectedSegmentsGuardrail} has caught a harm by the final look, at
 * least: the chance that the final look alone shows it, Φ((h − m)/s − w), with s = sd·√(2/n) the
 * standard error of the difference and w the half-width of the level α/K Gaussian-mixture
 * confidence sequence in standard errors at intrinsic time n (√((1 + 1/(nρ²))(ln(1 + nρ²) +
 * 2 ln(K/α))), ρ tuned for targetUnitsPerArm). Earlier looks only add chances, so the guardrail's
 * power over a rollout is at least this (normal approximation).
 * @throws {InvalidArgumentError} on bad sizes, a non-positive sd, alpha outside (0, 1).
 * @example
 * protectedSegmentPower({ unitsPerArm: 2000, sd: 0.3, harm: 0.06, hypotheses: 8 }).toFixed(3); // '0.995'
 */
export function protectedSegmentPower(options: ProtectedSegmentPowerOptions): number {
  options = checkOptions('options', options);
  assertInteger('options.unitsPerArm', options.unitsPerArm, 2);
  assertPositive('options.sd', options.sd);
  assertFiniteNumber('options.harm', options.harm);
  const margin = options.margin ?? 0;
  assertFiniteNumber('options.margin', margin);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  assertInteger('options.hypotheses', options.hypotheses, 1);
  const level = alpha / options.hypotheses;
  const targetUnitsPerArm = options.targetUnitsPerArm ?? 1000;
  assertPositive('options.targetUnitsPerArm', targetUnitsPerArm);
  const rho = resolveRho(undefined, targetUnitsPerArm, level);
  const n = options.unitsPerArm;
  const standardError = options.sd * Math.sqrt(2 / n);
  return normalCdf((options.harm - margin) / standardError - mixtureHalfWidth(n * rho * rho, level));
}
