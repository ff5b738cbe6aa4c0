/**
 * Exposure integrity: every unit must see one arm, and one model version within it. A unit logged
 * under two arms (a changed salt or weights, a cache serving the wrong model, a client that
 * re-randomises) contaminates both arms and biases the comparison towards zero.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertNonEmptyString } from './events.js';

/** Per-arm counts of an exposure check. */
export interface ArmExposure {
  arm: string;
  /** Distinct units logged under this arm. */
  units: number;
  /** Of them, units also logged under another arm. */
  unitsInOtherArms: number;
  /** Of them, units served more than one model version within this arm. */
  unitsWithSeveralVersions: number;
  /** Distinct model versions served by this arm. */
  versions: number;
}

export interface ExposureIntegrity {
  experiment: string;
  /** Distinct units in the experiment (arm not null). */
  units: number;
  /** Units logged under more than one arm. */
  mixedArmUnits: number;
  /** Units served more than one model version within one arm (and one arm only). */
  mixedVersionUnits: number;
  /** Units with either problem, and their share of all units. */
  contaminatedUnits: number;
  contaminatedShare: number;
  arms: ArmExposure[];
  /** Up to 5 contaminated unit ids, for debugging. */
  examples: string[];
}

const UNIT_ARMS = `
  SELECT unit_id, arm, COUNT(DISTINCT model_version) AS versions
  FROM predictions
  WHERE experiment = $experiment AND arm IS NOT NULL
  GROUP BY unit_id, arm`;

/**
 * Per-arm counts, portable SQL (GROUP BY, COUNT(DISTINCT), CASE; DuckDB named parameter
 * `$experiment` — `$1` on Postgres, `@experiment` on BigQuery, `{experiment:String}` on ClickHouse).
 */
export const EXPOSURE_BY_ARM_SQL = `
WITH unit_arms AS (${UNIT_ARMS}
),
unit_arm_counts AS (
  SELECT unit_id, COUNT(*) AS arms FROM unit_arms GROUP BY unit_id
),
arm_versions AS (
  SELECT arm, COUNT(DISTINCT model_version) AS versions
  FROM predictions
  WHERE experiment = $experiment AND arm IS NOT NULL
  GROUP BY arm
)
SELECT a.arm,
       CAST(COUNT(*) AS DOUBLE) AS units,
       CAST(SUM(CASE WHEN c.arms > 1 THEN 1 ELSE 0 END) AS DOUBLE) AS units_in_other_arms,
       CAST(SUM(CASE WHEN a.versions > 1 THEN 1 ELSE 0 END) AS DOUBLE) AS units_with_several_versions,
       CAST(MAX(v.versions) AS DOUBLE) AS versions
FROM unit_arms a
JOIN unit_arm_counts c ON c.unit_id = a.unit_id
JOIN arm_versions v ON v.arm = a.arm
GROUP BY a.arm
ORDER BY a.arm`;

/** Whole-experiment counts and up to five example units, same dialect notes. */
export const EXPOSURE_SUMMARY_SQL = `
WITH unit_arms AS (${UNIT_ARMS}
),
units AS (
  SELECT unit_id, COUNT(*) AS arms, MAX(versions) AS versions FROM unit_arms GROUP BY unit_id
)
SELECT CAST(COUNT(*) AS DOUBLE) AS units,
       CAST(SUM(CASE WHEN arms > 1 THEN 1 ELSE 0 END) AS DOUBLE) AS mixed_arm_units,
       CAST(SUM(CASE WHEN arms = 1 AND versions > 1 THEN 1 ELSE 0 END) AS DOUBLE) AS mixed_version_units
FROM units`;

export const EXPOSURE_EXAMPLES_SQL = `
WITH unit_arms AS (${UNIT_ARMS}
)
SELECT unit_id FROM unit_arms
GROUP BY unit_id
HAVING COUNT(*) > 1 OR MAX(versions) > 1
ORDER BY unit_id
LIMIT 5`;

/** Anything that runs read-only SQL with named parameters (the event store's `query`). */
export interface SqlSource {
  query(sql: string, parameters?: Record<string, string | number | boolean | null>): Promise<Record<string, unknown>[]>;
}

/**
 * Counts, in SQL over the prediction log, the units of an experiment logged under more than one
 * arm and those served more than one model version within their arm; contaminated share =
 * (mixed-arm + mixed-version units) / units. Units served outside the experiment (arm null, e.g.
 * before a ramp-up reached them) are not counted: that exposure precedes their assignment.
 * Reference: Kohavi, Tang & Xu (2020) ch. 21 (trust checks: the unit of randomisation sees one variant).
 * @throws {InvalidArgumentError} without a SQL source or an experiment name.
 * @example
 * const integrity = await exposureIntegrity(store, 'ranker-v2');
 * integrity.mixedArmUnits; // 0 for a healthy experiment
 */
export async function exposureIntegrity(source: SqlSource, experiment: string): Promise<ExposureIntegrity> {
  if (typeof source?.query !== 'function') throw new InvalidArgumentError('source', source, 'expected the event store (or an object with query)');
  assertNonEmptyString('experiment', experiment);
  const parameters = { experiment };
  const [summary] = await source.query(EXPOSURE_SUMMARY_SQL, parameters);
  const units = Number(summary?.units ?? 0);
  const mixedArmUnits = Number(summary?.mixed_arm_units ?? 0);
  const mixedVersionUnits = Number(summary?.mixed_version_units ?? 0);
  const arms = (await source.query(EXPOSURE_BY_ARM_SQL, parameters)).map((row) => ({
    arm: row.arm as string, units: Number(row.units), unitsInOtherArms: Number(row.units_in_other_arms),
    unitsWithSeveralVersions: Number(row.units_with_several_versions), versions: Number(row.versions),
  }));
  const contaminatedUnits = mixedArmUnits + mixedVersionUnits;
  const examples = contaminatedUnits > 0 ? (await source.query(EXPOSURE_EXAMPLES_SQL, parameters)).map((row) => row.unit_id as string) : [];
  return { experiment, units, mixedArmUnits, mixedVersionUnits, contaminatedUnits, contaminatedShare: units > 0 ? contaminatedUnits / units : 0, arms, examples };
}
