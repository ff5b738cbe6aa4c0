/**
 * Figures of effects and metrics by segment or group: a forest plot of segment effects (online)
 * and grouped bars of a classifier metric by group (offline).
 */
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import { formatNumber, formatPValue } from '../stats/core/htest.js';
import type { SegmentEffectsResult } from '../stats/abtest/segmentEffects.js';
import type { GroupMetricEstimate } from '../stats/fairness/compareGroups.js';
import type { GroupMetric } from '../stats/fairness/metricFrame.js';
import { forestPlotFigure } from './figures.js';
import { checkFigureOptions, PALETTE, title } from './style.js';

/**
 * One row per segment (estimate and interval; the simultaneous Bonferroni interval by default, so
 * every bar holds at once), the adjusted p-value in the hover text, segments significant after
 * adjustment drawn in a second colour, and the pooled (fixed-effect) estimate last with Cochran's Q
 * in the title. `margin` draws ±margin lines (e.g. a guardrail's).
 * @throws {InvalidArgumentError} when the result has no segments.
 * @example
 * show(segmentEffectsFigure(segmentEffects(arms, { correction: 'holm' }), { xTitle: 'conversion difference' }));
 */
export function segmentEffectsFigure(result: SegmentEffectsResult, options: { xTitle?: string; margin?: number; title?: string; intervals?: 'simultaneous' | 'marginal' } = {}): Figure {
  options = checkFigureOptions(options);
  if (!result || !Array.isArray(result.segments) || result.segments.length === 0) throw new InvalidArgumentError('result', result, 'expected a segmentEffects result with segments');
  const simultaneous = (options.intervals ?? 'simultaneous') === 'simultaneous';
  const rows = result.segments.map((s) => ({
    label: `${s.segment} (n = ${s.nControl + s.nTreatment})`, estimate: s.estimate,
    lower: simultaneous ? s.simultaneousLower : s.lower, upper: simultaneous ? s.simultaneousUpper : s.upper, pValue: s.pAdjusted,
  }));
  const q = result.heterogeneity;
  if (q?.ci) rows.push({ label: 'pooled (fixed effect)', estimate: q.estimate!, lower: q.ci.lower, upper: q.ci.upper, pValue: NaN });
  const level = `${formatNumber(100 * result.confidenceLevel)}%${simultaneous ? ' simultaneous' : ''}`;
  const heading = options.title ?? `Effect by segment (${level} CI)${q ? ` — heterogeneity Q = ${formatNumber(q.statistic)}, p ${formatPValue(q.pValue)}` : ''}`;
  const figure = forestPlotFigure(rows, { xTitle: options.xTitle ?? 'treatment − control', margin: options.margin, title: heading });
  const trace = figure.data[0] as { marker: Record<string, unknown>; text: string[] };
  trace.marker.color = [...result.segments.map((s) => (s.significant ? PALETTE[1] : PALETTE[0])), ...(q ? ['black'] : [])];
  trace.marker.symbol = [...result.segments.map(() => 'square'), ...(q ? ['diamond'] : [])];
  trace.text = [...result.segments.map((s) => `${result.correction}-adjusted p = ${s.pAdjusted.toPrecision(3)}`), ...(q ? [''] : [])];
  return figure;
}

/**
 * A metric by group, one bar per variant and group with its interval as error bars (e.g.
 * `compareGroups(...).metrics`), so a group that a new model serves worse stands out.
 * @throws {InvalidArgumentError} when no row has the metric.
 * @example
 * show(groupMetricsFigure(compareGroups(input).metrics, { metric: 'accuracy' }));
 */
export function groupMetricsFigure(rows: readonly GroupMetricEstimate[], options: { metric?: GroupMetric; title?: string } = {}): Figure {
  options = checkFigureOptions(options);
  const metric = options.metric ?? 'accuracy';
  const chosen = Array.isArray(rows) ? rows.filter((r) => r.metric === metric) : [];
  if (chosen.length === 0) throw new InvalidArgumentError('rows', rows, `expected group estimates of ${metric}`);
  const variants = [...new Set(chosen.map((r) => r.variant))];
  const data = variants.map((variant, i) => {
    const own = chosen.filter((r) => r.variant === variant);
    return {
      type: 'bar', name: variant, x: own.map((r) => `${r.group} (n = ${r.n})`), y: own.map((r) => r.estimate), marker: { color: PALETTE[i % PALETTE.length] },
      error_y: { type: 'data', symmetric: false, array: own.map((r) => r.upper - r.estimate), arrayminus: own.map((r) => r.estimate - r.lower) },
      hovertemplate: `${variant} %{x}: %{y:.4g}<extra></extra>`,
    };
  });
  return { data, layout: { title: title(options.title ?? `${metric} by group`), barmode: 'group', yaxis: { title: title(metric) }, height: 420 } };
}
