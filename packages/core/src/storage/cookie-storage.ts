// Cookie adapter for sites that want ids shared across subdomains; values over the cookie size limit are refused.
import type { NudgeStorage } from './storage.js';

export interface CookieStorageOptions {
  /** e.g. `.shop.example` to share across subdomains. */
  domain?: string;
  /** Lifetime in days (default 365). */
  days?: number;
}

const MAX_COOKIE = 3800;

/* @__NO_SIDE_EFFECTS__ */
export function cookieStorage(options: CookieStorageOptions = {}): NudgeStorage {
  const doc = typeof document === 'object' ? document : undefined;
  const attrs = `;path=/;SameSite=Lax${options.domain ? `;domain=${options.domain}` : ''}${
    typeof location === 'object' && location.protocol === 'https:' ? ';Secure' : ''
  }`;
  const all = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const part of (doc?.cookie ?? '').split('; ')) {
      const i = part.indexOf('=');
      if (i > 0) {
        try {
          out[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
        } catch {}
      }
    }
    return out;
  };
  const write = (k: string, v: string, age: number) => {
    if (doc) doc.cookie = `${encodeURIComponent(k)}=${encodeURIComponent(v)};max-age=${age}${attrs}`;
  };
  return {
    get: (k) => all()[k] ?? null,
    set: (k, v) => {
      if (!doc || encodeURIComponent(v).length > MAX_COOKIE) return false;
      write(k, v, Math.round((options.days ?? 365) * 86400));
      return all()[k] === v;
    },
    remove: (k) => write(k, '', 0),
    keys: () => Object.keys(all()),
  };
}
