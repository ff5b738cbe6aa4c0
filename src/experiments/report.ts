import { join, resolve } from 'node:path';
import { escapeHtml } from '../helpers/kernel.js';
import { standaloneHtml } from '../helpers/plot.js';
import { toHtmlTable } from '../helpers/table.js';
import { InvalidArgumentError } from '../core/errors.js';
import { tInterval } from '../stats/parametric/tInterval.js';
import type { ExperimentAnalysis } from './analysis.js';
import { writeFileAtomic } from './atomicWrite.js';
import { groupsReportSection } from './groupReport.js';
import type { RunRecord } from './runStore.js';

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

/** Metrics that are proportions in [0, 1]: shown as percentages, their differences in percentage points. */
const PROPORTIONS = new Set(['accuracy', 'macroF1', 'rocAuc']);

const signed = (text: string, x: number) => (x > 0 ? `+${text}` : x < 0 ? `−${text.replace(/^-/, '')}` : text);

/**
 * How the report writes numbers of the experiment's metric: proportions as percentages with two
 * decimals (differences in percentage points), other metrics to 4 significant digits.
 */
function metricFormat(metric: string) {
  const proportion = PROPORTIONS.has(metric);
  const plain = (x: number) => String(Number(x.toPrecision(4)));
  return {
    value: (x: number) => (!Number.isFinite(x) ? '–' : proportion ? `${(100 * x).toFixed(2)}%` : plain(x)),
    difference: (x: number) => (!Number.isFinite(x) ? '–' : proportion ? signed(`${(100 * Math.abs(x)).toFixed(2)} pp`, x) : signed(plain(Math.abs(x)), x)),
    spread: (x: number) => (!Number.isFinite(x) ? '–' : proportion ? `${(100 * x).toFixed(2)} pp` : plain(x)),
  };
}

/** p-values to two significant digits, small ones as "< 0.001" (the tests' precision is no finer). */
function formatP(p: unknown): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '< 0.001' : p.toPrecision(2);
}

/** "p = 0.012" or "p < 0.001". */
const pIs = (p: number) => (formatP(p).startsWith('<') ? `p ${formatP(p)}` : `p = ${formatP(p)}`);

const seconds = (x: number) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(2) : x.toFixed(1)} s` : '–');
const milliseconds = (x: number) => (Number.isFinite(x) ? `${Number(x.toPrecision(3))} ms` : '–');

/**
 * Display rows for one of the analysis tables: known columns formatted with units and short headers,
 * an interval's two bounds in one column, columns repeated elsewhere dropped; columns the report
 * does not know pass through unchanged (formatted generically by the table renderer).
 */
function displayRows(rows: Record<string, unknown>[], metric: string, level: number): Record<string, unknown>[] {
  const f = metricFormat(metric);
  const ci = `${Math.round(level * 100)}% CI`;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    const isComparison = 'meanDifference' in row;
    for (const [key, value] of Object.entries(row)) {
      const x = value as number;
      if (isComparison && (key === 'variant' || key === 'baseline')) continue; // named in 'comparison'
      if (key === 'ciUpper') continue;
      if (key === 'ciLower') {
        const format = isComparison ? f.difference : f.value;
        out[ci] = `[${format(x)}, ${format(row.ciUpper as number)}]`;
      } else if (key === 'meanDifference') out[`difference in ${metric}`] = f.difference(x);
      else if (['mean', 'median', 'iqm'].includes(key)) out[key === 'iqm' ? 'IQM' : key] = f.value(x);
      else if (key === 'sd') out.sd = f.spread(x);
      else if (key === metric || PROPORTIONS.has(key)) out[key] = PROPORTIONS.has(key) ? metricFormat(key).value(x) : f.value(x);
      else if (key === 'effectSizeDz') out.dz = Number.isFinite(x) ? x.toFixed(2) : '–';
      else if (/^p[A-Z]/.test(key)) out[key === 'pPairedT' ? 'p (paired t)' : key === 'pAdjusted' ? 'p adjusted' : `p (${key.slice(1)})`] = formatP(x);
      else if (key === 'significantAfterCorrection') out.significant = value ? 'yes' : 'no';
      else if (key === 'trainSeconds') out['train time'] = seconds(x);
      else if (key === 'extraTrainSeconds') out['extra train time'] = signed(seconds(Math.abs(x)), x);
      else if (key === 'inferenceMsPerSample') out['inference / sample'] = milliseconds(x);
      else if (typeof value === 'number' && !Number.isInteger(value)) out[key] = Number.isFinite(value) ? String(Number(value.toPrecision(4))) : '–';
      else out[key] = value;
    }
    return out;
  });
}

/** Replaces the generic "A"/"B" of a verdict sentence with the variant names. */
function nameVariants(text: string, variant: string, baseline: string): string {
  return text.replace(/\b[Mm]odel A\b/g, variant).replace(/\b[Mm]odel B\b/g, baseline)
    .replace(/\bA − B\b/g, `${variant} − ${baseline}`).replace(/\bA and B\b/g, `${variant} and ${baseline}`);
}

/** One highlighted block per comparison: which variant, the outcome, the sentence, the numbers. */
function verdictBlocks(analysis: ExperimentAnalysis): string {
  const f = metricFormat(analysis.metric);
  return analysis.comparisons.map(({ row, detail }) => {
    const numbers = `difference ${f.difference(row.meanDifference)} ${Math.round((1 - analysis.alpha) * 100)}% CI [${f.difference(row.ciLower)}, ${f.difference(row.ciUpper)}]`
      + ` · paired t-test ${pIs(row.pPairedT)}, ${analysis.correction}-adjusted ${pIs(row.pAdjusted)} · margin ±${f.spread(analysis.margin)}`;
    return `<div class="verdict verdict-${escapeHtml(detail.verdict.outcome.replace(/\s+/g, '-'))}">
<div class="verdict-title"><b>${escapeHtml(row.variant)}</b> vs <b>${escapeHtml(row.baseline)}</b> (baseline): ${escapeHtml(detail.verdict.outcome)}</div>
<p>${escapeHtml(nameVariants(detail.verdict.text, row.variant, row.baseline))}</p>
<p class="verdict-numbers">${escapeHtml(numbers)}</p>
</div>`;
  }).join('\n');
}

/** [start, end] of a run's training, in ms since the epoch (finishedAt minus its training time). */
function trainingSpan(run: RunRecord): [number, number] {
  const end = Date.parse(run.finishedAt);
  return [end - 1000 * run.timing.trainSeconds, end];
}

/**
 * A caution when timing differences come from runs that trained at the same time on one machine
 * (parallel workers or shards): they competed for cores and memory bandwidth, so the difference
 * carries that noise. Gives the per-seed difference's t interval, so its uncertainty is visible.
 * Returns '' when no two runs overlapped.
 */
function timingCaution(analysis: ExperimentAnalysis): string {
  const spans = analysis.runs.map((run) => ({ run, span: trainingSpan(run) }));
  const overlapping = spans.filter(({ run, span }) => spans.some((other) => other.run !== run
    && other.run.environment.cpuModel === run.environment.cpuModel && other.span[0] < span[1] && span[0] < other.span[1])).length;
  if (overlapping === 0) return '';
  const level = 1 - analysis.alpha;
  const lines = analysis.comparisons.map(({ row }) => {
    const bySeed = (variant: string) => new Map(analysis.runs.filter((r) => r.variant === variant).map((r) => [r.seed, r.timing.trainSeconds]));
    const a = bySeed(row.variant), b = bySeed(row.baseline);
    const differences = [...a.keys()].filter((seed) => b.has(seed)).map((seed) => a.get(seed)! - b.get(seed)!);
    const spread = differences.some((d) => d !== differences[0]);
    const interval = differences.length >= 2 && spread ? tInterval(differences, { confidenceLevel: level }) : null;
    return `<li>${escapeHtml(row.variant)} − ${escapeHtml(row.baseline)}: ${escapeHtml(signed(seconds(Math.abs(row.extraTrainSeconds)), row.extraTrainSeconds))} per run`
      + (interval ? `, ${Math.round(level * 100)}% CI [${escapeHtml(signed(seconds(Math.abs(interval.lower)), interval.lower))}, ${escapeHtml(signed(seconds(Math.abs(interval.upper)), interval.upper))}]` : '')
      + '</li>';
  });
  return `<div class="caution"><b>Timing caution.</b> ${overlapping} of ${analysis.runs.length} runs trained while another run was training on the same machine `
    + '(parallel workers or shards), so training times include contention for cores and memory: read time differences with their interval, '
    + 'and time on a quiet machine (npm run bench) before drawing conclusions about speed.'
    + `<ul>${lines.join('')}</ul></div>`;
}

/** The environments the runs were made in (distinct combinations, with how many runs each). */
function environmentTable(runs: RunRecord[]): Record<string, unknown>[] {
  const groups = new Map<string, { env: Record<string, unknown>; runs: number }>();
  for (const run of runs) {
    const e = run.environment;
    const env = {
      backend: `${e.backend ?? '?'} — ${e.device ?? '?'}`, CPU: `${e.cpuModel ?? '?'} × ${e.cpuCount ?? '?'}`,
      versions: `tfjs ${e.tfjsVersion ?? '?'}, node ${e.nodeVersion ?? '?'}, ablab ${e.ablabVersion ?? '?'}`,
      commit: e.commit ?? '–', 'training code': e.trainingCode ?? '–',
    };
    const key = JSON.stringify(env);
    groups.set(key, { env, runs: (groups.get(key)?.runs ?? 0) + 1 });
  }
  return [...groups.values()].map(({ env, runs: n }) => ({ runs: n, ...env }));
}

const REPORT_CSS = `
.verdict{border-left:6px solid #8c959f;background:#f6f8fa;border-radius:6px;padding:10px 16px;margin:12px 0}
.verdict-title{font-size:1.1em;margin-bottom:4px}
.verdict p{margin:4px 0}
.verdict-numbers{color:#59636e;font-size:0.92em;font-variant-numeric:tabular-nums}
.verdict-better{border-color:#1a7f37;background:#dafbe1}
.verdict-worse{border-color:#cf222e;background:#ffebe9}
.verdict-equivalent-within-margin{border-color:#0969da;background:#ddf4ff}
.verdict-inconclusive{border-color:#9a6700;background:#fff8c5}
.caution{border:1px solid #d4a72c;background:#fff8c5;border-radius:6px;padding:8px 14px;margin:12px 0}
.caution ul{margin:6px 0 0}`;

/**
 * Writes an experiment's analysis as a standalone HTML report (verdicts as highlighted blocks naming
 * the variants, tables with units that scroll inside their box, interactive charts with plotly.js
 * inlined so it works offline, the environment of the runs, and a timing caution when runs shared
 * the machine) and CSV tables (full precision), into `outDir`.
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
  const groups = groupsReportSection(analysis);
  for (const [name, rows] of Object.entries(groups?.csv ?? {})) {
    csv.push(join(dir, `${name}.csv`));
    writeFileAtomic(csv[csv.length - 1], toCsv(rows));
  }
  const level = 1 - analysis.alpha;
  const section = (title: string, body: string) => `<h2>${escapeHtml(title)}</h2>\n${body}`;
  const table = (rows: Record<string, unknown>[], maxRows = 50) => toHtmlTable(displayRows(rows, analysis.metric, level), { maxRows });
  const html = standaloneHtml(`ablab experiment: ${analysis.name}`, [
    `<style>${REPORT_CSS}</style>`,
    section('Verdict', verdictBlocks(analysis) + timingCaution(analysis)),
    section('Variants', table(analysis.rows.summary)),
    analysis.figures.distribution,
    section(`Comparisons with ${analysis.baseline} (${analysis.correction}-adjusted p-values)`, table(analysis.rows.comparisons)),
    analysis.figures.forest,
    ...analysis.figures.differences,
    ...(analysis.figures.mcnemar ? [analysis.figures.mcnemar] : []),
    analysis.figures.learningCurves,
    ...(groups?.blocks ?? []),
    section('Runs', table(analysis.rows.runs, 200)),
    section('Environment', toHtmlTable(environmentTable(analysis.runs))),
    `<p class="note">Full-precision numbers: ${csv.map((p) => escapeHtml(p.slice(dir.length + 1))).join(', ')} next to this file.</p>`,
  ]);
  const htmlPath = join(dir, 'report.html');
  writeFileAtomic(htmlPath, html);
  return { html: htmlPath, csv };
}
