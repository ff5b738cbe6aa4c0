import { assertProbability } from '../../core/validate.js';
import { formatNumber } from '../../stats/core/htest.js';
import { exposureIntegrity, type SqlSource } from '../store/exposureIntegrity.js';
import { guardrailCheck, type Guardrail } from './guardrails.js';

/**
 * Exposure-integrity guardrail, the companion of the SRM check: fails when the share of units
 * logged under more than one arm, or under more than one model version within their arm, exceeds
 * `tolerance` (default 0: with hash assignment a healthy experiment has none). Value: that share;
 * threshold: the tolerance. It is a count, not a test: contamination is a bug to fix, whatever
 * its size. See exposureIntegrity for the SQL.
 * @throws {InvalidArgumentError} on a tolerance outside [0, 1] or a source without `query`.
 * @example
 * createRolloutController({ splitter, store, guardrails: [srmGuardrail(), exposureIntegrityGuardrail({ source: store })] });
 */
export function exposureIntegrityGuardrail(options: { source: SqlSource; tolerance?: number }): Guardrail {
  const tolerance = options?.tolerance ?? 0;
  assertProbability('options.tolerance', tolerance);
  const source = options?.source;
  return async ({ experiment }) => {
    const result = await exposureIntegrity(source, experiment);
    const perArm = result.arms.map((a) => `${a.arm}: ${a.units} units, ${a.versions} version(s), ${a.unitsWithSeveralVersions} saw several`).join('; ');
    return guardrailCheck('exposure integrity', result.contaminatedShare > tolerance ? 'fail' : 'pass', result.contaminatedShare, tolerance,
      `${result.mixedArmUnits} of ${result.units} units logged under several arms, ${result.mixedVersionUnits} under several model versions of one arm` +
      ` (${formatNumber(100 * result.contaminatedShare)}%)${result.examples.length ? `, e.g. ${result.examples.join(', ')}` : ''}; ${perArm}`);
  };
}
