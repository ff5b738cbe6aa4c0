/** Shared look of ablab's figures: one palette (Plotly's default, so variants keep their colour across charts). */
import { InvalidArgumentError } from '../core/errors.js';

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

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
