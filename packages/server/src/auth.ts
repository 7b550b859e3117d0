// Admin token and write keys: random secrets shown once; only their SHA-256 is stored, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(24).toString('base64url')}`;

export function matchesHash(secret: string, hash: string): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The secret from `Authorization: Bearer x`, or from Basic auth's user name (Segment sends `writeKey:`). Strict: one
 * scheme, spaces, one token of visible ASCII (RFC 6750 / 7617); anything else (`Bearer x extra`) is no credential.
 */
export function credentials(header: string | undefined): { bearer?: string; basicUser?: string } {
  const m = /^(bearer|basic) +([\x21-\x7e]+)$/i.exec(header ?? '');
  if (!m) return {};
  if (m[1]!.toLowerCase() === 'bearer') return { bearer: m[2]! };
  const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return { basicUser: i < 0 ? decoded : decoded.slice(0, i) };
}
