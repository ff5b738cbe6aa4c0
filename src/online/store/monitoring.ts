/**
 * Per-arm operational samples of an experiment (traffic, errors, latencies, prediction scores):
 * the inputs of the rollout guardrails.
 */

/** Operational data of one arm. Lists are in event order (timestamp, then unit id). */
export interface ArmMonitoring {
  arm: string;
  /** Distinct units exposed (the counts a sample-ratio-mismatch check compares). */
  units: number;
  /** Prediction requests served. */
  requests: number;
  /** Requests whose model call failed (requests refused for malformed input are not counted anywhere here). */
  errors: number;
  latenciesMs: number[];
  /** Numeric prediction scores of successful requests. */
  scores: number[];
}

/** DuckDB query with parameters `$experiment` and `$since` (epoch milliseconds, or NULL for all time). */
export const ARM_MONITORING_SQL = `
SELECT arm,
       CAST(COUNT(DISTINCT unit_id) AS DOUBLE) AS units,
       CAST(COUNT(*) AS DOUBLE) AS requests,
       CAST(COUNT(error) AS DOUBLE) AS errors,
       list(latency_ms ORDER BY ts, unit_id) AS latencies_ms,
       COALESCE(list(score ORDER BY ts, unit_id) FILTER (WHERE score IS NOT NULL), []) AS scores
FROM predictions
WHERE experiment = $experiment AND arm IS NOT NULL AND error_kind IS DISTINCT FROM 'input'
  AND ($since IS NULL OR EXTRACT(EPOCH FROM ts) * 1000 >= $since)
GROUP BY arm
ORDER BY arm`;

/** Maps result rows to {@link ArmMonitoring}. */
export function toArmMonitoring(rows: Record<string, unknown>[]): ArmMonitoring[] {
  return rows.map((row) => ({
    arm: row.arm as string,
    units: row.units as number,
    requests: row.requests as number,
    errors: row.errors as number,
    latenciesMs: row.latencies_ms as number[],
    scores: row.scores as number[],
  }));
}
