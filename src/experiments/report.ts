import { join, resolve } from 'node:path';
import { escapeHtml } from '../helpers/kernel.js';
import { standaloneHtml } from '../helpers/plot.js';
import { toHtmlTable } from '../helpers/table.js';
import type { ExperimentAnalysis } from './analysis.js';
import { writeFileAtomic } from './atomicWrite.js';

/** RFC 4180 CSV of row objects (columns: union of keys, in first-seen order). */
export function toCsv(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/**
 * Writes an experiment's analysis as a standalone HTML report (tables, interactive charts; plotly.js
 * inlined, so it works offline) and CSV tables, into `outDir`.
 * @returns the written paths.
 */
export function writeExperimentReport(analysis: ExperimentAnalysis, outDir: string): { html: string; csv: string[] } {
  const dir = resolve(outDir);
  const csv = (['runs', 'summary', 'comparisons'] as const).map((name) => {
    const path = join(dir, `${name}.csv`);
    writeFileAtomic(path, toCsv(analysis.rows[name]));
    return path;
  });
  const section = (title: string, body: string) => `<h2>${escapeHtml(title)}</h2>\n${body}`;
  const html = standaloneHtml(`ablab experiment: ${analysis.name}`, [
    section('Verdict', `<pre>${escapeHtml(analysis.print())}</pre>`),
    section('Variants', toHtmlTable(analysis.rows.summary)),
    analysis.figures.distribution,
    section(`Comparisons with ${analysis.baseline} (${analysis.correction}-adjusted p-values)`, toHtmlTable(analysis.rows.comparisons)),
    analysis.figures.forest,
    ...analysis.figures.differences,
    ...(analysis.figures.mcnemar ? [analysis.figures.mcnemar] : []),
    analysis.figures.learningCurves,
    section('Runs', toHtmlTable(analysis.rows.runs, { maxRows: 200 })),
  ]);
  const htmlPath = join(dir, 'report.html');
  writeFileAtomic(htmlPath, html);
  return { html: htmlPath, csv };
}
