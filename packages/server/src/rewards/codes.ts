// Generated coupon codes: a prefix and random characters a shopper cannot misread.
import { randomInt } from 'node:crypto';

/** Upper-case letters and digits without the look-alikes 0/O, 1/I/L (read aloud, typed from a phone, printed). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `prefix` followed by `length` random characters of the alphabet (crypto random: codes must not be guessable). */
export function generateCode(prefix: string, length: number): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}
