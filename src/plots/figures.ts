/**
 * Plotly figure builders for experiment results. Each returns a plain {@link Figure} (data +
 * layout), so it can be shown in a notebook with `show()`, written to a report, or tweaked first.
 */
import { checkChoice, checkOptions, toFiniteArray } from '../core/validate.js';
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import { checkFigureOptions, PALETTE, title } from './style.js';

function requireNonEmpty(name: string, value: object): void {
  if (!value || Object.keys(value).length === 0) throw new InvalidArgumentError(name, value, 'expected at least one entry to plot');
}

/**
 * Distribution of a metric across seeds, one box/violin/strip per variant, every seed shown as a point.
 * @throws {InvalidArgumentError} when there is nothing to plot.
 */
export function metricDistributionFigure(valuesByVariant: Record<string, number[]>, options: { metric?: string; kind?: 'box' | 'violin' | 'strip'; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  requireNonEmpty('valuesByVariant', valuesByVariant);
  if (Array.isArray(valuesByVariant)) throw new InvalidArgumentError('valuesByVariant', valuesByVariant, 'expected { variant: values }');
  for (const [variant, values] of Object.entries(valuesByVariant)) toFiniteArray(`valuesByVariant.${variant}`, values);
  const metric = options.metric ?? 'metric';
  const kind = checkChoice('options.kind', options.kind, ['box', 'violin', 'strip'] as const, 'box');
  const data = Object.entries(valuesByVariant).map(([variant, values], i) => {
    const color = PALETTE[i % PALETTE.length];
    if (kind === 'violin') return { type: 'violin', name: variant, y: values, box: { visible: true }, points: 'all', meanline: { visible: true }, line: { color } };
    if (kind === 'strip') return { type: 'box', name: variant, y: values, boxpoints: 'all', jitter: 0.4, pointpos: 0, fillcolor: 'rgba(0,0,0,0)', line: { color: 'rgba(0,0,0,0)' }, marker: { color } };
    return { type: 'box', name: variant, y: values, boxpoints: 'all', jitter: 0.3, pointpos: -1.6, boxmean: true, marker: { color } };
  });
  return { data, layout: { title: title(options.title ?? `${metric} across seeds`), yaxis: { title: title(metric) }, showlegend: false, height: 420 } };
}

/**
 * Per-seed paired differences (B − A) with their mean, its confidence interval and, optionally,
 * the ±margin of practical significance.
 */
export function pairedDifferencesFigure(differences: number[], options: { ci?: { lower: number; upper: number; level: number }; margin?: number; label?: string; seeds?: (number | string)[]; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  if (!Array.isArray(differences) || differences.length === 0) throw new InvalidArgumentError('differences', differences, 'expected at least one difference');
  toFiniteArray('differences', differences);
  const label = options.label ?? 'difference';
  const seeds = options.seeds ?? differences.map((_, i) => i);
  if (!Array.isArray(seeds) || seeds.length !== differences.length) throw new InvalidArgumentError('options.seeds', seeds, `expected one seed label per difference (${differences.length})`);
  const ci = options.ci;
  if (ci !== undefined && !(typeof ci === 'object' && ci !== null && [ci.lower, ci.upper].every(Number.isFinite) && ci.lower <= ci.upper && ci.level > 0 && ci.level < 1)) {
    throw new InvalidArgumentError('options.ci', ci, 'expected { lower, upper, level } with finite lower <= upper and level in (0, 1)');
  }
  const mean = differences.reduce((s, d) => s + d, 0) / differences.length;
  const data: object[] = [
    { type: 'scatter', mode: 'markers', name: 'per seed', x: differences, y: seeds.map((s) => `seed ${s}`), marker: { size: 9, color: PALETTE[0] } },
    {
      type: 'scatter', mode: 'markers', name: options.ci ? `mean, ${Math.round(options.ci.level * 100)}% CI` : 'mean', x: [mean], y: ['mean'],
      marker: { size: 13, symbol: 'diamond', color: PALETTE[3] },
      ...(options.ci ? { error_x: { type: 'data', symmetric: false, array: [options.ci.upper - mean], arrayminus: [mean - options.ci.lower], thickness: 2 } } : {}),
    },
  ];
  const { shapes, annotations } = referenceLines(options.margin);
  return { data, layout: { title: title(options.title ?? `Paired differences: ${label}`), xaxis: { title: title(label), zeroline: false }, yaxis: { automargin: true }, shapes, annotations, height: 160 + 28 * (seeds.length + 1) } };
}

/**
 * The zero line and, with a margin, dashed lines at ±margin labelled above the plot area: the
 * −margin label ends at its line and the +margin label starts at its line, so the two never
 * overlap however close the lines are on the axis.
 */
function referenceLines(margin: number | undefined): { shapes: object[]; annotations: object[] } {
  const line = (x: number, dash: boolean) => ({ type: 'line', x0: x, x1: x, yref: 'paper', y0: 0, y1: 1, line: dash ? { color: 'gray', dash: 'dash', width: 1 } : { color: 'black', width: 1 } });
  if (margin === undefined || margin === 0) return { shapes: [line(0, false)], annotations: [] };
  const m = Number(margin.toPrecision(3));
  const label = (x: number, text: string, side: 'left' | 'right') => ({
    x, xref: 'x', y: 1, yref: 'paper', yanchor: 'bottom', xanchor: side === 'left' ? 'right' : 'left', xshift: side === 'left' ? -2 : 2,
    text, showarrow: false, font: { size: 11, color: '#59636e' },
  });
  return {
    shapes: [line(0, false), line(-margin, true), line(margin, true)],
    annotations: [label(-margin, `−margin ${m}`, 'left'), label(margin, `+margin ${m}`, 'right')],
  };
}

/** [min, max] of finite `values`, widened by 8% on each side so markers and reference lines stay inside. */
function paddedRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite), hi = Math.max(...finite);
  const pad = 0.08 * (hi - lo || Math.abs(hi) || 1);
  return [lo - pad, hi + pad];
}

/** One row of a forest plot: an estimate with its interval. */
export interface ForestRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
  /** Adjusted or raw p-value, shown in the hover text. */
  pValue?: number;
}

/** Forest plot of several comparisons (e.g. every ablation against the baseline). */
export function forestPlotFigure(rows: ForestRow[], options: { xTitle?: string; margin?: number; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  if (!Array.isArray(rows) || rows.length === 0) throw new InvalidArgumentError('rows', rows, 'expected at least one comparison');
  const labels = rows.map((r) => r.label);
  const { shapes, annotations } = referenceLines(options.margin);
  return {
    data: [{
      type: 'scatter', mode: 'markers', x: rows.map((r) => r.estimate), y: labels, marker: { size: 10, symbol: 'square', color: PALETTE[0] },
      error_x: { type: 'data', symmetric: false, array: rows.map((r) => r.upper - r.estimate), arrayminus: rows.map((r) => r.estimate - r.lower) },
      text: rows.map((r) => (r.pValue === undefined ? '' : `p = ${r.pValue.toPrecision(3)}`)), hovertemplate: '%{y}: %{x:.4g} %{text}<extra></extra>',
    }],
    layout: { title: title(options.title ?? 'Comparisons'), xaxis: { title: title(options.xTitle ?? 'difference'), zeroline: false, range: paddedRange([...rows.flatMap((r) => [r.lower, r.upper]), 0, ...(options.margin === undefined ? [] : [-options.margin, options.margin])]) }, yaxis: { automargin: true, autorange: 'reversed' }, shapes, annotations, height: 160 + 40 * rows.length },
  };
}

/** Learning curves: one line per run, coloured by variant. */
export function learningCurvesFigure(curves: { variant: string; seed: number; values: number[] }[], options: { metric?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  if (!Array.isArray(curves) || curves.length === 0) throw new InvalidArgumentError('curves', curves, 'expected at least one curve');
  curves.forEach((c, i) => { if (typeof c !== 'object' || c === null || !Array.isArray(c.values)) throw new InvalidArgumentError(`curves[${i}]`, c, 'expected { variant, seed, values }'); });
  const variants = [...new Set(curves.map((c) => c.variant))];
  const data = curves.map((c) => {
    const color = PALETTE[variants.indexOf(c.variant) % PALETTE.length];
    return { type: 'scatter', mode: 'lines+markers', name: `${c.variant} (seed ${c.seed})`, legendgroup: c.variant, x: c.values.map((_, i) => i + 1), y: c.values, line: { color, width: 1.5 }, marker: { size: 4 } };
  });
  const metric = options.metric ?? 'loss';
  return { data, layout: { title: title(options.title ?? `Learning curves: ${metric}`), xaxis: { title: title('epoch'), dtick: 1 }, yaxis: { title: title(metric) }, height: 420 } };
}

/**
 * Power curves: power against sample size (seeds or users), one line per effect size, with the
 * target power as a dashed line.
 */
export function powerCurveFigure(rows: { n: number; power: number; effectSize: number }[], options: { targetPower?: number; xTitle?: string; effectLabel?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  if (!Array.isArray(rows) || rows.length === 0) throw new InvalidArgumentError('rows', rows, 'expected power-curve rows');
  const effects = [...new Set(rows.map((r) => r.effectSize))].sort((a, b) => a - b);
  const data = effects.map((effect, i) => {
    const line = rows.filter((r) => r.effectSize === effect).sort((a, b) => a.n - b.n);
    return { type: 'scatter', mode: 'lines+markers', name: `${options.effectLabel ?? 'effect'} = ${effect}`, x: line.map((r) => r.n), y: line.map((r) => r.power), line: { color: PALETTE[i % PALETTE.length] } };
  });
  const target = options.targetPower ?? 0.8;
  return {
    data,
    layout: {
      title: title(options.title ?? 'Power curves'), xaxis: { title: title(options.xTitle ?? 'sample size') }, yaxis: { title: title('power'), range: [0, 1.02] },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: target, y1: target, line: { color: 'gray', dash: 'dash' } }], height: 420,
    },
  };
}

/**
 * McNemar's 2×2 table of two models' per-sample correctness as an annotated heatmap: the
 * off-diagonal (discordant) cells are the ones the test compares.
 */
export function mcnemarTableFigure(table: { bothCorrect: number; onlyA: number; onlyB: number; bothWrong: number }, options: { labelA?: string; labelB?: string; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  if (typeof table !== 'object' || table === null) throw new InvalidArgumentError('table', table, 'expected { bothCorrect, onlyA, onlyB, bothWrong }');
  options = checkOptions('options', options);
  const a = options.labelA ?? 'A', b = options.labelB ?? 'B';
  const z = [[table.bothCorrect, table.onlyA], [table.onlyB, table.bothWrong]];
  const x = [`${b} correct`, `${b} wrong`], y = [`${a} correct`, `${a} wrong`];
  return {
    data: [{ type: 'heatmap', z: z.map((row) => row.map((count) => Math.log10(1 + count))), x, y, colorscale: [[0, '#f7fbff'], [1, '#9ecae1']], showscale: false, customdata: z, hovertemplate: '%{y}, %{x}: %{customdata}<extra></extra>' }],
    layout: {
      title: title(options.title ?? `Per-sample agreement of ${a} and ${b}`), yaxis: { autorange: 'reversed', automargin: true }, xaxis: { automargin: true }, height: 360,
      annotations: z.flatMap((row, i) => row.map((count, j) => ({ x: x[j], y: y[i], text: String(count), showarrow: false, font: { size: 16, color: i === j ? 'black' : 'darkred' } }))),
    },
  };
}
