/**
 * Plotly figure builders for Bayesian A/B analysis: posterior (or prior) densities of each arm,
 * the expected-loss path of a running test against a threshold of caring, and P(best) of k arms.
 * Each returns a plain {@link Figure} (data + layout) for `show()`, a report, or further tweaking.
 */
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import { assertWorkSize, checkConfidenceLevel } from '../core/validate.js';
import type { Posterior } from '../stats/bayesian/posterior.js';
import { checkFigureOptions, PALETTE, requireRows, title, translucent } from './style.js';

/** One curve of {@link posteriorDensityFigure}. */
export interface NamedPosterior {
  name: string;
  /** A posterior from `betaBinomialPosterior` or `gaussianPosterior` (a prior is a posterior of no data). */
  posterior: Posterior;
}

export interface PosteriorDensityOptions {
  /** Shade each curve's equal-tailed credible interval at this level (default 0.95); `false` for none. */
  credibleLevel?: number | false;
  /** x range; default: from the smallest 0.0005 quantile to the largest 0.9995 quantile of all curves. */
  xRange?: [number, number];
  /** Grid points per curve (default 400). */
  points?: number;
  /** Dashed curves (e.g. priors), drawn with the same colours by position. */
  dashed?: boolean;
  xTitle?: string;
  title?: string;
  height?: number;
}

/**
 * Densities of several posteriors on one axis (e.g. the conversion rate of model A and model B),
 * each with its mean as a dotted vertical line and, by default, its 95% credible interval shaded
 * under the curve. Densities are evaluated exactly with `posterior.pdf` on a common grid; where a
 * density is infinite (a Beta with α < 1 or β < 1 at 0 or 1) the point is left out.
 *
 * @throws {InvalidArgumentError} when there is nothing to plot, `points` < 10, or a bad range/level.
 * @example
 * const a = betaBinomialPosterior({ successes: 100, trials: 1000 });
 * const b = betaBinomialPosterior({ successes: 130, trials: 1000 });
 * show(posteriorDensityFigure([{ name: 'A', posterior: a }, { name: 'B', posterior: b }], { xTitle: 'conversion rate' }));
 */
export function posteriorDensityFigure(curves: NamedPosterior[], options: PosteriorDensityOptions = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('curves', curves);
  curves.forEach((c, i) => {
    if (!c || typeof c.posterior?.pdf !== 'function') throw new InvalidArgumentError(`curves[${i}].posterior`, c?.posterior, 'expected a posterior');
  });
  const points = options.points ?? 400;
  assertWorkSize('options.points', points, 10, 100_000);
  if (options.xRange !== undefined && !(Array.isArray(options.xRange) && options.xRange.length === 2)) throw new InvalidArgumentError('options.xRange', options.xRange, 'expected [lower, upper]');
  const level = options.credibleLevel === false ? null : checkConfidenceLevel(options.credibleLevel, 'options.credibleLevel');
  let [lo, hi] = options.xRange ?? [
    Math.min(...curves.map((c) => c.posterior.quantile(0.0005))),
    Math.max(...curves.map((c) => c.posterior.quantile(0.9995))),
  ];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new InvalidArgumentError('options.xRange', [lo, hi], 'expected finite lower < upper');
  if (!options.xRange) {
    const pad = 0.02 * (hi - lo);
    const beta = curves.every((c) => c.posterior.kind === 'beta');
    lo = beta ? Math.max(0, lo - pad) : lo - pad;
    hi = beta ? Math.min(1, hi + pad) : hi + pad;
  }
  const grid = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const data: object[] = [];
  const shapes: object[] = [];
  curves.forEach(({ name, posterior }, i) => {
    const color = PALETTE[i % PALETTE.length];
    const density = grid.map((x) => posterior.pdf(x));
    const finite = (y: number) => (Number.isFinite(y) ? y : null);
    data.push({
      type: 'scatter', mode: 'lines', name, legendgroup: name, x: grid, y: density.map(finite),
      line: { color, width: 2.5, dash: options.dashed ? 'dash' : 'solid' },
      hovertemplate: `${name}<br>x = %{x:.4g}<br>density %{y:.3g}<extra></extra>`,
    });
    if (level !== null) {
      const ci = posterior.credibleInterval(level);
      const inside = grid.map((x, j) => (x >= ci.lower && x <= ci.upper ? finite(density[j]) : null));
      data.push({
        type: 'scatter', mode: 'none', name: `${name}: ${Math.round(level * 100)}% credible interval`, legendgroup: name, showlegend: false,
        x: grid, y: inside, fill: 'tozeroy', fillcolor: translucent(color, 0.18), hoverinfo: 'skip',
      });
    }
    shapes.push({ type: 'line', x0: posterior.mean, x1: posterior.mean, yref: 'paper', y0: 0, y1: 1, line: { color, dash: 'dot', width: 1.5 } });
  });
  const shaded = level === null ? '' : ` (shaded: ${Math.round(level * 100)}% credible intervals; dotted: means)`;
  return {
    data,
    layout: {
      title: title(options.title ?? `Posterior densities${shaded}`),
      xaxis: { title: title(options.xTitle ?? 'metric'), range: [lo, hi] },
      yaxis: { title: title('density'), rangemode: 'tozero' },
      shapes, legend: { orientation: 'h', y: -0.2 }, height: options.height ?? 420,
    },
  };
}

/** Expected losses of a running test after `n` units per arm (e.g. from `expectedLoss`). */
export interface ExpectedLossRow {
  n: number;
  /** Expected loss of keeping A: E[max(θ_B − θ_A, 0)]. */
  chooseA: number;
  /** Expected loss of shipping B: E[max(θ_A − θ_B, 0)]. */
  chooseB: number;
}

/**
 * Expected loss of keeping A and of shipping B as data accumulate, on a log y axis, with the
 * threshold of caring as a dashed line and the first n where shipping B falls below it marked.
 * Losses of exactly 0 (beyond double precision) are drawn as gaps on the log axis.
 *
 * @throws {InvalidArgumentError} when there are no rows or the threshold is not > 0.
 * @example
 * const rows = looks.map(({ n, a, b }) => ({ n, ...expectedLoss(betaBinomialPosterior(a), betaBinomialPosterior(b)) }));
 * show(expectedLossPathFigure(rows, { threshold: 0.001 }));
 */
export function expectedLossPathFigure(rows: ExpectedLossRow[], options: { threshold?: number; labelA?: string; labelB?: string; xTitle?: string; yTitle?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('rows', rows);
  const sorted = [...rows].sort((a, b) => a.n - b.n);
  const positive = (v: number) => (v > 0 && Number.isFinite(v) ? v : null);
  const labelA = options.labelA ?? 'keep A', labelB = options.labelB ?? 'ship B';
  const x = sorted.map((r) => r.n);
  const data: object[] = [
    { type: 'scatter', mode: 'lines+markers', name: `expected loss: ${labelA}`, x, y: sorted.map((r) => positive(r.chooseA)), line: { color: PALETTE[0] }, marker: { size: 5 } },
    { type: 'scatter', mode: 'lines+markers', name: `expected loss: ${labelB}`, x, y: sorted.map((r) => positive(r.chooseB)), line: { color: PALETTE[1] }, marker: { size: 5 } },
  ];
  const annotations: object[] = [];
  if (options.threshold !== undefined) {
    const threshold = options.threshold;
    if (!(threshold > 0 && Number.isFinite(threshold))) throw new InvalidArgumentError('options.threshold', threshold, 'expected a number > 0');
    // A data trace, not a shape: shapes in data units would not enter the log axis' autorange.
    data.push({ type: 'scatter', mode: 'lines', name: `threshold of caring ${threshold}`, x: [x[0], x[x.length - 1]], y: [threshold, threshold], line: { color: 'black', dash: 'dash', width: 1.5 }, hoverinfo: 'skip' });
    const first = sorted.find((r) => r.chooseB < threshold);
    if (first) {
      data.push({ type: 'scatter', mode: 'markers', name: `${labelB} first below threshold (n = ${first.n})`, x: [first.n], y: [positive(first.chooseB) ?? threshold], marker: { size: 13, symbol: 'star', color: PALETTE[3] } });
    }
  }
  return {
    data,
    layout: {
      title: title(options.title ?? 'Expected loss of each decision as data accumulate'),
      xaxis: { title: title(options.xTitle ?? 'units per arm') },
      yaxis: { title: title(options.yTitle ?? 'expected loss (metric units)'), type: 'log', exponentformat: 'power' },
      annotations, legend: { orientation: 'h', y: -0.2 }, height: 440,
    },
  };
}

/**
 * P(arm is best) for k arms (e.g. from `probabilityBest`) as a bar chart, each bar labelled with
 * its percentage, optionally with the decision threshold (e.g. 0.95) as a dashed line.
 * @throws {InvalidArgumentError} when names and probabilities differ in length or are empty.
 * @example
 * show(probabilityBestFigure(['A', 'B', 'C'], probabilityBest([a, b, c], { seed: 1 }), { threshold: 0.95 }));
 */
export function probabilityBestFigure(names: string[], probabilities: ArrayLike<number>, options: { threshold?: number; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('names', names, 'any');
  if (!probabilities || probabilities.length !== names.length) {
    throw new InvalidArgumentError('probabilities', probabilities, `expected ${names.length} probabilities, one per name`);
  }
  const p = Array.from(probabilities);
  const shapes = options.threshold === undefined ? [] : [
    { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: options.threshold, y1: options.threshold, line: { color: 'black', dash: 'dash', width: 1.5 } },
  ];
  return {
    data: [{
      type: 'bar', x: names, y: p, marker: { color: names.map((_, i) => PALETTE[i % PALETTE.length]) },
      text: p.map((v) => `${(100 * v).toFixed(1)}%`), textposition: p.map((v) => (v > 0.8 ? 'inside' : 'outside')), cliponaxis: false,
      insidetextanchor: 'middle', insidetextfont: { color: 'white' },
      hovertemplate: '%{x}: P(best) = %{y:.4f}<extra></extra>',
    }],
    layout: { title: title(options.title ?? 'Posterior probability that each arm is best'), yaxis: { title: title('P(best)'), range: [0, 1.1] }, shapes, showlegend: false, height: 380 },
  };
}
