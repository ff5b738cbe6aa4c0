/**
 * Plotly figures everywhere a user looks at them: JupyterLab / VS Code (native Plotly MIME type),
 * classic Notebook 6 and nbconvert HTML exports (text/html with an inlined plotly.js, so reports
 * work offline), and plain Node (a standalone HTML file).
 */
import { InvalidArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/validate.js';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayBundle, escapeHtml, inNotebook } from './kernel.js';

/** A Plotly figure: traces, layout and config as in plotly.js. */
export interface Figure {
  data: object[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

let plotlySourceCache: string | null = null;
let plotlyInlinedInKernel = false;

/** plotly.js (dist-min) source, safe to place inside a <script> element. */
export function plotlyJsSource(): string {
  plotlySourceCache ??= readFileSync(require.resolve('plotly.js-dist-min'), 'utf8').replace(/<\/script/gi, '<\\/script');
  return plotlySourceCache;
}

/** JSON safe to embed in a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function plotlyLibraryHtml(): string {
  // plotly.js-dist-min sets window.Plotly itself, which is safe beside Notebook 6's require.js.
  return `<script type="text/javascript">if (!window.Plotly) {\n${plotlyJsSource()}\n}</script>`;
}

/**
 * Emits plotly.js into the current cell's output. Put it in a notebook's first cell: it runs on
 * every execution, so a re-opened notebook or an exported report always carries the library.
 * {@link show} calls it automatically the first time in a kernel.
 */
export function plotlyInit(): void {
  if (displayBundle({ 'text/html': plotlyLibraryHtml(), 'text/plain': '<plotly.js loaded>' })) plotlyInlinedInKernel = true;
}

/** Throws unless `height` (a figure's height option, named `name` in the error) is undefined or a number of pixels in [100, 10000]. */
export function checkFigureHeight(height: unknown, name = 'options.height'): void {
  if (height !== undefined && !(typeof height === 'number' && height >= 100 && height <= 10_000)) {
    throw new InvalidArgumentError(name, height, 'expected a height in pixels in [100, 10000]');
  }
}

/** A `<div>` + `<script>` drawing `figure` once window.Plotly exists (it waits up to 10 s). */
export function figureHtml(figure: Figure, options: { height?: number; id?: string } = {}): string {
  if (typeof figure !== 'object' || figure === null) throw new InvalidArgumentError('figure', figure, 'expected a figure { data, layout }');
  options = checkOptions('options', options);
  checkFigureHeight(options.height);
  if (options.id !== undefined && !(typeof options.id === 'string' && /^[A-Za-z][\w-]*$/.test(options.id))) throw new InvalidArgumentError('options.id', options.id, 'expected an HTML id (a letter, then letters, digits, - or _)');
  const id = options.id ?? `ablab-plot-${randomBytes(6).toString('hex')}`;
  const height = options.height ?? Number(figure.layout?.height ?? 420);
  const payload = { data: figure.data, layout: figure.layout ?? {}, config: { responsive: true, ...(figure.config ?? {}) } };
  return `<div id="${id}" class="plotly-graph-div" style="height:${height}px;width:100%;"></div>
<script type="text/javascript">
(function () {
  var fig = ${scriptJson(payload)};
  var tries = 0;
  function draw() {
    var el = document.getElementById(${JSON.stringify(id)});
    if (!el) return;
    if (window.Plotly) { window.Plotly.newPlot(el, fig.data, fig.layout, fig.config); return; }
    if (++tries < 200) { setTimeout(draw, 50); return; }
    el.textContent = 'plotly.js is not loaded: re-run the cell that calls plotlyInit().';
  }
  draw();
})();
</script>`;
}

/**
 * The standalone pages' stylesheet (same palette as the notebook report template,
 * scripts/nbconvert/ablab/ablab.css); --ablab-report-style is the sentinel scripts/checkReport.ts reads.
 */
const STANDALONE_CSS = `:root{--ablab-report-style:applied}
body{margin:0 auto;padding:24px 28px 64px;max-width:1100px;color:#1f2328;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
h1{font-size:1.8em;padding-bottom:.3em;border-bottom:1px solid #d1d9e0}h2{font-size:1.35em;margin-top:1.6em;padding-bottom:.25em;border-bottom:1px solid #d1d9e0}
.ablab-table{overflow-x:auto;max-width:100%}table.dataframe{border:none;border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums;margin:6px 0 10px}
table.dataframe td,table.dataframe th{border:none;border-bottom:1px solid #d1d9e0;padding:4px 8px;text-align:right;white-space:nowrap}
table.dataframe th{white-space:normal;vertical-align:bottom}
table.dataframe thead th{border-bottom:2px solid #1f2328}table.dataframe tbody tr:nth-child(even){background:#f6f8fa}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:8px 12px}
.plotly-graph-div{max-width:100%}.note{color:#59636e;font-size:.9em}`;

/** A self-contained HTML page (plotly.js inlined, works offline) with the given figures and HTML blocks. */
export function standaloneHtml(title: string, blocks: (Figure | string)[]): string {
  if (typeof title !== 'string') throw new InvalidArgumentError('title', title, 'expected a string');
  if (!Array.isArray(blocks)) throw new InvalidArgumentError('blocks', blocks, 'expected an array of figures and HTML strings');
  blocks.forEach((b, i) => {
    if (typeof b !== 'string' && (typeof b !== 'object' || b === null || !Array.isArray((b as Figure).data))) throw new InvalidArgumentError(`blocks[${i}]`, b, 'expected a figure { data, layout } or an HTML string');
  });
  const body = blocks.map((b) => (typeof b === 'string' ? b : figureHtml(b))).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STANDALONE_CSS}</style>
<script type="text/javascript">${plotlyJsSource()}</script></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

function figureTitle(figure: Figure): string {
  const title = figure.layout?.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') return (title as { text: string }).text;
  return 'figure';
}

export interface ShowOptions {
  height?: number;
  /** Outside a notebook: where to write the HTML file (default ./ablab-plots/<title>.html). */
  file?: string;
}

/**
 * Displays a Plotly figure. In a notebook: one output with the Plotly MIME type, HTML (plotly.js
 * inlined the first time) and a text summary. In plain Node: writes a standalone HTML file and
 * prints its path.
 * @returns the path of the written file outside a notebook, else undefined.
 */
export function show(figure: Figure, options: ShowOptions = {}): string | undefined {
  const text = `<Plotly figure "${figureTitle(figure)}": ${figure.data.length} trace(s)>`;
  if (inNotebook()) {
    let html = figureHtml(figure, options);
    if (!plotlyInlinedInKernel) html = `${plotlyLibraryHtml()}\n${html}`;
    plotlyInlinedInKernel = true;
    displayBundle({
      'application/vnd.plotly.v1+json': { data: figure.data, layout: figure.layout ?? {}, config: figure.config ?? {} },
      'text/html': html,
      'text/plain': text,
    });
    return undefined;
  }
  const file = resolve(options.file ?? join('ablab-plots', `${figureTitle(figure).replace(/[^\w.-]+/g, '_').slice(0, 80)}.html`));
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, standaloneHtml(figureTitle(figure), [figure]));
  console.log(`${text} written to ${file}`);
  return file;
}
