// UTF-8 handling of the hand-written encoder must match TextEncoder byte for byte, or other languages diverge.
import { describe, expect, it } from 'vitest';
import { fnv1a32 } from './hash.js';

const reference = (s: string) => {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
};

describe('utf8 encoding inside the hashes', () => {
  it.each([
    '',
    'ascii',
    'café',
    '顾客-42',
    '😀 emoji',
    'lone \ud800 high',
    'lone \udc00 low',
    'end \ud83d',
    'x'.repeat(300) + '語',
  ])('%s', (s) => {
    expect(fnv1a32(s)).toBe(reference(s));
  });
});
