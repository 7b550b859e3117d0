// UUIDv7 (RFC 9562): time-ordered ids, so events sort by creation and the collector's index stays append-mostly.
let lastMs = -1;
let counter = 0;

/** A UUIDv7; ids made in the same millisecond still sort in creation order (12-bit counter in rand_a). */
export function uuidv7(now: number = Date.now()): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  if (now > lastMs) {
    lastMs = now;
    counter = b[6]! << 3; // random start below 0x800 leaves room to count up
  } else if (++counter > 0xfff) {
    lastMs++; // counter exhausted: borrow the next millisecond rather than break ordering
    counter = 0;
  }
  const hex = (lastMs.toString(16).padStart(12, '0') + (0x7000 + counter).toString(16)) +
    Array.from(b.subarray(8), (x, i) => (i ? x : 0x80 | (x & 0x3f)).toString(16).padStart(2, '0')).join('');
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

/** Milliseconds since the epoch encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
