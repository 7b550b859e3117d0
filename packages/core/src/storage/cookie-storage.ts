// Cookie adapter for sites that want ids shared across subdomains; values over the cookie size limit are refused.
import { localStorageAdapter } from './local-storage.js';
import { memoryStorage, type NudgeStorage } from './storage.js';

export interface CookieStorageOptions {
  /** e.g. `.shop.example` to share across subdomains. */
  domain?: string;
  /** Lifetime in days (default 365). */
  days?: number;
  /**
   * Which keys live in cookies (default: the visitor's ids, attribution, audience memory and QA overrides, a few
   * hundred bytes). Every other key (the event queue, the cached config: kilobytes) goes to `rest`: cookies travel
   * with every request to the shop, and a few KB more of them can pass a web server's header limit (nginx: 8 KB).
   */
  keys?: (key: string) => boolean;
  /** Where the other keys go (default: `localStorage` when usable, else memory). */
  rest?: NudgeStorage;
}

const SHARED = /^nudge_(id|attr|memory|force)$/;

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
  const mine = options.keys ?? ((k: string) => SHARED.test(k));
  const rest = options.rest ?? localStorageAdapter() ?? memoryStorage();
  // an older version kept the queue and the config in cookies: let them go, so they stop travelling; a queue's unsent
  // events move to `rest` first (the config is fetched again)
  const jar = all();
  for (const k in jar)
    if (/^nudge_(q\.|config:|ok$)/.test(k) && !mine(k)) {
      if (k.startsWith('nudge_q.') && rest.get(k) === null) rest.set(k, jar[k]!);
      write(k, '', 0);
    }
  return {
    get: (k) => (mine(k) ? (all()[k] ?? null) : rest.get(k)),
    set: (k, v) => {
      if (!mine(k)) return rest.set(k, v);
      if (!doc || encodeURIComponent(v).length > MAX_COOKIE) return false;
      write(k, v, Math.round((options.days ?? 365) * 86400));
      return all()[k] === v;
    },
    remove: (k) => (mine(k) ? write(k, '', 0) : rest.remove(k)),
    keys: () => [...new Set([...Object.keys(all()).filter(mine), ...rest.keys()])],
  };
}
