/**
 * Unit-level sums of binned prediction scores, aggregated in SQL next to the data: per arm,
 * O(bins²) numbers whatever the traffic, from which the clustered covariance of the arm's bin
 * proportions follows (the prediction-drift guardrail reads these).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { assertFiniteNumber, assertFunction, toFiniteArray } from '../../core/validate.js';
import { emptyBinnedScoreStatistics, type BinnedScoreStatistics } from '../../stats/drift/binnedScoreStatistics.js';
import { upperBound } from '../../stats/drift/ksTwoSample.js';
import { assertNonEmptyString, type PredictionEvent } from './events.js';
import { duckDbParameter, type SqlParameter } from './guardrailStatistics.js';
import { sqlDialect, type SqlDialect, type SqlDialectName } from './sqlDialect.js';
import { checkTimeWindow, timeWindowCondition } from './timeWindow.js';

/** One arm's binned score sums (see {@link BinnedScoreStatistics}). */
export type ArmScoreBinStatistics = BinnedScoreStatistics & { arm: string };

/** What to aggregate: one experiment's scored, successful requests with `since ≤ timestamp < until` (epoch ms). */
export interface ScoreBinStatisticsOptions {
  experiment: string;
  /** Interior cut points, strictly increasing: bins (−∞, e₁), [e₁, e₂), …, [e_k, ∞); a score equal to a cut point goes to the upper bin. */
  edges: readonly number[];
  /** Window start, epoch ms (inclusive). Default: all time. */
  since?: number;
  /** Window end, epoch ms (exclusive). Default: all time. */
  until?: number;
}

/** Most cut points: the sums grow with bins², and a drift test on many sparse bins has little power. */
const MAX_EDGES = 63;

/** Pseudo-components of a unit's vector (1, mᵢ, cᵢ₀, …, cᵢ_K) in the SQL: the constant and the unit's total. */
const CONSTANT = -2;
const TOTAL = -1;

/**
 * The binned-score query in portable SQL (CTEs, CASE, COUNT/SUM, UNION ALL, a self-join; no
 * engine-specific aggregates), for `edgeCount` cut points. Per request: its bin = the number of
 * cut points ≤ score (successful requests with a score only: error and score NULL are left out).
 * Per unit: the vector vᵢ = (1, mᵢ, cᵢ₀, …, cᵢ_K) of the constant, its scored requests and its
 * count in each bin. Per arm: the upper triangle of the Gram matrix Σᵢvᵢvᵢᵀ, one row (arm,
 * row_component, column_component, total) per non-zero entry, components −2 (constant), −1
 * (mᵢ) and the bins 0…K, which holds n, M, Σm², Σcₖ, Σcₖm and Σcⱼcₖ. Parameters: experiment,
 * since, until (epoch ms, turned into timestamps the raw ts column is compared with:
 * {@link timeWindowCondition}), edge1…edgeK; `parameter` writes their placeholders (DuckDB `$name`
 * by default), `dialect` names the engine (default DuckDB; only the window's bounds depend on it).
 * Feed the rows to {@link toArmScoreBinStatistics}.
 * @throws {InvalidArgumentError} on an edge count that is not an integer in [1, 63], a parameter that is not a function or an unknown dialect.
 * @example scoreBinStatisticsSql(2).includes('$edge2') // true
 */
export function scoreBinStatisticsSql(edgeCount: number, parameter: SqlParameter = duckDbParameter, dialect: SqlDialectName | SqlDialect = 'duckdb'): string {
  if (!Number.isInteger(edgeCount) || edgeCount < 1 || edgeCount > MAX_EDGES) throw new InvalidArgumentError('edgeCount', edgeCount, `expected an integer in [1, ${MAX_EDGES}]`);
  assertFunction('parameter', parameter);
  const engine = sqlDialect(dialect);
  const number = (name: string) => `CAST(${parameter(name)} AS DOUBLE PRECISION)`;
  const bin = Array.from({ length: edgeCount }, (_, k) => `CASE WHEN score >= ${number(`edge${k + 1}`)} THEN 1 ELSE 0 END`).join('\n         + ');
  return `
WITH scored AS (
  SELECT arm, unit_id,
         ${bin} AS bin
  FROM predictions
  WHERE experiment = ${parameter('experiment')} AND arm IS NOT NULL AND score IS NOT NULL AND error IS NULL
    AND ${timeWindowCondition(engine, parameter)}
),
unit_bins AS (
  SELECT arm, unit_id, bin AS component, CAST(COUNT(*) AS DOUBLE PRECISION) AS value
  FROM scored
  GROUP BY arm, unit_id, bin
),
unit_vectors AS (
  SELECT arm, unit_id, component, value FROM unit_bins
  UNION ALL
  SELECT arm, unit_id, ${TOTAL} AS component, SUM(value) AS value FROM unit_bins GROUP BY arm, unit_id
  UNION ALL
  SELECT arm, unit_id, ${CONSTANT} AS component, CAST(1 AS DOUBLE PRECISION) AS value FROM unit_bins GROUP BY arm, unit_id
)
SELECT a.arm, a.component AS row_component, b.component AS column_component, SUM(a.value * b.value) AS total
FROM unit_vectors a
JOIN unit_vectors b ON b.arm = a.arm AND b.unit_id = a.unit_id AND a.component <= b.component
GROUP BY a.arm, a.component, b.component
ORDER BY a.arm, a.component, b.component`;
}

/** Validates the options and returns the query's parameters (named as in {@link scoreBinStatisticsSql}). */
export function scoreBinStatisticsParameters(options: ScoreBinStatisticsOptions): Record<string, string | number> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', options, 'expected {experiment, edges, since?, until?}');
  assertNonEmptyString('options.experiment', options.experiment);
  const edges = checkScoreEdges('options.edges', options.edges);
  const { since, until } = checkTimeWindow(options);
  return { experiment: options.experiment, since, until, ...Object.fromEntries(edges.map((e, k) => [`edge${k + 1}`, e])) };
}

/**
 * Checks score bin cut points: 1 to 63 finite, strictly increasing numbers.
 * @throws {InvalidArgumentError} naming `name` or the offending entry.
 */
export function checkScoreEdges(name: string, edges: unknown): number[] {
  if (!Array.isArray(edges) || edges.length === 0) throw new InvalidArgumentError(name, edges, 'expected a non-empty array of cut points');
  const values = toFiniteArray(name, edges, 1);
  if (values.length > MAX_EDGES) throw new InvalidArgumentError(name, values.length, `expected at most ${MAX_EDGES} cut points`);
  values.forEach((e, k) => {
    if (k > 0 && !(e > values[k - 1])) throw new InvalidArgumentError(`${name}[${k}]`, e, 'expected strictly increasing cut points');
  });
  return values;
}

/** The sums of `arm` in `byArm`, added empty (with `bins` bins) on first use. */
function armSums(byArm: Map<string, ArmScoreBinStatistics>, arm: string, bins: number): ArmScoreBinStatistics {
  return byArm.get(arm) ?? byArm.set(arm, { arm, ...emptyBinnedScoreStatistics(bins) }).get(arm)!;
}

/** The arms' sums sorted by arm name. */
const inArmOrder = (byArm: Map<string, ArmScoreBinStatistics>) => [...byArm.keys()].sort().map((arm) => byArm.get(arm)!);

/**
 * Maps the rows of {@link scoreBinStatisticsSql} (numbers or numeric strings) to per-arm sums,
 * arms sorted by name.
 * @throws {InvalidArgumentError} on a row whose components or total are not numbers in range.
 */
export function toArmScoreBinStatistics(rows: Record<string, unknown>[], edgeCount: number): ArmScoreBinStatistics[] {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', rows, 'expected the result rows of scoreBinStatisticsSql');
  const bins = edgeCount + 1;
  const byArm = new Map<string, ArmScoreBinStatistics>();
  rows.forEach((row, i) => {
    const [j, k, total] = [row.row_component, row.column_component, row.total].map(Number);
    if (![j, k].every((c) => Number.isInteger(c) && c >= CONSTANT && c < bins) || !(j <= k) || !Number.isFinite(total)) {
      throw new InvalidArgumentError(`rows[${i}]`, row, `expected components in [${CONSTANT}, ${bins}) with row <= column and a finite total`);
    }
    const arm = String(row.arm);
    const s = armSums(byArm, arm, bins);
    if (j === CONSTANT) {
      if (k === CONSTANT) s.units = total;
      else if (k === TOTAL) s.requests = total;
      else s.counts[k] = total;
    } else if (j === TOTAL) {
      if (k === TOTAL) s.requestsSquares = total;
      else s.countsRequests[k] = total;
    } else {
      s.countsCross[j][k] = total;
      s.countsCross[k][j] = total;
    }
  });
  return inArmOrder(byArm);
}

/**
 * The same sums computed in memory from per-unit score lists (the reference the SQL is tested
 * against, and the store of simulations): one entry per unit with its arm and scores.
 * @throws {InvalidArgumentError} on bad cut points or a score that is not finite.
 * @example armScoreBinStatisticsOfUnits([{ arm: 'a', scores: [0.2, 0.7] }, { arm: 'a', scores: [0.9] }], [0.5])[0].counts // [1, 2]
 */
export function armScoreBinStatisticsOfUnits(units: Iterable<{ arm: string; scores: ArrayLike<number> }>, edges: readonly number[]): ArmScoreBinStatistics[] {
  const cuts = checkScoreEdges('edges', edges);
  const bins = cuts.length + 1;
  const byArm = new Map<string, ArmScoreBinStatistics>();
  for (const { arm, scores } of units) {
    if (scores.length === 0) continue;
    const s = armSums(byArm, arm, bins);
    const c = new Array<number>(bins).fill(0);
    for (let r = 0; r < scores.length; r++) {
      assertFiniteNumber('scores', scores[r]);
      c[upperBound(cuts, scores[r])]++; // the bin: the number of cut points ≤ the score
    }
    const m = scores.length;
    s.units++;
    s.requests += m;
    s.requestsSquares += m * m;
    for (let j = 0; j < bins; j++) {
      if (c[j] === 0) continue;
      s.counts[j] += c[j];
      s.countsRequests[j] += c[j] * m;
      for (let k = 0; k < bins; k++) s.countsCross[j][k] += c[j] * c[k];
    }
  }
  return inArmOrder(byArm);
}

/**
 * {@link armScoreBinStatisticsOfUnits} of prediction events selected like the SQL: the
 * experiment's successful requests with a score in the window.
 * @throws {InvalidArgumentError} on bad options.
 */
export function scoreBinStatisticsFromEvents(events: Iterable<PredictionEvent>, options: ScoreBinStatisticsOptions): ArmScoreBinStatistics[] {
  const { since, until } = scoreBinStatisticsParameters(options) as { since: number; until: number };
  const units = new Map<string, { arm: string; scores: number[] }>();
  for (const e of events) {
    if (e.experiment !== options.experiment || e.arm === null || e.score === null || e.error !== null || e.timestamp < since || e.timestamp >= until) continue;
    const key = `${e.arm}\u0000${e.unitId}`;
    (units.get(key) ?? units.set(key, { arm: e.arm, scores: [] }).get(key)!).scores.push(e.score);
  }
  return armScoreBinStatisticsOfUnits(units.values(), options.edges);
}
