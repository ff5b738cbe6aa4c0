/**
 * Forest plot of treatment effects by segment, with the pooled effect and the heterogeneity test.
 */
import type { Figure } from '../helpers/plot.js';
import { InvalidArgumentError } from '../core/errors.js';
import { formatNumber, formatPValue } from '../stats/core/htest.js';
import type { SegmentEffectsResult } from '../stats/abtest/segmentEffects.js';
import { forestPlotFigure } from './figures.js';
import { PALETTE } from './style.js';

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
