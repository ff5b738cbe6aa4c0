/** Shared look of ablab's figures: one palette (Plotly's default, so variants keep their colour across charts). */
import { InvalidArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/validate.js';

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** Text options of the figures (titles, axis titles, labels, names, tick formats). */
const TEXT_OPTION = /^(title|\w*Title|label\w*|\w*Label|\w*Name|\w*TickFormat)$/;

/**
 * Checks a figure's options object and the options every figure shares: text options must be
 * strings, `height` a number of pixels in [100, 10000]. The figure checks its own other options.
 */
export function checkFigureOptions<T extends object>(options: T): T {
  const checked = checkOptions('options', options) as Record<string, unknown>;
  for (const [key, value] of Object.entries(checked)) {
    if (TEXT_OPTION.test(key) && value !== undefined && typeof value !== 'string') throw new InvalidArgumentError(`options.${key}`, value, 'expected a string');
  }
  if (checked.height !== undefined && !(typeof checked.height === 'number' && checked.height >= 100 && checked.height <= 10_000)) {
    throw new InvalidArgumentError('options.height', checked.height, 'expected a height in pixels in [100, 10000]');
  }
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
