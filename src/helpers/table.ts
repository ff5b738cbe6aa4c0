/**
 * Tables for notebooks and terminals. Accepts a Danfo.js DataFrame (or anything with
 * columns/values/index) or an array of plain row objects.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { displayBundle, escapeHtml, inNotebook } from './kernel.js';

/** The parts of a Danfo.js DataFrame that rendering needs. */
export interface TableLike {
  columns: string[];
  values: unknown[] | unknown[][];
  index: unknown[];
}

export interface TableOptions {
  /** Rows shown before the middle is elided (default 50). */
  maxRows?: number;
  /** Significant digits for non-integer numbers (default 6). */
  digits?: number;
  caption?: string;
}

interface NormalizedTable {
  columns: string[];
  rows: unknown[][];
  index: unknown[];
}

function normalize(table: TableLike | Record<string, unknown>[]): NormalizedTable {
  if (Array.isArray(table)) {
    const columns = [...new Set(table.flatMap((row) => Object.keys(row)))];
    return { columns, rows: table.map((row) => columns.map((c) => row[c])), index: table.map((_, i) => i) };
  }
  if (table && Array.isArray(table.columns) && Array.isArray(table.values)) {
    const rows = (table.values as unknown[]).map((r) => (Array.isArray(r) ? r : [r]));
    return { columns: table.columns.map(String), rows, index: Array.isArray(table.index) ? table.index : rows.map((_, i) => i) };
  }
  throw new InvalidArgumentError('table', table, 'expected a Danfo.js DataFrame or an array of row objects');
}

function formatCell(value: unknown, digits: number): string {
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(digits)));
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Row positions to show: all, or head and tail around an ellipsis (null). */
function visibleRows(count: number, maxRows: number): (number | null)[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (count <= maxRows) return all;
  const half = Math.floor(maxRows / 2);
  return [...all.slice(0, half), null, ...all.slice(count - half)];
}

/** Renders a table as an escaped HTML `<table class="dataframe">` (pandas' look). */
export function toHtmlTable(table: TableLike | Record<string, unknown>[], options: TableOptions = {}): string {
  const { columns, rows, index } = normalize(table);
  const digits = options.digits ?? 6;
  const body = visibleRows(rows.length, options.maxRows ?? 50).map((i) => (i === null
    ? `<tr><th>…</th>${columns.map(() => '<td>…</td>').join('')}</tr>`
    : `<tr><th>${escapeHtml(index[i])}</th>${rows[i].map((v) => `<td>${escapeHtml(formatCell(v, digits))}</td>`).join('')}</tr>`));
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  return `<table border="1" class="dataframe">${caption}<thead><tr style="text-align: right;"><th></th>${columns
    .map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>
<p>${rows.length} rows × ${columns.length} columns</p>`;
}

/** Renders a table as aligned plain text. */
export function toTextTable(table: TableLike | Record<string, unknown>[], options: TableOptions = {}): string {
  const { columns, rows, index } = normalize(table);
  const digits = options.digits ?? 6;
  const lines: string[][] = [['', ...columns]];
  for (const i of visibleRows(rows.length, options.maxRows ?? 50)) {
    lines.push(i === null ? ['…', ...columns.map(() => '…')] : [String(index[i]), ...rows[i].map((v) => formatCell(v, digits))]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const text = lines.map((l) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
  return `${options.caption ? `${options.caption}\n` : ''}${text}\n[${rows.length} rows × ${columns.length} columns]`;
}

/**
 * Displays a table: an HTML table (plus text) in a notebook, aligned text in a terminal.
 * @throws {InvalidArgumentError} if `table` is neither a DataFrame nor an array of objects.
 */
export function showTable(table: TableLike | Record<string, unknown>[], options: TableOptions = {}): void {
  const text = toTextTable(table, options);
  if (inNotebook()) displayBundle({ 'text/html': toHtmlTable(table, options), 'text/plain': text });
  else console.log(text);
}
