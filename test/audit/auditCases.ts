/**
 * The bad-input audit (stdlib-js style, generated from the barrel so every new export is covered):
 * every exported function is called with each bad value in each of its first argument positions
 * (the other arguments left out). Each call must throw a typed error (AblabError) or return a
 * value without NaN; anything else is counted: an untyped error ('crash', e.g. a raw TypeError),
 * a NaN in the result ('nan'), a call that does not finish ('hang') or that kills the process ('killed').
 */

/** Bad values every argument position is tried with. */
export const BAD_VALUES: [string, unknown][] = [
  ['undefined', undefined], ['null', null], ['NaN', NaN], ['Infinity', Infinity], ['-1', -1], ['1e12', 1e12], ['1.5', 1.5],
  ['""', ''], ['"abc"', 'abc'], ['{}', {}], ['[]', []], ['[NaN, 1]', [NaN, 1]], ['[1e308, -1e308]', [1e308, -1e308]], ['true', true],
];

/**
 * Exports not called: they change process-wide state by design (tfjs backend and kernels,
 * display output), so calling them with junk tests nothing about input handling.
 */
export const NOT_CALLED = new Set(['show', 'registerTrainingKernels', 'restoreStockKernels', 'selectBackend', 'ensureBackend', 'createProgress']);

export interface AuditCall {
  name: string;
  position: number;
  value: string;
  run: () => unknown;
}

export type Outcome = 'typed' | 'ok' | 'crash' | 'nan' | 'hang' | 'killed';

const isClass = (f: Function) => /^class\b/.test(Function.prototype.toString.call(f));

/** Every (function, position, bad value) call, in a fixed order. */
export function auditCalls(api: Record<string, unknown>): AuditCall[] {
  const calls: AuditCall[] = [];
  for (const name of Object.keys(api).sort()) {
    const f = api[name];
    if (typeof f !== 'function' || isClass(f) || NOT_CALLED.has(name)) continue;
    const positions = Math.min(Math.max(f.length, 1), 3);
    for (let position = 0; position < positions; position++) {
      for (const [label, value] of BAD_VALUES) {
        const args: unknown[] = [];
        args[position] = structuredCloneSafe(value);
        calls.push({ name, position, value: label, run: () => (f as (...a: unknown[]) => unknown)(...args) });
      }
    }
  }
  return calls;
}

function structuredCloneSafe(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : typeof value === 'object' && value !== null ? { ...value } : value;
}

/** Whether `value` holds a NaN (in itself, or in properties and elements down to depth 3). */
export function containsNaN(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return Number.isNaN(value);
  if (depth > 3 || typeof value !== 'object' || value === null) return false;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>).slice(0, 100).some((v) => Number.isNaN(v));
  const entries = Array.isArray(value) ? value.slice(0, 100) : Object.values(value).slice(0, 100);
  return entries.some((v) => containsNaN(v, depth + 1));
}

/** Runs one call (awaiting a promise up to `asyncTimeoutMs`) and classifies what happened. */
export async function classify(call: AuditCall, asyncTimeoutMs = 5000): Promise<{ outcome: Outcome; message?: string }> {
  const judgeError = (error: unknown) => {
    const typed = error instanceof Error && isAblabError(error);
    return { outcome: typed ? 'typed' as const : 'crash' as const, message: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error) };
  };
  try {
    let result = call.run();
    if (result instanceof Promise) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), asyncTimeoutMs); });
      result = await Promise.race([result, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') return { outcome: 'hang', message: `promise still pending after ${asyncTimeoutMs} ms` };
    }
    return containsNaN(result) ? { outcome: 'nan' } : { outcome: 'ok' };
  } catch (error) {
    return judgeError(error);
  }
}

/** AblabError by its prototype chain's names (the child may load a second copy of the module). */
function isAblabError(error: Error): boolean {
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === 'AblabError') return true;
  }
  return false;
}
