// Deterministic bucketing: MurmurHash3 (x86, 32-bit) seeded with FNV-1a 32 of the experiment seed. Spec in CONFIG.md.

/** Global in browsers and Node alike; declared here so spec.ts type-checks with neither DOM nor Node types. */
declare const TextEncoder: new () => { encodeInto(source: string, into: Uint8Array): { written: number } };

const encoder = /* @__PURE__ */ new TextEncoder();
let buffer = new Uint8Array(256);

/**
 * UTF-8 bytes of `input` written into a reused buffer (lone surrogates become U+FFFD): `encode()` allocated an
 * array per call and was most of assign()'s cost. Returns the byte length.
 */
function utf8(input: string): number {
  if (buffer.length < input.length * 3) buffer = new Uint8Array(input.length * 3);
  return encoder.encodeInto(input, buffer).written;
}

/** FNV-1a, 32-bit, over the UTF-8 bytes of `input`. */
export function fnv1a32(input: string): number {
  const len = utf8(input);
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) {
    h ^= buffer[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3 x86 32-bit over the UTF-8 bytes of `input`. */
export function murmur3(input: string, seed = 0): number {
  const len = utf8(input);
  const bytes = buffer;
  const tail = len & ~3;
  let h = seed >>> 0;
  let k: number;
  for (let i = 0; i < tail; i += 4) {
    k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = len & 3;
  if (rest) {
    k = 0;
    if (rest === 3) k ^= bytes[tail + 2]! << 16;
    if (rest >= 2) k ^= bytes[tail + 1]! << 8;
    k ^= bytes[tail]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export const BUCKETS = 10_000;

/** The 32-bit hash of `unit` under `seed`: murmur3(unit, fnv1a32(seed)). */
export const hash = (seed: string, unit: string): number => murmur3(unit, fnv1a32(seed));

/** Bucket 0..9999: the hash scaled down (high bits), so every bucket gets 429,496 or 429,497 hashes. */
export const bucket = (seed: string, unit: string): number => Math.floor((hash(seed, unit) * BUCKETS) / 2 ** 32);
