// UUIDv7 (RFC 9562): time-ordered ids, so events sort by creation and the collector's index stays append-mostly.
let lastMs = -1;
let counter = 0;
/** Random bytes drawn 128 ids at a time: one getRandomValues call per id cost more than the rest of track(). */
let pool = new Uint8Array(0);
let at = 0;
/** Two hex digits. Not a table built with Array.from: a host page's polyfill of it may ignore the map function. */
const hex = (b: number) => (b + 256).toString(16).slice(1);

/** A UUIDv7; ids made in the same millisecond still sort in creation order (12-bit counter in rand_a). */
export function uuidv7(now: number = Date.now()): string {
  if (at + 9 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(1152));
    at = 0;
  }
  if (now > lastMs) {
    lastMs = now;
    counter = pool[at]! << 3; // random start below 0x800 leaves room to count up
  } else if (++counter > 0xfff) {
    lastMs++; // counter exhausted: borrow the next millisecond rather than break ordering
    counter = 0;
  }
  const ms = lastMs.toString(16).padStart(12, '0');
  let id = `${ms.slice(0, 8)}-${ms.slice(8)}-${hex(0x70 | (counter >> 8))}${hex(counter & 0xff)}-${hex(0x80 | (pool[at + 1]! & 0x3f))}${hex(pool[at + 2]!)}-`;
  for (let i = 3; i < 9; i++) id += hex(pool[at + i]!);
  at += 9;
  return id;
}

/** Milliseconds since the epoch encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
