/**
 * Plotly figure builders for sequential testing: false-positive rates under peeking, p-value paths,
 * group sequential boundaries and confidence-sequence bands. Each returns a plain {@link Figure}
 * (data + layout) for `show()`, a report, or further tweaking.
 */
import { assertOpenUnitInterval, checkOptions, toFiniteArray } from '../core/validate.js';
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { GroupSequentialBounds } from '../stats/sequential/groupSequential.js';
import { checkFigureOptions, PALETTE, requireRows, title } from './style.js';

/** Plotly cannot draw ±Infinity or NaN: they become gaps (null). */
const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

function requireSameLength(name: string, values: ArrayLike<number>, length: number): void {
  if (!values || values.length !== length) throw new InvalidArgumentError(name, values, `expected ${length} values, one per x`);
}

/**
 * Tick settings of a log axis: labels only at the given values when there are few (e.g. the peek
 * counts 1, 2, 5, 10 …), else only at powers of ten — never plotly's small minor digits ("2", "5")
 * squeezed between decades.
 */
function logTicks(values: number[]): Record<string, unknown> {
  const distinct = [...new Set(values.filter((v) => Number.isFinite(v) && v > 0))].sort((a, b) => a - b);
  return distinct.length > 0 && distinct.length <= 10 ? { tickmode: 'array', tickvals: distinct, ticktext: distinct.map(String) } : { dtick: 1 };
}

/**
 * The "α = …" label at the right end of the α line, in the figure's right margin (which is
 * widened for it), so it never sits on data, tick labels or the legend.
 */
function alphaLabel(alpha: number, y: number) {
  return { xref: 'paper', x: 1, xanchor: 'left', xshift: 6, y, yanchor: 'middle', text: `α = ${alpha}`, showarrow: false, font: { size: 12 } };
}
const ALPHA_LABEL_MARGIN = { r: 80 };

/** A horizontal dashed line across the plot at y. */
const horizontalLine = (y: number, color = 'gray') => ({ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: y, y1: y, line: { color, dash: 'dash', width: 1.5 } });

/** One point of a false-positive-rate (or power) curve, e.g. from `simulatePeeking`. */
export interface PeekingRateRow {
  /** Method or series name (one line each). */
  method: string;
  /** Number of peeks (x). */
  peeks: number;
  /** Rejection rate: the false-positive rate in A/A simulations, the power otherwise. */
  rate: number;
  /** Monte Carlo standard error of the rate; drawn as a ±1.96·SE error bar. */
  standardError?: number;
}

/**
 * Rejection rate against the number of peeks, one line per method, with the nominal α as a dashed
 * line: the picture of why naive peeking inflates false positives while sequential methods do not.
 * @throws {InvalidArgumentError} when there are no rows.
 * @example
 * const rows = [1, 5, 20].map((peeks) => {
 *   const r = simulatePeeking({ method: 'naive', nExperiments: 2000, nPerArm: 500, peeks });
 *   return { method: 'naive t-test', peeks, rate: r.falsePositiveRate, standardError: r.standardError };
 * });
 * show(peekingRateFigure(rows, { alpha: 0.05 }));
 */
export function peekingRateFigure(rows: PeekingRateRow[], options: { alpha?: number; logX?: boolean; yTitle?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('rows', rows);
  const methods = [...new Set(rows.map((r) => r.method))];
  const data = methods.map((method, i) => {
    const line = rows.filter((r) => r.method === method).sort((a, b) => a.peeks - b.peeks);
    const hasErrors = line.some((r) => r.standardError !== undefined);
    return {
      type: 'scatter', mode: 'lines+markers', name: method, x: line.map((r) => r.peeks), y: line.map((r) => r.rate),
      line: { color: PALETTE[i % PALETTE.length] }, marker: { size: 7 },
      ...(hasErrors ? { error_y: { type: 'data', array: line.map((r) => 1.96 * (r.standardError ?? 0)), visible: true, thickness: 1 } } : {}),
      hovertemplate: `${method}<br>%{x} peeks: %{y:.3f}<extra></extra>`,
    };
  });
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  return {
    data,
    layout: {
      title: title(options.title ?? 'False-positive rate when peeking'),
      xaxis: { title: title('number of peeks'), ...(options.logX === false ? { type: 'linear' } : { type: 'log', ...logTicks(rows.map((r) => r.peeks)) }) },
      yaxis: { title: title(options.yTitle ?? 'share of A/A tests declared significant'), rangemode: 'tozero' },
      shapes: [horizontalLine(alpha, 'black')],
      annotations: [alphaLabel(alpha, alpha)],
      margin: ALPHA_LABEL_MARGIN, legend: { orientation: 'h', y: -0.2 }, height: 440,
    },
  };
}

/** One p-value path: the p-values seen at successive peeks. */
export interface PValuePath {
  name: string;
  /** Sample size (per arm) or time of each peek. */
  x: ArrayLike<number>;
  pValues: ArrayLike<number>;
}

/**
 * p-values over successive peeks, one line per path, with α as a dashed line and (optionally) the
 * first crossing of each path marked. A log y axis (default) makes small p-values readable.
 * @throws {InvalidArgumentError} when there are no paths or a path's arrays differ in length.
 */
export function pValuePathFigure(paths: PValuePath[], options: { alpha?: number; logY?: boolean; markCrossings?: boolean; xTitle?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('paths', paths);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnitInterval('options.alpha', alpha);
  const data: object[] = [];
  paths.forEach((path, i) => {
    requireSameLength(`paths[${i}].pValues`, path.pValues, path.x.length);
    const color = PALETTE[i % PALETTE.length];
    const x = Array.from(path.x), p = Array.from(path.pValues);
    data.push({ type: 'scatter', mode: 'lines', name: path.name, x, y: p.map(finiteOrNull), line: { color, width: 2 }, hovertemplate: `${path.name}<br>n = %{x}: p = %{y:.4g}<extra></extra>` });
    const first = p.findIndex((value) => value <= alpha);
    if (options.markCrossings !== false && first >= 0) {
      data.push({ type: 'scatter', mode: 'markers', name: `${path.name}: first p ≤ α`, x: [x[first]], y: [p[first]], marker: { color, size: 12, symbol: 'x' }, showlegend: false, hovertemplate: `first p ≤ α at n = %{x}<extra></extra>` });
    }
  });
  // α as a trace rather than a shape: plotly autoranges a log axis over shape coordinates as if they
  // were data, so a shape at log10(α) would stretch the axis down to ~1e-300.
  const xs = paths.flatMap((path) => Array.from(path.x)).filter(Number.isFinite);
  data.push({ type: 'scatter', mode: 'lines', name: `α = ${alpha}`, x: [Math.min(...xs), Math.max(...xs)], y: [alpha, alpha], line: { color: 'black', dash: 'dash', width: 1.5 }, showlegend: false, hoverinfo: 'skip' });
  return {
    data,
    layout: {
      title: title(options.title ?? 'p-value at each peek'), xaxis: { title: title(options.xTitle ?? 'sample size per arm') },
      // p-values span decades: labels at powers of ten only.
      yaxis: { title: title('p-value'), ...(options.logY === false ? { type: 'linear' } : { type: 'log', dtick: 1, exponentformat: 'power' }) },
      // Annotations on a log axis take log10 coordinates.
      annotations: [alphaLabel(alpha, options.logY === false ? alpha : Math.log10(alpha))],
      margin: ALPHA_LABEL_MARGIN, legend: { orientation: 'h', y: -0.2 }, height: 440,
    },
  };
}

/** A group sequential design to draw, under a legend name. */
export interface NamedBounds {
  name: string;
  bounds: GroupSequentialBounds;
}

/**
 * Efficacy boundaries z = b_k of one or more group sequential designs against the look's
 * information fraction (two-sided designs also get the mirrored −b_k), plus an optional observed
 * Z path: the test stops at the first look where the path leaves the region between the lines.
 * @throws {InvalidArgumentError} when there are no designs, or the Z path is longer than a design.
 */
export function groupSequentialBoundsFigure(designs: NamedBounds[], options: { zPath?: { name?: string; z: ArrayLike<number> }; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('designs', designs);
  const data: object[] = [];
  designs.forEach(({ name, bounds }, i) => {
    if (!bounds || !Array.isArray(bounds.looks) || bounds.looks.length === 0) throw new InvalidArgumentError(`designs[${i}].bounds`, bounds, 'expected the result of groupSequentialBounds');
    const color = PALETTE[i % PALETTE.length];
    const x = bounds.looks.map((l) => l.informationFraction);
    const b = bounds.looks.map((l) => finiteOrNull(l.zBoundary));
    const hover = bounds.looks.map((l) => `look ${l.look}: |z| ≥ ${l.zBoundary.toFixed(3)}, nominal p ${l.nominalPValue.toPrecision(3)} per side`);
    data.push({ type: 'scatter', mode: 'lines+markers', name, legendgroup: name, x, y: b, text: hover, line: { color, width: 2 }, marker: { size: 8 }, hovertemplate: `${name}<br>%{text}<extra></extra>` });
    if (bounds.sides === 2) {
      data.push({ type: 'scatter', mode: 'lines+markers', name: `${name} (lower)`, legendgroup: name, showlegend: false, x, y: b.map((v) => (v === null ? null : -v)), text: hover, line: { color, width: 2 }, marker: { size: 8 }, hovertemplate: `${name}<br>%{text}<extra></extra>` });
    }
  });
  if (options.zPath !== undefined) {
    if (typeof options.zPath !== 'object' || options.zPath === null || Array.isArray(options.zPath)) throw new InvalidArgumentError('options.zPath', options.zPath, 'expected { name?, z }');
    if (options.zPath.name !== undefined && typeof options.zPath.name !== 'string') throw new InvalidArgumentError('options.zPath.name', options.zPath.name, 'expected a string');
    const z = toFiniteArray('options.zPath.z', options.zPath.z, 0);
    const looks = designs[0].bounds.looks;
    if (z.length > looks.length) throw new InvalidArgumentError('options.zPath.z', options.zPath.z, `expected at most ${looks.length} statistics, one per look`);
    data.push({
      type: 'scatter', mode: 'lines+markers', name: options.zPath.name ?? 'observed Z', x: looks.slice(0, z.length).map((l) => l.informationFraction), y: z,
      line: { color: 'black', dash: 'dot', width: 2 }, marker: { size: 9, symbol: 'diamond' }, hovertemplate: 'Z = %{y:.3f}<extra></extra>',
    });
  }
  return {
    data,
    layout: {
      title: title(options.title ?? 'Group sequential efficacy boundaries'), xaxis: { title: title('information fraction (n / n_max)'), range: [0, 1.05] },
      yaxis: { title: title('z boundary'), zeroline: true }, legend: { orientation: 'h', y: -0.2 }, height: 460,
    },
  };
}

/** One interval series over time: a confidence sequence, or fixed-horizon intervals for comparison. */
export interface IntervalBand {
  name: string;
  /** Sample size (per arm) or time. */
  x: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  /** Point estimate at each x (drawn as a line when given). */
  estimate?: ArrayLike<number>;
}

/**
 * Interval bands over time, e.g. an always-valid confidence sequence next to the fixed-horizon
 * confidence intervals recomputed at every peek; with dashed lines at the null value (default 0)
 * and, in simulations, the true effect. Infinite bounds are left as gaps. Early intervals can be
 * very wide; `yRange` fixes the y axis so the later, narrower ones stay readable.
 * @throws {InvalidArgumentError} when there are no bands or a band's arrays differ in length.
 */
export function intervalBandsFigure(bands: IntervalBand[], options: { nullValue?: number | null; trueValue?: number; yRange?: [number, number]; xTitle?: string; yTitle?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireRows('bands', bands);
  const data: object[] = [];
  bands.forEach((band, i) => {
    const n = band.x.length;
    requireSameLength(`bands[${i}].lower`, band.lower, n);
    requireSameLength(`bands[${i}].upper`, band.upper, n);
    if (band.estimate) requireSameLength(`bands[${i}].estimate`, band.estimate, n);
    const color = PALETTE[i % PALETTE.length];
    const fill = hexToRgba(color, 0.18);
    const x = Array.from(band.x);
    data.push({ type: 'scatter', mode: 'lines', name: `${band.name} lower`, legendgroup: band.name, showlegend: false, x, y: Array.from(band.lower, finiteOrNull), line: { color, width: 1.5 }, hovertemplate: `${band.name}<br>n = %{x}: lower %{y:.4g}<extra></extra>` });
    data.push({ type: 'scatter', mode: 'lines', name: band.name, legendgroup: band.name, x, y: Array.from(band.upper, finiteOrNull), fill: 'tonexty', fillcolor: fill, line: { color, width: 1.5 }, hovertemplate: `${band.name}<br>n = %{x}: upper %{y:.4g}<extra></extra>` });
    if (band.estimate) {
      data.push({ type: 'scatter', mode: 'lines', name: `${band.name} estimate`, legendgroup: band.name, showlegend: false, x, y: Array.from(band.estimate, finiteOrNull), line: { color, width: 1, dash: 'dot' }, hovertemplate: `estimate %{y:.4g}<extra></extra>` });
    }
  });
  const shapes: object[] = [];
  const annotations: object[] = [];
  const nullValue = options.nullValue === undefined ? 0 : options.nullValue;
  if (nullValue !== null && !(typeof nullValue === 'number' && Number.isFinite(nullValue))) throw new InvalidArgumentError('options.nullValue', nullValue, 'expected a finite number or null');
  if (nullValue !== null) shapes.push(horizontalLine(nullValue, 'black'));
  if (options.trueValue !== undefined) {
    shapes.push(horizontalLine(options.trueValue, PALETTE[3]));
    annotations.push({ xref: 'paper', x: 1, y: options.trueValue, text: 'true effect', showarrow: false, xanchor: 'right', yanchor: 'bottom', font: { color: PALETTE[3], size: 12 } });
  }
  return {
    data,
    layout: {
      title: title(options.title ?? 'Confidence intervals over time'), xaxis: { title: title(options.xTitle ?? 'sample size per arm') },
      yaxis: { title: title(options.yTitle ?? 'difference b − a'), ...(options.yRange ? { range: [...options.yRange] } : {}) }, shapes, annotations, legend: { orientation: 'h', y: -0.2 }, height: 460,
    },
  };
}

/** '#rrggbb' → 'rgba(r, g, b, alpha)'. */
function hexToRgba(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}
