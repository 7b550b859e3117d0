// UUIDv7 (RFC 9562): time-ordered ids, so events sort by creation and the collector's index stays append-mostly.
let lastMs = -1;
let counter = 0;

/** A UUIDv7; ids made in the same millisecond still sort in creation order (12-bit counter in rand_a). */
export function uuidv7(now: number = Date.now()): string {
  const b = new Uint8Array(16);
  const c = globalThis.crypto;
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
  if (now > lastMs) {
    lastMs = now;
    counter = ((b[6]! << 8) | b[7]!) & 0x7ff; // random start, room left to count up
  } else if (++counter > 0xfff) {
    lastMs++; // counter exhausted: borrow the next millisecond rather than break ordering
    counter = 0;
  }
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  let h = '';
  for (let i = 0; i < 16; i++) h += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (b[i]! + 256).toString(16).slice(1);
  return h;
}

/** Milliseconds since the epoch encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
