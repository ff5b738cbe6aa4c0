/**
 * Plotly figure builders for the analysis of an online A/B test: estimates with confidence
 * intervals over time or cohorts, one series per arm (daily conversion per arm) or one series of
 * lifts (lift by days since first exposure, against the null and a reference value). Each returns
 * a plain {@link Figure} (data + layout) for `show()` or a report.
 */
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import { checkFigureOptions, PALETTE, title } from './style.js';

/** One series of estimates, optionally with interval bounds, at numeric x positions (days, cohorts). */
export interface IntervalSeries {
  name: string;
  x: ArrayLike<number>;
  estimate: ArrayLike<number>;
  /** Lower and upper interval bounds, both or neither; an infinite bound draws no bar on its side. */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

/** A horizontal reference line (e.g. 0 for "no effect", or the true or expected effect); a labelled one appears in the legend. */
export interface ReferenceLine {
  y: number;
  label?: string;
  color?: string;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
}

/** Options of {@link intervalSeriesFigure}. */
export interface IntervalSeriesOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Tick labels for x positions (e.g. { 7: '7+' }); other positions keep their number. */
  xLabels?: Record<number, string>;
  /** Horizontal offset between series, in x units, so that overlapping intervals stay readable. Default 0.12 with several series, else 0. */
  dodge?: number;
  /** Horizontal reference lines. */
  referenceLines?: ReferenceLine[];
  /** Shaded x ranges (weekends, an incident...), each with an optional label. */
  shadedRanges?: { from: number; to: number; label?: string }[];
  /** Plotly tick format of the y axis, e.g. '.0%' for proportions or lifts. */
  yTickFormat?: string;
  height?: number;
}

function checkNumbers(name: string, values: ArrayLike<number> | undefined, length: number): number[] {
  const xs = Array.from(values ?? []);
  if (xs.length !== length) throw new InvalidArgumentError(name, values, `expected ${length} values, one per x`);
  if (xs.some((v) => typeof v !== 'number' || Number.isNaN(v))) throw new InvalidArgumentError(name, values, 'expected numbers');
  return xs;
}

/**
 * Estimates with confidence intervals at numeric x positions: one series per arm (a metric per day
 * per arm) or one series of differences (a lift per cohort), drawn as lines with markers and
 * vertical error bars. Several series are dodged sideways by `dodge` so their bars do not hide each
 * other (hover shows the true x). Optional horizontal reference lines across the plot (null value,
 * true effect; labelled ones in the legend), shaded x ranges (weekends) and custom x tick labels.
 * @throws {InvalidArgumentError} when there is no series, a series is empty, its arrays differ in
 *   length, only one of `lower`/`upper` is given, or x or an estimate is not finite.
 * @example
 * show(intervalSeriesFigure([
 *   { name: 'A', x: [1, 2, 3], estimate: [0.10, 0.12, 0.11], lower: [0.08, 0.10, 0.09], upper: [0.12, 0.14, 0.13] },
 *   { name: 'B', x: [1, 2, 3], estimate: [0.12, 0.13, 0.12], lower: [0.10, 0.11, 0.10], upper: [0.14, 0.15, 0.14] },
 * ], { yTitle: 'conversion', yTickFormat: '.0%', shadedRanges: [{ from: 2.5, to: 3.5, label: 'weekend' }] }));
 */
export function intervalSeriesFigure(series: IntervalSeries[], options: IntervalSeriesOptions = {}): Figure {
  options = checkFigureOptions(options);
  if (!Array.isArray(series) || series.length === 0) throw new InvalidArgumentError('series', series, 'expected at least one series');
  const dodge = options.dodge ?? (series.length > 1 ? 0.12 : 0);
  if (typeof dodge !== 'number' || !Number.isFinite(dodge) || dodge < 0) throw new InvalidArgumentError('options.dodge', dodge, 'expected a number >= 0');
  const allX = new Set<number>();
  const data: object[] = series.map((s, i) => {
    const n = s?.x?.length ?? 0;
    if (n === 0) throw new InvalidArgumentError(`series[${i}].x`, s?.x, 'expected at least one point');
    const x = checkNumbers(`series[${i}].x`, s.x, n);
    if (x.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(`series[${i}].x`, s.x, 'expected finite numbers');
    const estimate = checkNumbers(`series[${i}].estimate`, s.estimate, n);
    if (estimate.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(`series[${i}].estimate`, s.estimate, 'expected finite numbers');
    if ((s.lower === undefined) !== (s.upper === undefined)) throw new InvalidArgumentError(`series[${i}]`, s.name, 'give both lower and upper, or neither');
    x.forEach((v) => allX.add(v));
    const shift = (i - (series.length - 1) / 2) * dodge;
    const color = PALETTE[i % PALETTE.length];
    const trace: Record<string, unknown> = {
      type: 'scatter', mode: 'lines+markers', name: s.name, x: x.map((v) => v + shift), y: estimate, customdata: x,
      line: { color, width: 2 }, marker: { color, size: 8 },
      hovertemplate: `${s.name}<br>x = %{customdata}: %{y:.4g}<extra></extra>`,
    };
    if (s.lower !== undefined && s.upper !== undefined) {
      const lower = checkNumbers(`series[${i}].lower`, s.lower, n);
      const upper = checkNumbers(`series[${i}].upper`, s.upper, n);
      // An infinite bound (a one-sided interval) gets no bar on that side (null), which keeps the axis range usable.
      trace.error_y = {
        type: 'data', symmetric: false, color, thickness: 1.5, width: 4,
        array: upper.map((u, k) => (Number.isFinite(u) ? u - estimate[k] : null)),
        arrayminus: lower.map((l, k) => (Number.isFinite(l) ? estimate[k] - l : null)),
      };
      trace.text = lower.map((l, k) => `[${l.toPrecision(3)}, ${upper[k].toPrecision(3)}]`);
      trace.hovertemplate = `${s.name}<br>x = %{customdata}: %{y:.4g} %{text}<extra></extra>`;
    }
    return trace;
  });
  const ticks = [...allX].sort((a, b) => a - b);
  const margin = ticks.length > 1 ? 0.5 * Math.min(...ticks.slice(1).map((v, k) => v - ticks[k])) : 0.5;
  const xRange = [ticks[0] - margin, ticks[ticks.length - 1] + margin];
  const shapes: object[] = [];
  const annotations: object[] = [];
  // Reference lines are traces across the x range (not shapes), so their labels go in the legend instead of over the data.
  for (const key of ['referenceLines', 'shadedRanges'] as const) {
    if (options[key] !== undefined && !Array.isArray(options[key])) throw new InvalidArgumentError(`options.${key}`, options[key], 'expected an array');
  }
  for (const line of options.referenceLines ?? []) {
    if (typeof line?.y !== 'number' || !Number.isFinite(line.y)) throw new InvalidArgumentError('options.referenceLines', line, 'expected {y: finite number}');
    data.push({
      type: 'scatter', mode: 'lines', name: line.label ?? `y = ${line.y}`, showlegend: line.label !== undefined, x: xRange, y: [line.y, line.y],
      line: { color: line.color ?? 'black', width: 1.5, dash: line.dash ?? 'dash' }, hovertemplate: `${line.label ?? ''} %{y:.4g}<extra></extra>`,
    });
  }
  for (const range of options.shadedRanges ?? []) {
    if (!(Number.isFinite(range?.from) && Number.isFinite(range?.to) && range.to > range.from)) {
      throw new InvalidArgumentError('options.shadedRanges', range, 'expected {from, to} with from < to');
    }
    shapes.push({ type: 'rect', xref: 'x', yref: 'paper', x0: range.from, x1: range.to, y0: 0, y1: 1, fillcolor: 'rgba(127, 127, 127, 0.12)', line: { width: 0 }, layer: 'below' });
    if (range.label) annotations.push({ xref: 'x', yref: 'paper', x: (range.from + range.to) / 2, y: 1, text: range.label, showarrow: false, yanchor: 'bottom', font: { color: '#7f7f7f', size: 11 } });
  }
  const xLabels = options.xLabels ?? {};
  return {
    data,
    layout: {
      title: title(options.title ?? 'Estimates with confidence intervals'),
      xaxis: { title: title(options.xTitle ?? 'x'), range: xRange, tickvals: ticks, ticktext: ticks.map((v) => xLabels[v] ?? String(v)), zeroline: false },
      yaxis: { title: title(options.yTitle ?? 'estimate'), ...(options.yTickFormat ? { tickformat: options.yTickFormat } : {}) },
      shapes, annotations, legend: { orientation: 'h', y: -0.22 }, height: options.height ?? 440,
    },
  };
}
