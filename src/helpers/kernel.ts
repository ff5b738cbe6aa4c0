/**
 * Bridge to the running tslab kernel. tslab's public `display` sends one MIME type per message;
 * rich outputs (Plotly for JupyterLab + HTML for Notebook 6 and nbconvert + plain text) need one
 * message carrying a whole bundle, so we call the kernel's own writer. Outside a kernel every
 * function here reports "not in a notebook" instead of throwing, so library code degrades to
 * terminal output.
 */

/** A Jupyter MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, unknown>;

type DisplayWriter = (message: { data: MimeBundle; metadata: object; transient: { display_id?: string } }, update: boolean) => void;

const TSLAB_JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** The kernel's display writer while a tslab cell is executing, else null. */
function kernelWriter(): DisplayWriter | null {
  // Only look at modules the kernel already loaded: requiring tslab here would start nothing
  // useful in plain Node and would pull in zeromq.
  for (const mod of Object.values(require.cache)) {
    if (mod && TSLAB_JUPYTER_MODULE.test(mod.filename)) {
      const writer = (mod.exports as { lastWriteDisplayData?: unknown }).lastWriteDisplayData;
      if (typeof writer === 'function') return writer as DisplayWriter;
    }
  }
  return null;
}

/** True when running inside a tslab (Jupyter) kernel. */
export function inNotebook(): boolean {
  return kernelWriter() !== null;
}

/**
 * Sends a MIME bundle to the notebook. With `displayId`, a later call with `update: true` and the
 * same id replaces that output in place (Jupyter's update_display_data).
 * @returns false when not running in a notebook (nothing is sent).
 */
export function displayBundle(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): boolean {
  const writer = kernelWriter();
  if (!writer) return false;
  writer({ data, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update === true);
  return true;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
