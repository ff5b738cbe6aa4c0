/**
 * Classifiers compared group by group over training seeds: per-group metrics of each variant,
 * per-group accuracy differences against a baseline with multiplicity control across groups, and
 * each variant's fairness gaps — all with intervals from one two-way bootstrap over seeds and test
 * samples.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { assertInteger, assertWorkSize, checkChoice, checkConfidenceLevel } from '../../core/validate.js';
import { normalSf } from '../core/distributions.js';
import { formatNumber, formatPValue } from '../core/htest.js';
import { linearQuantile } from '../core/quantile.js';
import { P_ADJUST_METHODS, pAdjust, type PAdjustMethod } from '../multiple/pAdjust.js';
import { FAIRNESS_GAPS, fairnessGaps, type FairnessGaps } from './fairnessGaps.js';
import { groupSamples, sumTallies, tallyGroups, toClassArray, type GroupedSamples } from './groupTallies.js';
import { resolvePositiveClass, tallyMetrics, type DifferenceMethod, type GroupMetric } from './metricFrame.js';

/** The test-set predictions of one trained model (one seed of a variant). */
export interface SeedPredictions {
  seed: number;
  predictions: ArrayLike<number>;
}

export interface CompareGroupsInput {
  /** True class of each test sample (the same test set for every run). */
  labels: ArrayLike<number>;
  /** Group of each test sample (a sensitive feature, a user segment, or the class name for per-class recall). */
  groups: ArrayLike<string>;
  /** Runs of each variant; every variant must have run the same seeds. */
  variants: Record<string, readonly SeedPredictions[]>;
}

export interface CompareGroupsOptions {
  /** Variant the others are compared with. Default: the first. */
  baseline?: string;
  /** See metricFrame. Default 1 for 0/1 data, else no binary metrics. */
  positiveClass?: number | null;
  /** Bootstrap replicates. Default 1000. */
  resamples?: number;
  /** Default 0.95. */
  confidenceLevel?: number;
  /** Multiplicity control of the per-group differences, across groups (per variant). Default 'holm'. */
  correction?: PAdjustMethod;
  /** How gaps measure disparity (Fairlearn's method). Default 'between_groups'. */
  method?: DifferenceMethod;
  /** Resample seeds as well as test samples (default true); false treats the seeds as fixed. */
  resampleSeeds?: boolean;
  /** Seed of the bootstrap. Default 0. */
  seed?: number;
}

/** A per-group metric of a variant (mean over seeds) with its percentile bootstrap interval. */
export interface GroupMetricEstimate {
  variant: string;
  group: string;
  metric: GroupMetric;
  n: number;
  estimate: number;
  lower: number;
  upper: number;
}

/** A variant's accuracy minus the baseline's in one group. */
export interface GroupDifference {
  variant: string;
  baseline: string;
  group: string;
  n: number;
  estimate: number;
  lower: number;
  upper: number;
  standardError: number;
  /** Two-sided Wald p-value on the bootstrap standard error. */
  pValue: number;
  /** Adjusted across the groups of this comparison with `correction`. */
  pAdjusted: number;
  significant: boolean;
}

/** A fairness gap of a variant (mean over seeds of each seed model's gap) with its interval. */
export interface FairnessGapEstimate {
  variant: string;
  gap: keyof FairnessGaps;
  estimate: number;
  lower: number;
  upper: number;
}

export interface GroupComparison {
  baseline: string;
  variants: string[];
  groups: string[];
  groupSizes: number[];
  seeds: number[];
  positiveClass: number | null;
  confidenceLevel: number;
  correction: PAdjustMethod;
  resamples: number;
  metrics: GroupMetricEstimate[];
  differences: GroupDifference[];
  gaps: FairnessGapEstimate[];
  print(): string;
}

/** Bookkeeping of where each statistic sits in the flat vector one bootstrap replicate fills. */
interface Layout {
  metrics: { variant: number; group: number; metric: GroupMetric }[];
  gaps: { variant: number; gap: keyof FairnessGaps }[];
  differences: { variant: number; group: number }[];
}

/**
 * Compares classifiers trained over several seeds, group by group. For each variant and group:
 * accuracy, error rate and — with a positive class — selection rate, TPR (recall) and FPR, each
 * the mean over seeds of the seed model's group metric (Fairlearn MetricFrame definitions, see
 * metricFrame); for each non-baseline variant and group the accuracy difference from the
 * baseline (mean over seeds of the paired seed differences), its Wald test on the bootstrap
 * standard error and p-values adjusted across groups (`correction`, Holm by default: family-wise
 * error over the groups of one comparison; 'BH' for the false discovery rate); for each variant
 * the fairness gaps (fairnessGaps) averaged over its seed models.
 *
 * Intervals are percentile intervals of a two-way ("pigeonhole") bootstrap: every replicate draws
 * seeds with replacement and, independently, test samples with replacement within each group
 * (group sizes fixed), the same draws for every variant so the comparison stays paired. This
 * carries both sources of variation — training randomness and the finite test set, which
 * dominates in small groups — and is mildly conservative for crossed designs (Owen 2007). With
 * few seeds (< 5) the seed part is coarse; `resampleSeeds: false` conditions on the seeds run.
 * Max − min gaps are biased upwards in small groups; read them with their intervals. Replicates
 * in which a rate is undefined (a resampled group without positives) are left out of that rate's
 * interval.
 * References: Owen (2007) "The pigeonhole bootstrap", Ann. Appl. Stat. 1(2); Efron & Tibshirani
 * (1993) ch. 13; Holm (1979); Weerts et al. (2023) JMLR 24(257) (Fairlearn).
 *
 * @throws {InvalidArgumentError} on bad labels, predictions, groups or options; variants that did
 *   not run the same seeds; an unknown baseline.
 * @throws {InsufficientDataError} with fewer than two variants.
 * @example
 * const result = compareGroups({
 *   labels: [1, 0, 1, 0, 1, 0], groups: ['a', 'a', 'a', 'b', 'b', 'b'],
 *   variants: { old: [{ seed: 1, predictions: [1, 0, 1, 0, 1, 0] }], new: [{ seed: 1, predictions: [1, 0, 1, 1, 0, 0] }] },
 * }, { resamples: 200 });
 * result.differences.map((d) => [d.group, d.estimate]); // [['a', 0], ['b', -0.6666666666666667]]
 */
export function compareGroups(input: CompareGroupsInput, options: CompareGroupsOptions = {}): GroupComparison {
  if (typeof input !== 'object' || input === null) throw new InvalidArgumentError('input', input, 'expected { labels, groups, variants }');
  const samples = groupSamples(input.labels, input.groups, { labels: 'input.labels', groups: 'input.groups' });
  const variants = Object.keys(input.variants ?? {});
  if (variants.length < 2) throw new InsufficientDataError('input.variants', variants, 'need at least two variants to compare');
  const baseline = options.baseline ?? variants[0];
  if (!variants.includes(baseline)) throw new InvalidArgumentError('options.baseline', baseline, `expected one of ${variants.join(', ')}`);
  const { seeds, predictions } = seedPredictions(input.variants, variants, samples.labels.length);
  const positiveClass = resolvePositiveClass(options.positiveClass, samples.labels, predictions.flat());
  const resamples = options.resamples ?? 1000;
  assertWorkSize('options.resamples', resamples, 100, 1_000_000);
  const confidenceLevel = checkConfidenceLevel(options.confidenceLevel);
  const correction = checkChoice('options.correction', options.correction, P_ADJUST_METHODS, 'holm');
  const method = checkChoice('options.method', options.method, ['between_groups', 'to_overall'] as const, 'between_groups');
  const resampleSeeds = options.resampleSeeds ?? true;

  const binary = positiveClass !== null;
  const metricNames: GroupMetric[] = binary ? ['accuracy', 'errorRate', 'selectionRate', 'truePositiveRate', 'falsePositiveRate'] : ['accuracy', 'errorRate'];
  const baselineIndex = variants.indexOf(baseline);
  const groupCount = samples.groupNames.length;
  const layout: Layout = {
    metrics: variants.flatMap((_, v) => samples.groupNames.flatMap((_, g) => metricNames.map((metric) => ({ variant: v, group: g, metric })))),
    gaps: variants.flatMap((_, v) => FAIRNESS_GAPS.map((gap) => ({ variant: v, gap }))),
    differences: variants.flatMap((_, v) => (v === baselineIndex ? [] : samples.groupNames.map((_, g) => ({ variant: v, group: g })))),
  };
  const compute = (sampleWeights: Int32Array | undefined, seedWeights: Int32Array) =>
    replicateStatistics(samples, predictions, positiveClass, method, metricNames, baselineIndex, layout, sampleWeights, seedWeights);

  const point = compute(undefined, new Int32Array(seeds.length).fill(1));
  const random = new Random(options.seed ?? 0, 'options.seed');
  const replicates = Array.from({ length: point.length }, () => new Float64Array(resamples));
  const sampleWeights = new Int32Array(samples.labels.length);
  const seedWeights = new Int32Array(seeds.length);
  for (let r = 0; r < resamples; r++) {
    sampleWeights.fill(0);
    for (const members of samples.members) for (let k = 0; k < members.length; k++) sampleWeights[members[random.int(members.length)]]++;
    if (resampleSeeds) {
      seedWeights.fill(0);
      for (let k = 0; k < seeds.length; k++) seedWeights[random.int(seeds.length)]++;
    } else seedWeights.fill(1);
    const values = compute(sampleWeights, seedWeights);
    for (let i = 0; i < values.length; i++) replicates[i][r] = values[i];
  }
  const alpha = 1 - confidenceLevel;
  const interval = (i: number) => {
    const finite = Array.from(replicates[i]).filter(Number.isFinite).sort((a, b) => a - b);
    if (finite.length < 2) return { lower: NaN, upper: NaN, standardError: NaN };
    const mean = finite.reduce((s, x) => s + x, 0) / finite.length;
    const standardError = Math.sqrt(finite.reduce((s, x) => s + (x - mean) ** 2, 0) / (finite.length - 1));
    return { lower: linearQuantile(finite, alpha / 2), upper: linearQuantile(finite, 1 - alpha / 2), standardError };
  };

  const groupSizes = samples.members.map((m) => m.length);
  let offset = 0;
  const metrics = layout.metrics.map(({ variant, group, metric }) => {
    const i = offset++;
    const { lower, upper } = interval(i);
    return { variant: variants[variant], group: samples.groupNames[group], metric, n: groupSizes[group], estimate: point[i], lower, upper };
  });
  const gaps = layout.gaps.map(({ variant, gap }) => {
    const i = offset++;
    const { lower, upper } = interval(i);
    return { variant: variants[variant], gap, estimate: point[i], lower, upper };
  });
  const rawDifferences = layout.differences.map(({ variant, group }) => {
    const i = offset++;
    const { lower, upper, standardError } = interval(i);
    const estimate = point[i];
    const pValue = standardError > 0 ? 2 * normalSf(Math.abs(estimate / standardError)) : estimate === 0 ? 1 : 0;
    return { variant: variants[variant], baseline, group: samples.groupNames[group], n: groupSizes[group], estimate, lower, upper, standardError, pValue };
  });
  const differences: GroupDifference[] = [];
  for (let start = 0; start < rawDifferences.length; start += groupCount) {
    const family = rawDifferences.slice(start, start + groupCount);
    const adjusted = pAdjust(family.map((d) => d.pValue), correction);
    family.forEach((d, g) => differences.push({ ...d, pAdjusted: adjusted[g], significant: adjusted[g] <= alpha }));
  }

  return {
    baseline, variants, groups: samples.groupNames, groupSizes, seeds, positiveClass, confidenceLevel, correction, resamples,
    metrics, differences, gaps,
    print: () => {
      const level = `${formatNumber(100 * confidenceLevel)}%`;
      const accuracy = metrics.filter((m) => m.metric === 'accuracy');
      return [
        `Accuracy by group over ${seeds.length} seeds (${level} two-way bootstrap intervals, ${resamples} resamples)`,
        ...accuracy.map((m) => `  ${m.variant.padEnd(12)} ${m.group.padEnd(12)} n = ${String(m.n).padStart(5)}  ${formatNumber(m.estimate)} [${formatNumber(m.lower)}, ${formatNumber(m.upper)}]`),
        `Accuracy differences against ${baseline}, ${correction}-adjusted across ${groupCount} groups`,
        ...differences.map((d) => `  ${d.variant.padEnd(12)} ${d.group.padEnd(12)} ${formatNumber(d.estimate)} [${formatNumber(d.lower)}, ${formatNumber(d.upper)}], p ${formatPValue(d.pValue)}, adjusted ${formatPValue(d.pAdjusted)}${d.significant ? ' *' : ''}`),
        'Fairness gaps',
        ...gaps.filter((g) => Number.isFinite(g.estimate)).map((g) => `  ${g.variant.padEnd(12)} ${g.gap.padEnd(28)} ${formatNumber(g.estimate)} [${formatNumber(g.lower)}, ${formatNumber(g.upper)}]`),
      ].join('\n');
    },
  };
}

/** Predictions as [variant][seed], seeds sorted, checked to be the same for every variant. */
function seedPredictions(runs: CompareGroupsInput['variants'], variants: string[], n: number): { seeds: number[]; predictions: Int32Array[][] } {
  const seedsOf = (v: string) => {
    const list = runs[v];
    if (!Array.isArray(list) || list.length === 0) throw new InvalidArgumentError(`input.variants.${v}`, list, 'expected a non-empty array of { seed, predictions }');
    return list.map((run, i) => {
      if (typeof run?.seed !== 'number' || !Number.isInteger(run.seed)) throw new InvalidArgumentError(`input.variants.${v}[${i}].seed`, run?.seed, 'expected an integer seed');
      return run.seed;
    }).sort((a, b) => a - b);
  };
  const seeds = seedsOf(variants[0]);
  if (new Set(seeds).size !== seeds.length) throw new InvalidArgumentError(`input.variants.${variants[0]}`, seeds, 'expected distinct seeds');
  const predictions = variants.map((v) => {
    const own = seedsOf(v);
    if (own.join() !== seeds.join()) throw new InvalidArgumentError(`input.variants.${v}`, own, `expected the seeds of ${variants[0]} (${seeds.join(', ')}), so runs pair by seed`);
    return seeds.map((seed) => {
      const index = runs[v].findIndex((run) => run.seed === seed);
      return toClassArray(`input.variants.${v}[${index}].predictions`, runs[v][index].predictions, n);
    });
  });
  return { seeds, predictions };
}

/** Every statistic of the layout for one set of sample and seed weights (NaN where undefined). */
function replicateStatistics(
  samples: GroupedSamples, predictions: Int32Array[][], positiveClass: number | null, method: DifferenceMethod,
  metricNames: GroupMetric[], baselineIndex: number, layout: Layout, sampleWeights: Int32Array | undefined, seedWeights: Int32Array,
): Float64Array {
  const binary = positiveClass !== null;
  const totalSeedWeight = seedWeights.reduce((s, w) => s + w, 0);
  const groupCount = samples.groupNames.length;
  // Seed-weighted sums of each variant's group metrics and gaps, and of the paired accuracy differences.
  const metricSums = predictions.map(() => new Float64Array(groupCount * metricNames.length));
  const gapSums = predictions.map(() => new Float64Array(FAIRNESS_GAPS.length));
  const accuracies = predictions.map(() => new Float64Array(groupCount));
  seedWeights.forEach((weight, s) => {
    if (weight === 0) return;
    predictions.forEach((bySeed, v) => {
      const tallies = tallyGroups(samples, bySeed[s], positiveClass, sampleWeights);
      const rows = tallies.map((t, g) => tallyMetrics(samples.groupNames[g], t, binary));
      rows.forEach((row, g) => {
        metricNames.forEach((metric, m) => { metricSums[v][g * metricNames.length + m] += weight * (row[metric] ?? NaN); });
        accuracies[v][g] += weight * row.accuracy;
      });
      const gaps = fairnessGaps(rows, tallyMetrics('overall', sumTallies(tallies), binary), method);
      FAIRNESS_GAPS.forEach((gap, k) => { gapSums[v][k] += weight * gaps[gap]; });
    });
  });
  const out: number[] = [];
  for (const { variant, group, metric } of layout.metrics) out.push(metricSums[variant][group * metricNames.length + metricNames.indexOf(metric)] / totalSeedWeight);
  for (const { variant, gap } of layout.gaps) out.push(gapSums[variant][FAIRNESS_GAPS.indexOf(gap)] / totalSeedWeight);
  for (const { variant, group } of layout.differences) out.push((accuracies[variant][group] - accuracies[baselineIndex][group]) / totalSeedWeight);
  return Float64Array.from(out);
}
