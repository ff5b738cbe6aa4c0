/**
 * Alpha-spending functions α_s(t): the type I error (per side) allowed to be spent by information
 * fraction t ∈ (0, 1], with α_s(1) = α_s. Lan & DeMets (1983) introduced the O'Brien–Fleming and Pocock
 * types; Kim & DeMets (1987) the power family. Formulas follow rpact's `typeOfDesign` "asOF", "asP",
 * "asKD" with `alpha` = the per-side level.
 */
import { normalQuantile, normalSf } from '../core/distributions.js';

export type SpendingFunctionName = 'obrienFleming' | 'pocock' | 'powerFamily';

/**
 * Alpha spent (per side) by information fraction t:
 * - O'Brien–Fleming type: 2 − 2Φ(z_{1−α/2}/√t),
 * - Pocock type: α·ln(1 + (e − 1)t),
 * - power family: α·t^ρ.
 */
export function spentAlpha(spending: SpendingFunctionName, alpha: number, t: number, rho: number): number {
  switch (spending) {
    case 'obrienFleming': return 2 * normalSf(-normalQuantile(alpha / 2) / Math.sqrt(t));
    case 'pocock': return alpha * Math.log1p((Math.E - 1) * t);
    case 'powerFamily': return alpha * Math.pow(t, rho);
  }
}
