/**
 * Progress for long loops (training epochs, grid runs, resampling): a bar updated in place in the
 * notebook, a bar redrawn on one line in an interactive terminal, and in logs (output not a
 * terminal) one line per finished step — each count printed once, messages alone print nothing.
 */
import { randomBytes } from 'node:crypto';
import { assertInteger, checkOptions } from '../core/validate.js';
import { displayBundle, escapeHtml, inNotebook } from './kernel.js';

export interface Progress {
  /** Sets the number of finished steps, with an optional status message. */
  update(done: number, message?: string): void;
  /** Advances by `steps` (default 1). */
  tick(steps?: number, message?: string): void;
  /** Marks the work finished (draws 100% and ends the terminal line). */
  finish(message?: string): void;
  /** A `(done, total)` callback for APIs that report progress that way. */
  readonly callback: (done: number, total: number) => void;
}

export interface ProgressOptions {
  label?: string;
  /** Minimum milliseconds between redraws (default 250); the final state is always drawn. */
  throttleMs?: number;
  /** Where terminal output goes (default process.stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * True when progress is drawn in place (a notebook, or `stream` is a terminal); false when it can
 * only append lines to a log, where callers that already log every step should not add a bar.
 * @example
 * if (!isLiveProgress()) console.log(`run ${k}/${n} done`);
 */
export function isLiveProgress(stream: { isTTY?: boolean } = process.stderr): boolean {
  stream = checkOptions('stream', stream);
  return inNotebook() || stream.isTTY === true;
}

/**
 * A duration for people: '42s', '3m05s', '2h10m'; '?' when unknown.
 * @example
 * formatDuration(4230); // '1h10m'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Creates a progress display for `total` steps.
 * @throws {InvalidArgumentError} if `total` is not a non-negative integer.
 * @example
 * const progress = createProgress(10, { label: 'runs' });
 * for (let i = 0; i < 10; i++) { doRun(i); progress.tick(); }
 * progress.finish();
 */
export function createProgress(total: number, options: ProgressOptions = {}): Progress {
  assertInteger('total', total, 0);
  const label = options.label ?? 'progress';
  const throttleMs = options.throttleMs ?? 250;
  const stream = options.stream ?? process.stderr;
  const notebook = inNotebook();
  const displayId = `ablab-progress-${randomBytes(6).toString('hex')}`;
  const start = Date.now();
  let done = 0;
  let lastDraw = -Infinity;
  let lastLoggedDecile = -1;
  let lastLoggedDone = 0; // a log starts with the first finished step
  let displayed = false;
  let finished = false;

  const summary = (message?: string): string => {
    const elapsed = (Date.now() - start) / 1000;
    const eta = done > 0 && done < total ? ` eta ${formatDuration((elapsed / done) * (total - done))}` : '';
    return `${label}: ${done}/${total} (${total ? Math.round((100 * done) / total) : 100}%) ${formatDuration(elapsed)}${eta}${message ? ` — ${message}` : ''}`;
  };

  const draw = (message: string | undefined, force: boolean): void => {
    const now = Date.now();
    // Log lines are already limited to one per step or decile; throttling them would drop counts.
    if (!force && now - lastDraw < throttleMs && (notebook || stream.isTTY)) return;
    lastDraw = now;
    const text = summary(message);
    const fraction = total ? done / total : 1;
    if (notebook) {
      const html = `<div style="font-family:monospace"><progress value="${done}" max="${total}" style="width:40%"></progress> ${escapeHtml(text)}</div>`;
      displayBundle({ 'text/html': html, 'text/plain': text }, { displayId, update: displayed });
      displayed = true;
    } else if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
    } else {
      // Logs (CI, files): a line per finished step for short loops, else one per 10%, and the end;
      // never the same count twice (message-only updates and finish() after the last step add nothing).
      const decile = Math.floor(fraction * 10);
      if (done !== lastLoggedDone && (total <= 20 || decile > lastLoggedDecile || done === total)) {
        lastLoggedDecile = decile;
        lastLoggedDone = done;
        stream.write(`${text}\n`);
      }
    }
  };

  const progress: Progress = {
    update(value, message) {
      done = Math.min(Math.max(0, value), total);
      draw(message, done === total);
    },
    tick(steps = 1, message) {
      progress.update(done + steps, message);
    },
    finish(message) {
      if (finished) return;
      finished = true;
      done = total;
      draw(message, true);
      if (!notebook && stream.isTTY) stream.write('\n');
    },
    callback: (value: number) => progress.update(value),
  };
  return progress;
}
