// Secrets from the Authorization header, and the hashing the routes need, as an interface (Node's crypto behind it).

/** Hashes and mints secrets: only a secret's hash is stored, compared in constant time. */
export interface Secrets {
  hash(secret: string): string;
  matches(secret: string, hash: string): boolean;
  /** a new random secret, e.g. `wk_...` */
  mint(prefix: string): string;
}

/** Base64 as Node reads it: other characters skipped, url-safe letters and missing padding accepted. */
function decodeBase64(text: string): string {
  let b64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '');
  if (b64.length % 4 === 1) b64 = b64.slice(0, -1);
  const bytes = Uint8Array.from(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')), (ch) => ch.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * The secret from `Authorization: Bearer x`, or from Basic auth's user name (Segment sends `writeKey:`). Strict: one
 * scheme, spaces, one token of visible ASCII (RFC 6750 / 7617); anything else (`Bearer x extra`) is no credential.
 */
export function credentials(header: string | undefined): { bearer?: string; basicUser?: string } {
  const m = /^(bearer|basic) +([\x21-\x7e]+)$/i.exec(header ?? '');
  if (!m) return {};
  if (m[1]!.toLowerCase() === 'bearer') return { bearer: m[2]! };
  const decoded = decodeBase64(m[2]!);
  const i = decoded.indexOf(':');
  return { basicUser: i < 0 ? decoded : decoded.slice(0, i) };
}
