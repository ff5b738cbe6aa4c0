/**
 * Plotly figure builders for multi-armed bandits: cumulative-regret curves of several policies
 * (with a band across simulated runs), pulls per arm, and the allocation probabilities a policy's
 * `weights()` would give a traffic splitter over time. Each returns a plain {@link Figure}.
 */
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import { linearQuantile } from '../stats/core/quantile.js';
import { checkFigureOptions, PALETTE, requireRows, title, translucent } from './style.js';

/** Step indices (0-based) kept when thinning a curve of `length` points to at most `maxPoints`; the last is always kept. */
function thinnedSteps(length: number, maxPoints: number): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const stride = (length - 1) / (maxPoints - 1);
  const steps = Array.from({ length: maxPoints }, (_, i) => Math.round(i * stride));
  return [...new Set(steps)];
}

/** One policy's regret: its mean curve, the individual runs, or both. */
export interface RegretSeries {
  name: string;
  /** Mean cumulative regret after each step (e.g. `simulateBandit(...).cumulativeRegret`). */
  mean?: ArrayLike<number>;
  /**
   * Cumulative regret of individual runs (e.g. `simulateBandit({ ..., nRuns: 1, seed })` for several
   * seeds), all of the same length: they give the band, and the mean when `mean` is not given.
   */
  runs?: ArrayLike<number>[];
}

export interface RegretCurvesOptions {
  /** Quantiles of the runs drawn as a band (default [0.1, 0.9]); `false` for none. */
  band?: [number, number] | false;
  /** Points per curve after thinning long horizons (default 300), which keeps reports small. */
  maxPoints?: number;
  xTitle?: string;
  yTitle?: string;
  title?: string;
}

/**
 * Cumulative regret against the step, one line per policy (its mean over runs), each with a
 * translucent band between quantiles of the individual runs when `runs` are given. Step t on the x
 * axis is the regret after t units of traffic (1-based). Curves are thinned to `maxPoints` evenly
 * spaced steps, always keeping the last.
 *
 * @throws {InvalidArgumentError} for no series, a series with neither mean nor runs, curves of
 *   different lengths within a series, or band quantiles not in [0, 1] with lower < upper.
 * @example
 * const series = ['thompson', 'ucb1', 'fixedSplit'].map((policy) => ({
 *   name: policy,
 *   runs: [1, 2, 3, 4, 5].map((seed) => simulateBandit({ policy, armMeans: [0.1, 0.12], horizon: 5000, nRuns: 1, seed }).cumulativeRegret),
 * }));
 * show(regretCurvesFigure(series));
 */
export function regretCurvesFigure(series: RegretSeries[], options: RegretCurvesOptions = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('series', series);
  const band = options.band ?? [0.1, 0.9];
  if (band !== false && !(band[0] >= 0 && band[1] <= 1 && band[0] < band[1])) {
    throw new InvalidArgumentError('options.band', band, 'expected [lower, upper] quantiles with 0 ≤ lower < upper ≤ 1');
  }
  const maxPoints = options.maxPoints ?? 300;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new InvalidArgumentError('options.maxPoints', maxPoints, 'expected an integer ≥ 2');
  const data: object[] = [];
  series.forEach((s, i) => {
    const runs = s.runs ?? [];
    const length = s.mean?.length ?? runs[0]?.length;
    if (!length) throw new InvalidArgumentError(`series[${i}]`, s?.name, 'expected a non-empty mean curve or runs');
    runs.forEach((run, r) => {
      if (run.length !== length) throw new InvalidArgumentError(`series[${i}].runs[${r}]`, run.length, `expected ${length} steps like the rest of the series`);
    });
    const steps = thinnedSteps(length, maxPoints);
    const x = steps.map((t) => t + 1);
    const color = PALETTE[i % PALETTE.length];
    const mean = steps.map((t) => (s.mean ? s.mean[t] : runs.reduce((sum, run) => sum + run[t], 0) / runs.length));
    if (band !== false && runs.length >= 2) {
      const lower: number[] = [], upper: number[] = [];
      for (const t of steps) {
        const values = runs.map((run) => run[t]).sort((a, b) => a - b);
        lower.push(linearQuantile(values, band[0]));
        upper.push(linearQuantile(values, band[1]));
      }
      const label = `${Math.round(band[0] * 100)}–${Math.round(band[1] * 100)}% of runs`;
      data.push({ type: 'scatter', mode: 'lines', x, y: lower, line: { width: 0, color }, legendgroup: s.name, showlegend: false, hoverinfo: 'skip' });
      data.push({
        type: 'scatter', mode: 'lines', x, y: upper, fill: 'tonexty', fillcolor: translucent(color, 0.15), line: { width: 0, color },
        name: `${s.name} (${label})`, legendgroup: s.name, showlegend: false, hoverinfo: 'skip',
      });
    }
    data.push({
      type: 'scatter', mode: 'lines', name: s.name, legendgroup: s.name, x, y: mean, line: { color, width: 2.5 },
      hovertemplate: `${s.name}<br>step %{x}: regret %{y:.1f}<extra></extra>`,
    });
  });
  const bandNote = band !== false && series.some((s) => (s.runs?.length ?? 0) >= 2)
    ? ` (lines: mean; bands: ${Math.round(band[0] * 100)}–${Math.round(band[1] * 100)}% of runs)` : '';
  return {
    data,
    layout: {
      title: title(options.title ?? `Cumulative regret${bandNote}`),
      xaxis: { title: title(options.xTitle ?? 'step (units of traffic)') },
      yaxis: { title: title(options.yTitle ?? 'cumulative regret (expected conversions lost)'), rangemode: 'tozero' },
      legend: { orientation: 'h', y: -0.2 }, height: 460,
    },
  };
}

/**
 * Mean pulls per arm for several policies as grouped bars (one group per policy, one colour per
 * arm), e.g. from `simulateBandit(...).pullsPerArm`; hover shows the share of traffic.
 * @throws {InvalidArgumentError} for no rows or rows with different numbers of arms.
 * @example
 * show(pullsPerArmFigure([{ policy: 'thompson', pulls: sim.pullsPerArm }], { armNames: ['A', 'B'] }));
 */
export function pullsPerArmFigure(rows: { policy: string; pulls: ArrayLike<number> }[], options: { armNames?: string[]; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('rows', rows);
  const k = rows[0].pulls?.length;
  rows.forEach((r, i) => {
    if (!r.pulls || r.pulls.length !== k) throw new InvalidArgumentError(`rows[${i}].pulls`, r.pulls, `expected ${k} arms like rows[0]`);
  });
  const armNames = options.armNames ?? Array.from({ length: k }, (_, j) => `arm ${j}`);
  if (armNames.length !== k) throw new InvalidArgumentError('options.armNames', armNames, `expected ${k} names`);
  const totals = rows.map((r) => Array.from(r.pulls).reduce((a, b) => a + b, 0));
  const data = armNames.map((arm, j) => ({
    type: 'bar', name: arm, x: rows.map((r) => r.policy), y: rows.map((r) => r.pulls[j]), marker: { color: PALETTE[j % PALETTE.length] },
    customdata: rows.map((r, i) => (totals[i] > 0 ? r.pulls[j] / totals[i] : 0)),
    hovertemplate: `${arm}<br>%{x}: %{y:.0f} pulls (%{customdata:.1%})<extra></extra>`,
  }));
  return {
    data,
    layout: { title: title(options.title ?? 'Mean pulls per arm'), barmode: 'group', yaxis: { title: title('pulls per run') }, legend: { orientation: 'h', y: -0.15 }, height: 400 },
  };
}

/**
 * Allocation probabilities over time as stacked areas: at each recorded step, the share of traffic
 * each arm would get (e.g. a policy's `weights()`, what a traffic splitter would be configured
 * with). Each row of `weights` must have one entry per arm.
 * @throws {InvalidArgumentError} for mismatched lengths or no data.
 * @example
 * show(allocationFigure(steps, weightsAtSteps, { armNames: ['A', 'B', 'C'] }));
 */
export function allocationFigure(steps: number[], weights: ArrayLike<number>[], options: { armNames?: string[]; xTitle?: string; title?: string; trueBest?: number } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('steps', steps, 'any');
  if (!Array.isArray(weights) || weights.length !== steps.length) {
    throw new InvalidArgumentError('weights', weights, `expected ${steps.length} weight vectors, one per step`);
  }
  const k = weights[0]?.length;
  weights.forEach((w, i) => {
    if (!w || w.length !== k) throw new InvalidArgumentError(`weights[${i}]`, w, `expected ${k} weights like weights[0]`);
  });
  const armNames = options.armNames ?? Array.from({ length: k }, (_, j) => `arm ${j}`);
  if (armNames.length !== k) throw new InvalidArgumentError('options.armNames', armNames, `expected ${k} names`);
  const data = armNames.map((arm, j) => ({
    type: 'scatter', mode: 'lines', name: options.trueBest === j ? `${arm} (truly best)` : arm, x: steps, y: weights.map((w) => w[j]),
    stackgroup: 'allocation', line: { width: 0.5, color: PALETTE[j % PALETTE.length] },
    hovertemplate: `${arm}<br>step %{x}: %{y:.1%}<extra></extra>`,
  }));
  return {
    data,
    layout: {
      title: title(options.title ?? 'Traffic allocation over time'),
      xaxis: { title: title(options.xTitle ?? 'step (units of traffic)') },
      yaxis: { title: title('share of traffic'), range: [0, 1], tickformat: '.0%' },
      legend: { orientation: 'h', y: -0.2 }, height: 420,
    },
  };
}
