// Password hashing with scrypt from node:crypto: memory-hard, maintained with Node itself, and no native add-on to
// build (argon2 and bcrypt need one); parameters are stored with each hash so they can be raised later.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from './accounts.js';

const N = 16384;
const r = 8;
const p = 1;
const KEYLEN = 32;

const derive = (password: string, salt: Buffer, n: number, rr: number, pp: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEYLEN, { N: n, r: rr, p: pp, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

/** `scrypt$N$r$p$salt$key` (base64url). */
async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (stored === null) {
    await derive(password, DUMMY_SALT, N, r, p);
    return false;
  }
  const [scheme, n, rr, pp, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(rr), Number(pp));
  return got.length === want.length && timingSafeEqual(got, want);
}

/** For an unknown email the same work is done, so a sign-in's timing does not say whether the account exists. */
const DUMMY_SALT = Buffer.alloc(16);

export const scryptPasswords: PasswordHasher = { hash: hashPassword, verify: verifyPassword };
