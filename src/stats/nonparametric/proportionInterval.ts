import type { ConfidenceInterval } from '../core/htest.js';

/** A confidence interval for a proportion (or a difference of proportions) with its point estimate. */
export interface ProportionInterval extends ConfidenceInterval {
  estimate: number;
}
