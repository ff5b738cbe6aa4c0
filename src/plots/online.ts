/**
 * Plotly figure builders for deployed models: the allocation of a staged rollout over time and
 * drift views of prediction-score distributions (overlaid histograms, ECDFs with the KS gap, PSI
 * per bin). Each returns a plain {@link Figure} (data + layout) for `show()` or a report.
 * Raw samples are summarised (binned, or ECDFs evaluated at a bounded number of points) so a
 * figure stays small whatever the traffic.
 */
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { PsiResult } from '../stats/drift/populationStabilityIndex.js';
import { checkFigureOptions, PALETTE, title } from './style.js';

/** The parts of a rollout decision (`RolloutController.log` entries) the timeline needs. */
export interface RolloutLogEntry {
  allocation: number;
  nextAllocation: number;
  decision: 'advance' | 'hold' | 'rollback';
  reason: string;
}

const DECISION_MARKERS: Record<RolloutLogEntry['decision'], { symbol: string; color: string }> = {
  advance: { symbol: 'triangle-up', color: '#2ca02c' },
  hold: { symbol: 'circle', color: '#7f7f7f' },
  rollback: { symbol: 'x', color: '#d62728' },
};

/**
 * Allocation of one or more staged rollouts over their evaluation periods: a step line per rollout
 * (the new model's share of traffic during each period, and after the last decision) and
 * a marker at every evaluation, shaped by its decision (▲ advance, ● hold, ✕ rollback) with the
 * controller's reason in the hover text.
 * @param rollouts a name and the controller's decision log for each rollout.
 * @param options.periodName label of one evaluation period on the x axis (default 'day').
 * @throws {InvalidArgumentError} when there is no rollout or a log is empty.
 * @example
 * show(allocationTimelineFigure([{ name: 'v2', log: rollout.log }]));
 */
export function allocationTimelineFigure(rollouts: { name: string; log: readonly RolloutLogEntry[] }[], options: { periodName?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  if (!Array.isArray(rollouts) || rollouts.length === 0) throw new InvalidArgumentError('rollouts', rollouts, 'expected at least one rollout');
  const periodName = options.periodName ?? 'day';
  const data: object[] = [];
  const inLegend = new Set<string>();
  rollouts.forEach(({ name, log }, i) => {
    if (!Array.isArray(log) || log.length === 0) throw new InvalidArgumentError(`rollouts[${i}].log`, log, 'expected a non-empty decision log');
    const color = PALETTE[i % PALETTE.length];
    // Period k runs from x = k to x = k + 1 at log[k].allocation; the decision at its end sets the next.
    const x = [...log.map((_, k) => k), log.length];
    const y = [...log.map((d) => 100 * d.allocation), 100 * log[log.length - 1].nextAllocation];
    data.push({ type: 'scatter', mode: 'lines', name, x, y, line: { shape: 'hv', color, width: 3 }, hovertemplate: `${name}: %{y}% of traffic<extra></extra>` });
    for (const decision of ['advance', 'hold', 'rollback'] as const) {
      const at = log.map((d, k) => [d, k] as const).filter(([d]) => d.decision === decision);
      if (at.length === 0) continue;
      data.push({
        // One legend entry per decision kind, shared by all rollouts.
        type: 'scatter', mode: 'markers', name: decision, legendgroup: decision, showlegend: !inLegend.has(decision),
        x: at.map(([, k]) => k + 1), y: at.map(([d]) => 100 * d.nextAllocation), text: at.map(([d]) => d.reason),
        marker: { size: 13, symbol: DECISION_MARKERS[decision].symbol, color: DECISION_MARKERS[decision].color, line: { color, width: 2 } },
        hovertemplate: `${name}, end of ${periodName} %{x}: ${decision}<br>%{text}<extra></extra>`,
      });
      inLegend.add(decision);
    }
  });
  return {
    data,
    layout: {
      title: title(options.title ?? "Staged rollout: the new model's share of traffic"),
      xaxis: { title: title(`${periodName}s since the start`), dtick: 1, rangemode: 'tozero' },
      yaxis: { title: title('share of traffic (%)'), range: [-5, 105], tickvals: [0, 5, 20, 50, 100] },
      legend: { orientation: 'h', y: -0.22 }, height: 440,
    },
  };
}

function checkSamples(name: string, samples: Record<string, ArrayLike<number>>): [string, number[]][] {
  if (typeof samples !== 'object' || samples === null || Object.keys(samples).length === 0) {
    throw new InvalidArgumentError(name, samples, 'expected at least one named sample');
  }
  return Object.entries(samples).map(([label, values]) => {
    const xs = Array.from(values ?? []);
    if (xs.length === 0) throw new InvalidArgumentError(`${name}.${label}`, values, 'expected a non-empty sample');
    if (xs.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new InvalidArgumentError(`${name}.${label}`, values, 'expected finite numbers');
    return [label, xs];
  });
}

function extent(samples: [string, number[]][]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const [, xs] of samples) for (const v of xs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Overlaid histograms of several samples on common bins, each normalised to proportions (so arms or
 * weeks of different sizes compare), e.g. prediction scores of champion and challenger.
 * @param options.bins number of equal-width bins over the pooled range (default 40).
 * @param options.range [min, max] of the bins (default: the pooled range); values outside are ignored.
 * @throws {InvalidArgumentError} on no samples, an empty or non-finite sample, or bins < 1.
 */
export function histogramOverlayFigure(samples: Record<string, ArrayLike<number>>, options: { bins?: number; range?: [number, number]; xTitle?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  const checked = checkSamples('samples', samples);
  const bins = options.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1 || bins > 100_000) throw new InvalidArgumentError('options.bins', bins, 'expected an integer in [1, 100000]');
  let [lo, hi] = options.range ?? extent(checked);
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
  const width = (hi - lo) / bins;
  const centers = Array.from({ length: bins }, (_, k) => lo + (k + 0.5) * width);
  const data = checked.map(([label, xs], i) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of xs) {
      if (v < lo || v > hi) continue;
      counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    }
    return {
      type: 'bar', name: `${label} (n = ${xs.length})`, x: centers, y: counts.map((c) => c / xs.length), width,
      marker: { color: PALETTE[i % PALETTE.length], line: { width: 0 } }, opacity: 0.55, hovertemplate: `${label}<br>%{x:.3g}: %{y:.2%}<extra></extra>`,
    };
  });
  return {
    data,
    layout: {
      title: title(options.title ?? 'Distributions'), barmode: 'overlay', bargap: 0,
      xaxis: { title: title(options.xTitle ?? 'value') }, yaxis: { title: title('share of the sample'), tickformat: '.0%' },
      legend: { orientation: 'h', y: -0.2 }, height: 420,
    },
  };
}

/** F(x) = share of the sorted sample ≤ x. */
function ecdfAt(sorted: number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

/**
 * Empirical CDFs of several samples, each drawn as a step function at up to `maxPoints` of its
 * order statistics (evenly spaced in rank, ends included). With `ksLocation` (the
 * `details.statisticLocation` of `ksTwoSample`) and two samples, the Kolmogorov–Smirnov statistic —
 * the largest vertical gap between the two ECDFs — is drawn and labelled there, from the full samples.
 * @throws {InvalidArgumentError} on no samples, an empty or non-finite sample, maxPoints < 2, or
 *   `ksLocation` with other than two samples.
 */
export function ecdfFigure(samples: Record<string, ArrayLike<number>>, options: { ksLocation?: number; maxPoints?: number; xTitle?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  const checked = checkSamples('samples', samples).map(([label, xs]) => [label, [...xs].sort((a, b) => a - b)] as [string, number[]]);
  const maxPoints = options.maxPoints ?? 400;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new InvalidArgumentError('options.maxPoints', maxPoints, 'expected an integer >= 2');
  const data: object[] = checked.map(([label, sorted], i) => {
    const m = Math.min(maxPoints, sorted.length);
    const ranks = m === sorted.length ? sorted.map((_, r) => r) : Array.from({ length: m }, (_, k) => Math.round((k * (sorted.length - 1)) / (m - 1)));
    return {
      type: 'scatter', mode: 'lines', name: `${label} (n = ${sorted.length})`, x: [sorted[0], ...ranks.map((r) => sorted[r])], y: [0, ...ranks.map((r) => (r + 1) / sorted.length)],
      line: { shape: 'hv', color: PALETTE[i % PALETTE.length], width: 2 }, hovertemplate: `${label}<br>F(%{x:.3g}) = %{y:.3f}<extra></extra>`,
    };
  });
  const annotations: object[] = [];
  if (options.ksLocation !== undefined) {
    if (checked.length !== 2) throw new InvalidArgumentError('options.ksLocation', options.ksLocation, 'the KS gap needs exactly two samples');
    const x = options.ksLocation;
    const [fa, fb] = checked.map(([, sorted]) => ecdfAt(sorted, x));
    data.push({ type: 'scatter', mode: 'lines+markers', name: `KS D = ${Math.abs(fa - fb).toFixed(3)}`, x: [x, x], y: [fa, fb], line: { color: 'black', width: 2 }, marker: { size: 7, color: 'black' }, hovertemplate: `largest gap at x = ${x.toPrecision(4)}<extra></extra>` });
    annotations.push({ x, y: (fa + fb) / 2, text: ` D = ${Math.abs(fa - fb).toFixed(3)}`, showarrow: false, xanchor: 'left', font: { size: 13 } });
  }
  return {
    data,
    layout: {
      title: title(options.title ?? 'Empirical CDFs'), xaxis: { title: title(options.xTitle ?? 'value') }, yaxis: { title: title('share of the sample ≤ x'), range: [0, 1.02] },
      annotations, legend: { orientation: 'h', y: -0.2 }, height: 420,
    },
  };
}

/** Readable labels of PSI bins from their interior cut points: '< e₁', '[e₁, e₂)', …, '≥ e_k'. */
export function psiBinLabels(edges: readonly number[], digits = 3): string[] {
  if (!Array.isArray(edges) || edges.some((e) => typeof e !== 'number' || Number.isNaN(e))) throw new InvalidArgumentError('edges', edges, 'expected an array of bin edges');
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) throw new InvalidArgumentError('digits', digits, 'expected an integer in [1, 21]');
  if (edges.length === 0) return [];
  const f = (v: number) => String(Number(v.toPrecision(digits)));
  return [`< ${f(edges[0])}`, ...edges.slice(1).map((e, k) => `[${f(edges[k])}, ${f(e)})`), `≥ ${f(edges[edges.length - 1])}`];
}

/**
 * A population stability index per bin: the expected and actual proportions side by side (top) and
 * each bin's term (a − e)·ln(a/e) (bottom), whose sum is the PSI. Shows *where* the distribution
 * moved, not just how much.
 * @param psi the result of `populationStabilityIndex` (or `predictionDrift(...).psi`).
 * @param options.labels bin labels (default from `psi.edges`, else 'bin 1', 'bin 2', …).
 * @throws {InvalidArgumentError} when the result's arrays are empty or differ in length, or labels do not match.
 */
export function psiBinsFigure(psi: Pick<PsiResult, 'psi' | 'level' | 'edges' | 'expected' | 'actual' | 'contributions'>, options: { labels?: string[]; expectedName?: string; actualName?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  const k = psi?.expected?.length ?? 0;
  if (k === 0 || psi.actual?.length !== k || psi.contributions?.length !== k) {
    throw new InvalidArgumentError('psi', psi, 'expected a populationStabilityIndex result with expected, actual and contributions per bin');
  }
  const labels = options.labels ?? (psi.edges?.length === k - 1 ? psiBinLabels(psi.edges) : Array.from({ length: k }, (_, i) => `bin ${i + 1}`));
  if (labels.length !== k) throw new InvalidArgumentError('options.labels', labels, `expected ${k} labels, one per bin`);
  const expectedName = options.expectedName ?? 'expected', actualName = options.actualName ?? 'actual';
  return {
    data: [
      { type: 'bar', name: expectedName, x: labels, y: [...psi.expected], marker: { color: PALETTE[0] }, hovertemplate: `${expectedName}: %{y:.2%}<extra></extra>` },
      { type: 'bar', name: actualName, x: labels, y: [...psi.actual], marker: { color: PALETTE[1] }, hovertemplate: `${actualName}: %{y:.2%}<extra></extra>` },
      { type: 'bar', name: 'PSI term', x: labels, y: [...psi.contributions], xaxis: 'x2', yaxis: 'y2', marker: { color: PALETTE[3] }, showlegend: false, hovertemplate: '(a − e)·ln(a/e) = %{y:.4f}<extra></extra>' },
    ],
    layout: {
      title: title(options.title ?? `PSI = ${psi.psi.toFixed(3)} (${psi.level})`), barmode: 'group',
      xaxis: { anchor: 'y', showticklabels: false }, yaxis: { domain: [0.42, 1], title: title('share in bin'), tickformat: '.0%' },
      xaxis2: { anchor: 'y2', matches: 'x', title: title('bin (cut at the expected sample\'s quantiles)'), automargin: true }, yaxis2: { domain: [0, 0.32], title: title('PSI term'), rangemode: 'tozero' },
      legend: { orientation: 'h', y: 1.12 }, height: 520,
    },
  };
}
