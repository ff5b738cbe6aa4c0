/**
 * Valid calls of the public functions, taken from the JSDoc @example blocks in src/: each block is
 * run against a copy of the barrel whose functions record their first call's arguments. The
 * options audit varies one option of such a call at a time, so a bad option is met with every
 * other argument valid (a bad option behind an invalid first argument would test nothing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** One @example block: the file it is in and its code (comment markers and output comments removed). */
export interface ExampleBlock { file: string; code: string }

/** Every @example block under `dir`, in a fixed order (files sorted, then position in the file). */
export function exampleBlocks(dir: string): ExampleBlock[] {
  const blocks: ExampleBlock[] = [];
  for (const file of sourceFiles(dir)) {
    for (const [, comment] of readFileSync(file, 'utf8').matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const lines = comment.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
      const start = lines.findIndex((line) => /^\s*@example\b/.test(line));
      if (start < 0) continue;
      const code: string[] = [lines[start].replace(/^\s*@example\s*/, '')];
      for (const line of lines.slice(start + 1)) {
        if (/^\s*@\w+/.test(line)) break;
        code.push(line);
      }
      blocks.push({ file, code: code.join('\n').trim() });
    }
  }
  return blocks.filter((b) => b.code.length > 0);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Runs `block` with the names of `api` in scope, calling `recorded` (the same functions, wrapped to
 * record their arguments); resolves when it finishes (or throws: an example written against
 * variables it does not define, such as `runs`, records nothing after that point).
 */
export async function runExample(block: ExampleBlock, recorded: Record<string, unknown>): Promise<void> {
  const js = ts.transpileModule(`(async () => {\n${block.code}\n})`, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  const names = Object.keys(recorded).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  const body = `return ${js.trim().replace(/;$/, '')};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function(...names, body) as (...values: unknown[]) => () => Promise<void>;
  await make(...names.map((name) => recorded[name]))();
}

/** A copy of `api` whose functions record the arguments of their first call into `calls`. */
export function recordingApi(api: Record<string, unknown>, calls: Map<string, unknown[]>): Record<string, unknown> {
  const recorded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== 'function' || /^class\b/.test(Function.prototype.toString.call(value))) {
      recorded[name] = value;
      continue;
    }
    recorded[name] = function (this: unknown, ...args: unknown[]) {
      if (!calls.has(name)) calls.set(name, args.map(cloneArgument));
      return (value as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  return recorded;
}

/** A copy of a call argument that the call cannot change: plain objects and arrays deeply, typed arrays sliced, the rest shared. */
export function cloneArgument(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneArgument);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as unknown as Float64Array).slice();
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneArgument(v)]));
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
