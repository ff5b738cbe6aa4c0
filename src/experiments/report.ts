import { join, resolve } from 'node:path';
import { escapeHtml } from '../helpers/kernel.js';
import { standaloneHtml } from '../helpers/plot.js';
import { toHtmlTable } from '../helpers/table.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { ExperimentAnalysis } from './analysis.js';
import { writeFileAtomic } from './atomicWrite.js';

/** A leading character that makes spreadsheets evaluate a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Text safe to put in a spreadsheet cell: text starting with = + - @ (or tab, CR) that is not a
 * plain number gets a leading apostrophe, so a spreadsheet shows it instead of running it.
 * @example neutralizeFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * @example neutralizeFormula('-0.25') // '-0.25'
 */
export function neutralizeFormula(text: string): string {
  if (typeof text !== 'string') throw new InvalidArgumentError('text', text, 'expected a string');
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field: formula-neutralised, quoted when it holds a quote, comma or line break (always, when `quote`). */
function csvField(text: string, quote = false): string {
  const safe = neutralizeFormula(text);
  return quote || /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * RFC 4180 CSV of row objects (columns: union of keys, in first-seen order). Header names are
 * always quoted; cells that a spreadsheet would run as a formula are neutralised
 * ({@link neutralizeFormula}); objects are written as JSON, null/undefined as empty.
 * @throws {InvalidArgumentError} unless `rows` is an array of objects.
 * @example toCsv([{ variant: '=1+1', accuracy: -0.5 }]) // '"variant","accuracy"\n\'=1+1,-0.5\n'
 */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (!Array.isArray(rows)) throw new InvalidArgumentError('rows', rows, 'expected an array of row objects');
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InvalidArgumentError(`rows[${i}]`, row, 'expected a row object');
  });
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => csvField(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) ?? '' : String(v));
  return [columns.map((c) => csvField(c, true)).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/**
 * Writes an experiment's analysis as a standalone HTML report (tables, interactive charts; plotly.js
 * inlined, so it works offline) and CSV tables, into `outDir`.
 * @returns the written paths.
 */
export function writeExperimentReport(analysis: ExperimentAnalysis, outDir: string): { html: string; csv: string[] } {
  if (typeof analysis?.print !== 'function' || typeof analysis.rows !== 'object') throw new InvalidArgumentError('analysis', analysis, 'expected the result of analyzeExperiment');
  if (typeof outDir !== 'string' || outDir.length === 0) throw new InvalidArgumentError('outDir', outDir, 'expected a folder path');
  const dir = resolve(outDir);
  const csv = (['runs', 'summary', 'comparisons'] as const).map((name) => {
    const path = join(dir, `${name}.csv`);
    writeFileAtomic(path, toCsv(analysis.rows[name]));
    return path;
  });
  const section = (title: string, body: string) => `<h2>${escapeHtml(title)}</h2>\n${body}`;
  const html = standaloneHtml(`ablab experiment: ${analysis.name}`, [
    section('Verdict', `<pre>${escapeHtml(analysis.print())}</pre>`),
    section('Variants', toHtmlTable(analysis.tables.summary)),
    analysis.figures.distribution,
    section(`Comparisons with ${analysis.baseline} (${analysis.correction}-adjusted p-values)`, toHtmlTable(analysis.tables.comparisons)),
    analysis.figures.forest,
    ...analysis.figures.differences,
    ...(analysis.figures.mcnemar ? [analysis.figures.mcnemar] : []),
    analysis.figures.learningCurves,
    section('Runs', toHtmlTable(analysis.tables.runs, { maxRows: 200 })),
  ]);
  const htmlPath = join(dir, 'report.html');
  writeFileAtomic(htmlPath, html);
  return { html: htmlPath, csv };
}
