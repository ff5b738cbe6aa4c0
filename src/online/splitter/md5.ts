/**
 * MD5 (RFC 1321) of a string's UTF-8 bytes, reduced to the first four digest bytes. Written in
 * plain JavaScript because, for short ids, it measured about 3× faster than a `node:crypto`
 * `createHash` object per call and about 10% faster than the one-shot `crypto.hash` (which needs
 * Node ≥ 20.12); see bench/splitter.bench.ts. Correctness is checked against Python's hashlib
 * in test/online/splitter.test.ts.
 */

const encoder = new TextEncoder();
let bytes = new Uint8Array(128);
const block = new Int32Array(16);

/** Per-round left-rotation amounts and sine-derived constants of RFC 1321, section 3.4. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

/** Writes `text` as UTF-8 into `bytes` (grown as needed), padded as MD5 requires; returns the padded length. */
function encodePadded(text: string): number {
  let length = text.length;
  let padded = (((length + 8) >>> 6) + 1) << 6;
  if (bytes.length < padded) bytes = new Uint8Array(padded * 2);
  let ascii = true;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      ascii = false;
      break;
    }
    bytes[i] = code;
  }
  if (!ascii) {
    const utf8 = encoder.encode(text);
    length = utf8.length;
    padded = (((length + 8) >>> 6) + 1) << 6;
    if (bytes.length < padded) bytes = new Uint8Array(padded * 2);
    bytes.set(utf8);
  }
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, padded - 8);
  const bitsLow = (length << 3) >>> 0;
  const bitsHigh = Math.floor(length / 0x20000000);
  for (let i = 0; i < 4; i++) {
    bytes[padded - 8 + i] = (bitsLow >>> (8 * i)) & 0xff;
    bytes[padded - 4 + i] = (bitsHigh >>> (8 * i)) & 0xff;
  }
  return padded;
}

/**
 * The first four bytes of `md5(utf8(text))` read as a big-endian unsigned 32-bit integer, i.e.
 * `int(hashlib.md5(text.encode()).hexdigest()[:8], 16)` in Python.
 * Reference: R. Rivest, "The MD5 Message-Digest Algorithm", RFC 1321 (1992).
 * @example md5Prefix32('') // 3558706393 (md5('') = d41d8cd9…, 0xd41d8cd9)
 */
export function md5Prefix32(text: string): number {
  const padded = encodePadded(text);
  let a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
  for (let offset = 0; offset < padded; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + 4 * i;
      block[i] = bytes[j] | (bytes[j + 1] << 8) | (bytes[j + 2] << 16) | (bytes[j + 3] << 24);
    }
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + K[i] + block[g]) | 0;
      const shift = SHIFTS[((i >>> 4) << 2) | (i & 3)];
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  // The digest starts with a0's bytes in little-endian order; reading them big-endian swaps them.
  return (((a0 & 0xff) << 24) | ((a0 & 0xff00) << 8) | ((a0 >>> 8) & 0xff00) | (a0 >>> 24)) >>> 0;
}
