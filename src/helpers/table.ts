/**
 * Tables for notebooks and terminals. Accepts a Danfo.js DataFrame (or anything with
 * columns/values/index) or an array of plain row objects.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { assertWorkSize, checkOptions } from '../core/validate.js';
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
  /** Show the row index as a first column. Default: only for a DataFrame whose index is not 0, 1, 2, … */
  index?: boolean;
}

interface NormalizedTable {
  columns: string[];
  rows: unknown[][];
  index: unknown[];
  /** True when the index carries information (not just row positions). */
  meaningfulIndex: boolean;
}

function normalize(table: TableLike | Record<string, unknown>[]): NormalizedTable {
  if (Array.isArray(table)) {
    const columns = [...new Set(table.flatMap((row) => Object.keys(row)))];
    return { columns, rows: table.map((row) => columns.map((c) => row[c])), index: table.map((_, i) => i), meaningfulIndex: false };
  }
  if (table && Array.isArray(table.columns) && Array.isArray(table.values)) {
    const rows = (table.values as unknown[]).map((r) => (Array.isArray(r) ? r : [r]));
    const index = Array.isArray(table.index) ? table.index : rows.map((_, i) => i);
    return { columns: table.columns.map(String), rows, index, meaningfulIndex: index.some((v, i) => v !== i) };
  }
  throw new InvalidArgumentError('table', table, 'expected a Danfo.js DataFrame or an array of row objects');
}

/**
 * A cell as people read it: numbers to `digits` significant digits, NaN as '–' (undefined, e.g. a
 * relative change from 0), ±Infinity as '∞'/'−∞', dates as 'YYYY-MM-DD hh:mm:ss' (UTC), other
 * objects as JSON.
 */
function formatCell(value: unknown, digits: number): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '–';
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(digits)));
  }
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '–' : value.toISOString().replace('T', ' ').replace(/(\.000)?Z$/, '');
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

/** The note under an elided table ('' when every row is shown). */
function elisionNote(shown: number, total: number): string {
  return shown < total ? `showing ${shown} of ${total} rows` : '';
}

/**
 * Renders a table as an escaped HTML `<table class="dataframe">` inside a box that scrolls
 * sideways when the table is wider than the page. The index column appears only when it means
 * something (options.index); a note appears only when rows were elided.
 */
export function toHtmlTable(table: TableLike | Record<string, unknown>[], options: TableOptions = {}): string {
  const { columns, rows, index, meaningfulIndex } = normalize(table);
  const digits = checkTableOptions(options);
  const withIndex = options.index ?? meaningfulIndex;
  const visible = visibleRows(rows.length, options.maxRows ?? 50);
  const indexCell = (text: string) => (withIndex ? `<th>${text}</th>` : '');
  const body = visible.map((i) => (i === null
    ? `<tr>${indexCell('…')}${columns.map(() => '<td>…</td>').join('')}</tr>`
    : `<tr>${indexCell(escapeHtml(index[i]))}${rows[i].map((v) => `<td>${escapeHtml(formatCell(v, digits))}</td>`).join('')}</tr>`));
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  const note = elisionNote(visible.filter((i) => i !== null).length, rows.length);
  return `<div class="ablab-table" style="overflow-x:auto;max-width:100%"><table class="dataframe">${caption}<thead><tr style="text-align: right;">${indexCell('')}${columns
    .map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>${note ? `<p class="ablab-table-note">${note}</p>` : ''}</div>`;
}

/** Checks the table options; returns the significant digits (default 6). */
function checkTableOptions(options: TableOptions): number {
  checkOptions('options', options);
  const digits = options.digits ?? 6;
  assertWorkSize('options.digits', digits, 1, 21);
  if (options.maxRows !== undefined) assertWorkSize('options.maxRows', options.maxRows, 2, 1_000_000);
  if (options.caption !== undefined && typeof options.caption !== 'string') throw new InvalidArgumentError('options.caption', options.caption, 'expected a string');
  if (options.index !== undefined && typeof options.index !== 'boolean') throw new InvalidArgumentError('options.index', options.index, 'expected true or false');
  return digits;
}

/** Renders a table as aligned plain text (index column and elision note as in {@link toHtmlTable}). */
export function toTextTable(table: TableLike | Record<string, unknown>[], options: TableOptions = {}): string {
  const { columns, rows, index, meaningfulIndex } = normalize(table);
  const digits = checkTableOptions(options);
  const withIndex = options.index ?? meaningfulIndex;
  const visible = visibleRows(rows.length, options.maxRows ?? 50);
  const lines: string[][] = [[...(withIndex ? [''] : []), ...columns]];
  for (const i of visible) {
    const cells = i === null ? columns.map(() => '…') : rows[i].map((v) => formatCell(v, digits));
    lines.push([...(withIndex ? [i === null ? '…' : String(index[i])] : []), ...cells]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const text = lines.map((l) => l.map((cell, c) => (c === 0 && withIndex ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
  const note = elisionNote(visible.filter((i) => i !== null).length, rows.length);
  return `${options.caption ? `${options.caption}\n` : ''}${text}${note ? `\n[${note}]` : ''}`;
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
