/** Shared look of ablab's figures: one palette (Plotly's default, so variants keep their colour across charts). */
import { InvalidArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/validate.js';
import { checkFigureHeight } from '../helpers/plot.js';

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Option kinds the figures share, by name: texts (titles, labels, names, tick formats, metric), lists of names, numbers drawn on the chart, ranges, switches. */
const TEXT_OPTION = /^(title|\w*Title|label|label[A-Z]\w*|\w*Label|\w*Name|\w*TickFormat|metric|periodName)$/;
const NAMES_OPTION = /^(\w*Names|labels)$/;
const NUMBER_OPTION = /^(margin|threshold|targetPower|trueBest|trueValue|ksLocation|alpha|dodge)$/;
const RANGE_OPTION = /^(range|\w*Range)$/;
const SWITCH_OPTION = /^(log[XY]|markCrossings)$/;

/**
 * Checks a figure's options object and the options the figures share, by name: text options must
 * be strings, name lists arrays of strings, chart numbers finite, ranges [lower, upper] with
 * lower < upper, switches booleans, `height` a number of pixels in [100, 10000]. The figure checks
 * its own other options.
 */
export function checkFigureOptions<T extends object>(options: T): T {
  const checked = checkOptions('options', options) as Record<string, unknown>;
  for (const [key, value] of Object.entries(checked)) {
    if (value === undefined) continue;
    const name = `options.${key}`;
    if (TEXT_OPTION.test(key) && typeof value !== 'string') throw new InvalidArgumentError(name, value, 'expected a string');
    if (NAMES_OPTION.test(key) && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) throw new InvalidArgumentError(name, value, 'expected an array of strings');
    if (NUMBER_OPTION.test(key) && !(typeof value === 'number' && Number.isFinite(value))) throw new InvalidArgumentError(name, value, 'expected a finite number');
    if (RANGE_OPTION.test(key) && !(Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) && value[0] < value[1])) {
      throw new InvalidArgumentError(name, value, 'expected [lower, upper] with finite lower < upper');
    }
    if (SWITCH_OPTION.test(key) && typeof value !== 'boolean') throw new InvalidArgumentError(name, value, 'expected true or false');
  }
  checkFigureHeight(checked.height);
  return checked as T;
}

/** A Plotly title object. */
export const title = (text: string) => ({ text });

/** `#rrggbb` as `rgba(r, g, b, alpha)`, for translucent fills. */
export function translucent(hex: string, alpha: number): string {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

/** Throws unless `rows` is a non-empty array (figures need something to draw). */
export function requireRows(name: string, rows: unknown, elements: 'objects' | 'any' = 'objects'): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new InvalidArgumentError(name, rows, 'expected a non-empty array');
  if (elements === 'objects') rows.forEach((row, i) => { if (typeof row !== 'object' || row === null) throw new InvalidArgumentError(`${name}[${i}]`, row, 'expected an object'); });
}
