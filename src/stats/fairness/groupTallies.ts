/**
 * Per-group confusion counts of a classifier: the sufficient statistics every group metric
 * (accuracy, selection rate, true/false positive rate) is a ratio of. Counts can be weighted, so a
 * bootstrap replicate is the same tally with resampling multiplicities as weights.
 */
import { InsufficientDataError, InvalidArgumentError } from '../../core/errors.js';

/** Confusion counts of one group (sums of sample weights; plain counts without weights). */
export interface GroupTally {
  n: number;
  correct: number;
  /** Predictions equal to the positive class. */
  selected: number;
  /** Labels equal to the positive class, and those of them predicted positive. */
  positives: number;
  truePositives: number;
  /** Labels of any other class, and those of them predicted positive. */
  negatives: number;
  falsePositives: number;
}

/** Labels, predictions and group memberships checked and indexed once. */
export interface GroupedSamples {
  labels: Int32Array;
  /** Group names, sorted (see {@link groupSamples}). */
  groupNames: string[];
  /** Index into `groupNames` of each sample. */
  groupOf: Int32Array;
  /** Sample indices of each group. */
  members: Int32Array[];
}

/** Returns integer class labels, refusing anything else with the argument's name. */
export function toClassArray(name: string, values: unknown, length?: number): Int32Array {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new InvalidArgumentError(name, values, 'expected an array of integer class labels');
  }
  const items = values as ArrayLike<unknown>;
  if (length !== undefined && items.length !== length) {
    throw new InvalidArgumentError(name, `${items.length} values`, `expected one per sample (${length})`);
  }
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`${name}[${i}]`, v, 'expected a class index (integer >= 0)');
    out[i] = v;
  }
  return out;
}

/**
 * Checks labels and group names (one string per sample) and indexes the groups, sorted by name
 * (as pandas' groupby in Fairlearn's MetricFrame orders them).
 * @throws {InvalidArgumentError} on non-integer labels, a group that is not a non-empty string, or lengths that differ.
 * @throws {InsufficientDataError} on no samples.
 */
export function groupSamples(labels: ArrayLike<number>, groups: ArrayLike<string>, names = { labels: 'labels', groups: 'groups' }): GroupedSamples {
  const y = toClassArray(names.labels, labels);
  if (y.length === 0) throw new InsufficientDataError(names.labels, labels, 'need at least one sample');
  if (!Array.isArray(groups) || groups.length !== y.length) {
    throw new InvalidArgumentError(names.groups, Array.isArray(groups) ? `${groups.length} values` : groups, `expected an array of group names, one per sample (${y.length})`);
  }
  const groupNames = [...new Set(groups)].sort();
  groupNames.forEach((g) => {
    if (typeof g !== 'string' || g.length === 0) throw new InvalidArgumentError(`${names.groups}[${groups.indexOf(g)}]`, g, 'expected a non-empty string');
  });
  const index = new Map(groupNames.map((g, i) => [g, i]));
  const groupOf = Int32Array.from(groups, (g) => index.get(g)!);
  const sizes = new Int32Array(groupNames.length);
  for (const g of groupOf) sizes[g]++;
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(groupNames.length);
  groupOf.forEach((g, i) => { members[g][filled[g]++] = i; });
  return { labels: y, groupNames, groupOf, members };
}

/**
 * Tallies predictions per group, each sample counted `weights[i]` times (1 without weights).
 * `positiveClass` null leaves the binary counts at 0.
 */
export function tallyGroups(samples: GroupedSamples, predictions: Int32Array, positiveClass: number | null, weights?: ArrayLike<number>): GroupTally[] {
  const tallies = samples.groupNames.map(() => ({ n: 0, correct: 0, selected: 0, positives: 0, truePositives: 0, negatives: 0, falsePositives: 0 }));
  const { labels, groupOf } = samples;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    const t = tallies[groupOf[i]];
    const predicted = predictions[i];
    t.n += w;
    if (predicted === labels[i]) t.correct += w;
    if (positiveClass === null) continue;
    const selected = predicted === positiveClass;
    if (selected) t.selected += w;
    if (labels[i] === positiveClass) {
      t.positives += w;
      if (selected) t.truePositives += w;
    } else {
      t.negatives += w;
      if (selected) t.falsePositives += w;
    }
  }
  return tallies;
}

/** The sum of several tallies (the overall row). */
export function sumTallies(tallies: readonly GroupTally[]): GroupTally {
  const total: GroupTally = { n: 0, correct: 0, selected: 0, positives: 0, truePositives: 0, negatives: 0, falsePositives: 0 };
  for (const t of tallies) for (const key of Object.keys(total) as (keyof GroupTally)[]) total[key] += t[key];
  return total;
}
