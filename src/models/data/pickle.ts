/**
 * A minimal, safe reader of Python pickles, enough for CIFAR's python layout (cifar-10-batches-py):
 * dicts, lists, tuples, ints, floats, byte and unicode strings, and uint8 numpy arrays. It never runs
 * code: the only callables it knows are numpy's array reconstructors, numpy.dtype and _codecs.encode;
 * any other global is rejected. Covers pickle protocols 2–5 as written by Python 2's cPickle (the
 * official files), Python 3 and numpy (in-band buffers).
 * Reference: CPython Lib/pickle.py and Lib/pickletools.py (opcode meanings).
 */
import { InvalidArgumentError } from '../../core/errors.js';

/** A numpy array as read from a pickle: its shape, dtype string (e.g. '|u1') and raw bytes (C order). */
export interface PickledArray {
  kind: 'ndarray';
  shape: number[];
  dtype: string;
  data: Uint8Array;
}

/** Values a pickle can hold here. Python str and bytes both become strings or Uint8Arrays as written. */
export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | PickleDict | PickledArray;

/** A Python dict; bytes keys (Python 2 str, or b'...') are decoded as Latin-1 strings. */
export interface PickleDict {
  kind: 'dict';
  entries: Map<string, PickleValue>;
}

interface Global { kind: 'global'; name: string }
interface Dtype { kind: 'dtype'; dtype: string }
const MARK_ITEM: unique symbol = Symbol('mark');
type StackItem = PickleValue | Global | Dtype | typeof MARK_ITEM;

const NUMPY_RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']);
const NUMPY_FROMBUFFER = new Set(['numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer']);
const KNOWN_GLOBALS = new Set([...NUMPY_RECONSTRUCT, ...NUMPY_FROMBUFFER, 'numpy.ndarray', 'numpy.dtype', '_codecs.encode']);

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

function dictKey(key: StackItem, name: string): string {
  if (typeof key === 'string') return key;
  if (key instanceof Uint8Array) return latin1(key);
  throw new InvalidArgumentError(name, String(key), 'expected a pickle whose dict keys are strings');
}

/**
 * Reads one pickled object.
 * @param name how the caller calls the bytes (a file name), used in errors.
 * @throws InvalidArgumentError for a truncated or unsupported pickle (naming the opcode and offset),
 *   or a global other than numpy's array reconstruction.
 * @example
 * const batch = readPickle(readFileSync('data/cifar-10-batches-py/test_batch'), 'test_batch');
 * (batch as PickleDict).entries.get('labels'); // [3, 8, 8, 0, ...]
 */
export function readPickle(bytes: Uint8Array, name = 'pickle'): PickleValue {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(name, bytes, 'expected the bytes of a pickle (Uint8Array)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, StackItem>();
  let pos = 0;
  let opcodeAt = 0;
  const fail = (why: string): never => {
    throw new InvalidArgumentError(name, `byte ${opcodeAt} of ${bytes.length}`, `not a readable pickle: ${why}`);
  };
  const need = (n: number) => { if (pos + n > bytes.length) fail('truncated'); };
  const u8 = () => { need(1); return bytes[pos++]; };
  const u16 = () => { need(2); pos += 2; return view.getUint16(pos - 2, true); };
  const u32 = () => { need(4); pos += 4; return view.getUint32(pos - 4, true); };
  const i32 = () => { need(4); pos += 4; return view.getInt32(pos - 4, true); };
  const u64 = () => { need(8); pos += 8; const v = view.getBigUint64(pos - 8, true); if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('length too large'); return Number(v); };
  const take = (n: number) => { need(n); pos += n; return bytes.subarray(pos - n, pos); };
  const line = () => { const end = bytes.indexOf(0x0a, pos); if (end < 0) fail('unterminated text argument'); const text = latin1(bytes.subarray(pos, end)); pos = end + 1; return text; };
  const utf8 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  const pop = (): StackItem => { if (stack.length === 0) fail('stack underflow'); return stack.pop()!; };
  const popMark = (): StackItem[] => {
    const at = stack.lastIndexOf(MARK_ITEM);
    if (at < 0) fail('no MARK');
    const items = stack.splice(at);
    return items.slice(1);
  };
  const global = (module: string, attr: string): Global => {
    const full = `${module}.${attr}`;
    if (!KNOWN_GLOBALS.has(full)) fail(`refusing global ${full} (only numpy arrays are read)`);
    return { kind: 'global', name: full };
  };
  const asBytes = (v: StackItem): Uint8Array => {
    if (v instanceof Uint8Array) return v;
    if (typeof v === 'string') return Uint8Array.from(Buffer.from(v, 'latin1'));
    return fail('expected bytes for an array buffer');
  };
  const dtypeOf = (v: StackItem): string => ((v as Dtype)?.kind === 'dtype' ? (v as Dtype).dtype : fail('expected a numpy dtype'));
  const shapeOf = (v: StackItem): number[] => (Array.isArray(v) && v.every((d) => typeof d === 'number') ? v as number[] : fail('expected an array shape'));
  const call = (fn: StackItem, args: StackItem): StackItem => {
    if ((fn as Global)?.kind !== 'global' || !Array.isArray(args)) return fail('REDUCE of something that is not a known callable');
    const f = (fn as Global).name;
    if (NUMPY_RECONSTRUCT.has(f)) return { kind: 'ndarray', shape: [], dtype: '', data: new Uint8Array(0) };
    if (NUMPY_FROMBUFFER.has(f)) {
      const [buffer, dtype, shape, order] = args as StackItem[];
      if (order !== 'C') fail(`array order ${String(order)} (only C order is read)`);
      return { kind: 'ndarray', shape: shapeOf(shape), dtype: dtypeOf(dtype), data: asBytes(buffer) };
    }
    if (f === 'numpy.dtype') return { kind: 'dtype', dtype: String(typeof args[0] === 'string' ? args[0] : latin1(asBytes(args[0] as StackItem))) };
    if (f === '_codecs.encode') return asBytes(args[0] as StackItem);
    return fail(`cannot call ${f}`);
  };
  const build = (target: StackItem, state: StackItem): void => {
    if ((target as Dtype)?.kind === 'dtype') {
      // dtype state: (version, byte order, ...): fold '|', '<', '>' into the dtype string.
      const order = Array.isArray(state) ? state[1] : undefined;
      const text = typeof order === 'string' ? order : order instanceof Uint8Array ? latin1(order) : '';
      (target as Dtype).dtype = `${text}${(target as Dtype).dtype}`;
      return;
    }
    if ((target as PickledArray)?.kind === 'ndarray' && Array.isArray(state) && state.length === 5) {
      const [, shape, dtype, fortran, raw] = state as StackItem[];
      if (fortran !== false && fortran !== 0) fail('Fortran-ordered array');
      Object.assign(target as PickledArray, { shape: shapeOf(shape), dtype: dtypeOf(dtype), data: asBytes(raw) });
      return;
    }
    fail('BUILD of an unsupported object');
  };

  for (;;) {
    opcodeAt = pos;
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: framing only, the data follows inline
      case 0x2e: { // STOP
        const value = pop();
        if (value === MARK_ITEM || (value as Global)?.kind === 'global' || (value as Dtype)?.kind === 'dtype') fail('STOP on a non-value');
        return value as PickleValue;
      }
      case 0x28: stack.push(MARK_ITEM); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x8a: { // LONG1: little-endian two's complement
        const b = take(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (b.length > 0 && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: { need(8); pos += 8; stack.push(view.getFloat64(pos - 8, false)); break; } // BINFLOAT (big-endian)
      case 0x55: stack.push(take(u8())); break; // SHORT_BINSTRING (Python 2 str, read as bytes)
      case 0x54: stack.push(take(u32())); break; // BINSTRING
      case 0x43: stack.push(take(u8())); break; // SHORT_BINBYTES
      case 0x42: stack.push(take(u32())); break; // BINBYTES
      case 0x8e: stack.push(take(u64())); break; // BINBYTES8
      case 0x96: stack.push(take(u64())); break; // BYTEARRAY8
      case 0x8c: stack.push(utf8(take(u8()))); break; // SHORT_BINUNICODE
      case 0x58: stack.push(utf8(take(u32()))); break; // BINUNICODE
      case 0x8d: stack.push(utf8(take(u64()))); break; // BINUNICODE8
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x85: stack.push([pop()] as PickleValue[]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b] as PickleValue[]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c] as PickleValue[]); break; } // TUPLE3
      case 0x74: stack.push(popMark() as PickleValue[]); break; // TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark() as PickleValue[]); break; // LIST
      case 0x61: { const item = pop(); const list = stack[stack.length - 1]; if (!Array.isArray(list)) fail('APPEND to a non-list'); (list as StackItem[]).push(item); break; } // APPEND
      case 0x65: { const items = popMark(); const list = stack[stack.length - 1]; if (!Array.isArray(list)) fail('APPENDS to a non-list'); (list as StackItem[]).push(...items); break; } // APPENDS
      case 0x7d: stack.push({ kind: 'dict', entries: new Map() }); break; // EMPTY_DICT
      case 0x73: case 0x75: { // SETITEM, SETITEMS
        const items: StackItem[] = op === 0x73 ? [pop(), pop()].reverse() as StackItem[] : popMark();
        const dict = stack[stack.length - 1] as PickleDict;
        if (dict?.kind !== 'dict' || items.length % 2 !== 0) fail('SETITEM(S) on a non-dict');
        for (let i = 0; i < items.length; i += 2) dict.entries.set(dictKey(items[i], name), items[i + 1] as PickleValue);
        break;
      }
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { const attr = pop(); const module = pop(); if (typeof module !== 'string' || typeof attr !== 'string') fail('STACK_GLOBAL of non-strings'); stack.push(global(module as string, attr as string)); break; }
      case 0x52: { const args = pop(); stack.push(call(pop(), args)); break; } // REDUCE
      case 0x62: { const state = pop(); build(stack[stack.length - 1], state); break; } // BUILD
      case 0x71: memo.set(u8(), stack[stack.length - 1]); break; // BINPUT
      case 0x72: memo.set(u32(), stack[stack.length - 1]); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, stack[stack.length - 1]); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) fail(`memo ${key} not set`);
        stack.push(memo.get(key)!);
        break;
      }
      default:
        fail(`unsupported opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}
