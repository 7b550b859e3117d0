// Admin token and write keys: random secrets shown once; only their SHA-256 is stored, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secrets } from './http/credentials.js';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(24).toString('base64url')}`;

function matchesHash(secret: string, hash: string): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const nodeSecrets: Secrets = { hash: sha256, matches: matchesHash, mint: newSecret };
